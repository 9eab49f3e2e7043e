/**
 * A business applicant's organisation on the customer side (issue 16.1): registering it with its
 * KvK number and e-mail domain, proved by a mail code to an address of that domain, and its admin
 * managing the members. A member signs in as every customer does (/volg, mail code or personal
 * link: customer.ts) and gets the same session; these routes only add what an organisation needs.
 * The rules are domain/applicant-organisations.ts. Forms post here and are redirected back
 * (post/redirect/get); a form that is wrong gets a 4xx page that says what to fix, nothing written.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { delegateChangeRefusal, isOfDomain, mailDomain, memberChangeRefusal } from '../../domain/applicant-organisations.ts';
import { type Lang, language } from '../../domain/language.ts';
import { kvkNumber, projectCode } from '../../domain/messages.ts';
import { CODE_MINUTES, issueLoginCode, postedAttempt, redeemLoginCode } from '../auth/login-codes.ts';
import { createSession, currentCustomer, setSessionCookie } from '../auth/sessions.ts';
import { newId } from '../auth/tokens.ts';
import { emailAddress } from '../http/form-fields.ts';
import type { Logger } from '../http/logger.ts';
import { messagePage } from '../http/message-page.ts';
import { clientIp as ip } from '../http/rate-limit.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import { signInLimits } from '../http/sign-in-limits.ts';
import { loginCodeMail } from '../mail/templates.ts';
import type { Store } from '../storage/store.ts';

const pageLanguage = (value: unknown): Lang => language.safeParse(value).data ?? 'nl';
/** The organisation pages in a language: `/volg/organisatie…` in Dutch, `/en/volg/organisatie…` in English. */
export const organisationPath = (lang: Lang, rest = '') => `${lang === 'en' ? '/en' : ''}/volg/organisatie${rest}`;

const registrationForm = z
  .strictObject({
    taal: language.optional(),
    kvk: z.string().trim().pipe(kvkNumber),
    domein: mailDomain,
    email: emailAddress,
  })
  .refine((r) => isOfDomain(r.email, r.domein), { path: ['email'], message: 'ander domein' });

const delegateForm = z.strictObject({
  taal: language.optional(),
  kvk: z.string().pipe(kvkNumber),
  project: projectCode,
  email: emailAddress,
  actie: z.enum(['toevoegen', 'verwijderen']),
});

const memberForm = z.strictObject({
  taal: language.optional(),
  kvk: z.string().pipe(kvkNumber),
  email: emailAddress,
  actie: z.enum(['toevoegen', 'verwijderen']),
});

/** The answers of these routes that are not a page of the site, in both languages. */
const ANSWERS = {
  nl: {
    wrongForm: 'Controleer uw gegevens',
    fields: {
      kvk: 'Vul het KvK-nummer van uw organisatie in: precies acht cijfers, zonder spaties, zoals 12345678.',
      domein:
        'Vul het e-maildomein van uw organisatie in, zoals bouwbedrijf.nl. Domeinen van e-mailaanbieders (zoals gmail.com) kunnen niet: daar kan iedereen een adres hebben.',
      email: 'Vul een e-mailadres in dat eindigt op het opgegeven domein, zoals naam@bouwbedrijf.nl.',
      form: 'Dit formulier is niet volledig. Ga terug en vul het opnieuw in.',
    },
    back: 'Terug naar het formulier',
    taken: {
      title: 'Organisatie is al aangemeld',
      text: 'Deze organisatie heeft al een portfolio bij ons. Vraag de beheerder van uw organisatie om u toe te voegen.',
    },
    tooMany: (minutes: number) => `U heeft het te vaak geprobeerd. Probeer het over ${minutes} minuten opnieuw.`,
    wait: 'Even geduld',
    why: (kvk: string, domain: string) =>
      `U meldt organisatie met KvK-nummer ${kvk} aan bij Traject, met het e-maildomein ${domain}. Met deze code bevestigt u dat dit uw adres is.`,
    member: {
      title: 'Niet gelukt',
      refusals: {
        'geen-beheerder': 'Alleen de beheerder van de organisatie kan leden toevoegen of verwijderen.',
        'ander-domein': 'Een lid heeft een e-mailadres van het domein van de organisatie.',
        zichzelf: 'U kunt uzelf niet verwijderen: de organisatie houdt zo altijd een beheerder.',
        form: 'Vul een geldig e-mailadres in.',
        'onbekend-project': 'Dit project heeft (nog) geen aanvragen van uw organisatie. Kies een project uit de lijst.',
        delegateForm: 'Kies een project en vul een geldig e-mailadres in.',
      },
    },
  },
  en: {
    wrongForm: 'Please check your details',
    fields: {
      kvk: "Enter your organisation's KvK (Chamber of Commerce) number: exactly eight digits, without spaces, such as 12345678.",
      domein:
        "Enter your organisation's e-mail domain, such as builder.nl. Domains of mail providers (such as gmail.com) cannot be used: anyone can have an address there.",
      email: 'Enter an e-mail address that ends in the domain you gave, such as name@builder.nl.',
      form: 'This form is incomplete. Please go back and fill it in again.',
    },
    back: 'Back to the form',
    taken: {
      title: 'Organisation already registered',
      text: 'This organisation already has a portfolio with us. Ask the administrator of your organisation to add you.',
    },
    tooMany: (minutes: number) => `You have tried too often. Please try again in ${minutes} minutes.`,
    wait: 'Please wait',
    why: (kvk: string, domain: string) =>
      `You are registering the organisation with KvK number ${kvk} with Traject, with the e-mail domain ${domain}. This code confirms that this is your address.`,
    member: {
      title: 'That did not work',
      refusals: {
        'geen-beheerder': 'Only the administrator of the organisation can add or remove members.',
        'ander-domein': "A member has an e-mail address of the organisation's domain.",
        zichzelf: 'You cannot remove yourself: that way the organisation always keeps an administrator.',
        form: 'Please enter a valid e-mail address.',
        'onbekend-project': 'This project has no requests of your organisation (yet). Choose a project from the list.',
        delegateForm: 'Choose a project and enter a valid e-mail address.',
      },
    },
  },
} as const;

export type OrganisationRoutesOptions = {
  store: Store;
  log: Logger;
  mailQueued?: () => void;
  windowMs?: number;
};

export function applicantOrganisationRoutes({ store, log, mailQueued, windowMs = 15 * 60_000 }: OrganisationRoutesOptions) {
  const askForCode = signInLimits('organisation', windowMs, store.rateLimits);
  const organisations = store.applicantOrganisations;
  const app = new Hono();
  app.use('/volg/organisatie/*', sameOriginOnly());

  app.post('/volg/organisatie/aanmelden', async (c) => {
    const body = await c.req.parseBody();
    const lang = pageLanguage(body.taal);
    const words = ANSWERS[lang];
    const form = registrationForm.safeParse(body);
    if (!form.success) {
      const field = form.error.issues[0]?.path[0];
      const text = field === 'kvk' || field === 'domein' || field === 'email' ? words.fields[field] : words.fields.form;
      return messagePage(c, 400, words.wrongForm, text, {
        links: [[organisationPath(lang), words.back]],
        lang,
      });
    }
    const { kvk, domein: domain, email } = form.data;
    const limit = await askForCode(ip(c), email);
    if (!limit.ok) {
      return messagePage(c, 429, words.wait, words.tooMany(Math.ceil(limit.retryAfterSeconds / 60)), {
        headers: { 'retry-after': String(limit.retryAfterSeconds) },
        lang,
      });
    }
    // Only an address the organisation's own aanvragen name as their applicant, not any address of
    // its domain (which may be a provider's): the answer is the same either way, so it tells nothing.
    // Not even whether the KvK number is registered already: that 409 comes after the code.
    const attempt = newId();
    const bound = await organisations.applicantAddressOf(kvk, email);
    if (bound) {
      const code = await issueLoginCode(organisations, attempt, { kvk, domain, email }, CODE_MINUTES.customer);
      await store.outbox.enqueue({
        idempotencyKey: `organisatiecode:${attempt}`,
        kind: 'inlogcode',
        to: email,
        ...loginCodeMail(code, CODE_MINUTES.customer, { lang, why: words.why(kvk, domain) }),
      });
      mailQueued?.();
    }
    log({ msg: 'organisation code requested', known: bound });
    return c.redirect(organisationPath(lang, `/code?poging=${attempt}`), 303);
  });

  app.post('/volg/organisatie/code', async (c) => {
    const body = await c.req.parseBody();
    const lang = pageLanguage(body.taal);
    const attempt = postedAttempt(body.poging);
    const code = await redeemLoginCode(organisations, attempt, body.code);
    if (!code) return c.redirect(organisationPath(lang, `/code?poging=${attempt}&fout=onjuist`), 303);
    const at = new Date();
    if (!(await organisations.register(code.kvk, code.domain, code.email, at))) {
      const words = ANSWERS[lang].taken;
      return messagePage(c, 409, words.title, words.text, { lang });
    }
    // The address is proved: it is signed in as any customer is, with the same session.
    const session = await createSession(store.access, code.email);
    setSessionCookie(c, session.token, session.expiresAt);
    await store.access.setLanguage(code.email, lang, at);
    log({ msg: 'organisation registered' });
    return c.redirect(organisationPath(lang, '?opgeslagen=aangemeld'), 303);
  });

  type Refusal = keyof (typeof ANSWERS)['nl']['member']['refusals'];
  /**
   * An admin's change (members, delegates): the signed-in customer and their membership of the
   * form's organisation, or the answer to send. Not a member answers as not the admin: what a
   * page does not show, the server refuses.
   */
  const adminChange = async <T extends { kvk: string }>(c: Context, form: z.ZodType<T>, wrongForm: Refusal) => {
    const body = await c.req.parseBody();
    const lang = pageLanguage(body.taal);
    const refuse = (status: 400 | 403, refusal: Refusal) =>
      messagePage(c, status, ANSWERS[lang].member.title, ANSWERS[lang].member.refusals[refusal], {
        links: [[organisationPath(lang), ANSWERS[lang].back]],
        lang,
      });
    const customer = await currentCustomer(c, store.access);
    if (!customer) return { answer: c.redirect(`${lang === 'en' ? '/en' : ''}/volg?fout=inloggen`, 303) };
    const parsed = form.safeParse(body);
    if (!parsed.success) return { answer: refuse(400, wrongForm) };
    const actor = (await organisations.memberships(customer.email)).find((m) => m.kvk === parsed.data.kvk);
    return { lang, customer, data: parsed.data, actor, refuse };
  };
  const refusalStatus = (refusal: Refusal) => (refusal === 'geen-beheerder' ? 403 : 400);

  app.post('/volg/organisatie/leden', async (c) => {
    const change = await adminChange(c, memberForm, 'form');
    if ('answer' in change) return change.answer;
    const { lang, customer, data, actor, refuse } = change;
    const { kvk, email, actie } = data;
    const refusal = actor ? memberChangeRefusal({ actor, action: actie, email }, actor.domain) : ('geen-beheerder' as const);
    if (refusal) return refuse(refusalStatus(refusal), refusal);
    if (actie === 'toevoegen') await organisations.addMember(kvk, email, customer.email, new Date());
    else await organisations.removeMember(kvk, email);
    log({ msg: 'organisation member', action: actie });
    return c.redirect(organisationPath(lang, '?opgeslagen=leden#leden'), 303);
  });

  // A site supervisor per project: the admin gives or takes back one project's portfolio.
  app.post('/volg/organisatie/uitvoerders', async (c) => {
    const change = await adminChange(c, delegateForm, 'delegateForm');
    if ('answer' in change) return change.answer;
    const { lang, customer, data, actor, refuse } = change;
    const { kvk, project, email, actie } = data;
    const projects = actor ? (await organisations.projects(kvk)).map((p) => p.project) : [];
    const refusal = delegateChangeRefusal(actor, project, projects);
    if (refusal) return refuse(refusalStatus(refusal), refusal);
    if (actie === 'toevoegen') await organisations.addDelegate(kvk, project, email, customer.email, new Date());
    else await organisations.removeDelegate(kvk, project, email);
    log({ msg: 'project delegate', action: actie });
    return c.redirect(organisationPath(lang, '?opgeslagen=uitvoerders#uitvoerders'), 303);
  });

  return app;
}
