/**
 * The customer's way in and the forms on the track & trace pages, under /volg. Every form posts
 * here and is redirected back (post/redirect/get), so the pages work without JavaScript. The
 * pages themselves are Astro's (site/pages/volg/); they get the signed-in customer from server.ts.
 */

import { Hono } from 'hono';
import { z } from 'zod';
import { mayManageAccess } from '../../domain/authorization.ts';
import { type Lang, language } from '../../domain/language.ts';
import { requestNumber } from '../../domain/messages.ts';
import type { CalendarFeedTokens } from '../auth/calendar-feed-tokens.ts';
import { CODE_MINUTES, issueLoginCode, postedAttempt, redeemLoginCode } from '../auth/login-codes.ts';
import { clearSessionCookie, createSession, currentCustomer, setSessionCookie } from '../auth/sessions.ts';
import { newId, secretMatches, splitToken } from '../auth/tokens.ts';
import { portfolioAccessOf } from '../core/portfolio.ts';
import { emailAddress } from '../http/form-fields.ts';
import type { Logger } from '../http/logger.ts';
import { messagePage } from '../http/message-page.ts';
import { clientIp as ip, rateLimiter } from '../http/rate-limit.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import { signInLimits } from '../http/sign-in-limits.ts';
import { loginCodeMail } from '../mail/templates.ts';
import type { Store } from '../storage/store.ts';
import { AANVRAAG_ACTIONS } from './aanvraag-actions.ts';
import { calendarFile } from './calendar-file.ts';

/** As typed: spaces and lower case allowed, then the number's own rule (domain/messages.ts). */
const typedRequestNumber = z.string().trim().toUpperCase().pipe(requestNumber);

const signInForm = z.discriminatedUnion('via', [
  z.object({
    via: z.literal('aanvraag'),
    aanvraagnummer: typedRequestNumber,
    postcode: z
      .string()
      .trim()
      .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/),
    huisnummer: z
      .string()
      .trim()
      .regex(/^[0-9]{1,5}$/),
  }),
  z.object({
    via: z.literal('email'),
    email: emailAddress,
  }),
]);

/** The language a form was sent from: every customer form carries it (`taal`); Dutch without it. */
const pageLanguage = (value: unknown): Lang => language.safeParse(value).data ?? 'nl';
/** The mail preference: what the page's radio buttons send, nothing else; `mailtaal` is the mails' language. */
const preferenceForm = z.strictObject({
  taal: language.optional(),
  meldingen: z.enum(['alles', 'planning', 'niets']),
  mailtaal: language.optional(),
});
/** The calendar feed's two buttons: make one (again), or revoke it. */
const calendarFeedForm = z.strictObject({ taal: language.optional(), actie: z.enum(['maken', 'intrekken']) });
/** Giving or taking back access: the page's two buttons, one address. */
const accessForm = z.strictObject({ taal: language.optional(), email: emailAddress, actie: z.enum(['toevoegen', 'intrekken']) });

/** A customer page in a language: `/volg…` in Dutch, `/en/volg…` in English. */
const volgPath = (lang: Lang, rest = '') => `${lang === 'en' ? '/en' : ''}/volg${rest}`;
/** The customer's page of an aanvraag, in the language the form was sent from. */
const pageOf = (number: string, lang: unknown) => volgPath(pageLanguage(lang), `/${number}`);

/** The short answers of these routes that are not a page of the site, in both languages. */
const ANSWERS = {
  nl: {
    tooMany: {
      title: 'Even geduld',
      text: (minutes: number) => `U heeft het te vaak geprobeerd. Probeer het over ${minutes} minuten opnieuw.`,
    },
    unsubscribed: {
      title: 'U bent afgemeld',
      text: (n: string) =>
        `U krijgt geen e-mails meer over aanvraag ${n}. Wilt u toch weer berichten? Log in en kies uw meldingen op de pagina van uw aanvraag.`,
    },
    applicantOnly: {
      title: 'Geen toegang',
      text: 'Alleen de aanvrager kan anderen toegang geven tot deze aanvraag of die intrekken.',
      back: 'Terug naar de aanvraag',
    },
    noAppointment: {
      title: 'Niet gevonden',
      text: 'Deze afspraak bestaat niet (meer), of u bent niet ingelogd.',
    },
  },
  en: {
    tooMany: {
      title: 'Please wait',
      text: (minutes: number) => `You have tried too often. Please try again in ${minutes} minutes.`,
    },
    unsubscribed: {
      title: 'You have unsubscribed',
      text: (n: string) =>
        `You will no longer receive e-mails about request ${n}. Want them again? Sign in and choose your e-mails on the page of your request.`,
    },
    applicantOnly: {
      title: 'No access',
      text: 'Only the applicant can give others access to this request or take it back.',
      back: 'Back to the request',
    },
    noAppointment: {
      title: 'Not found',
      text: 'This appointment does not exist (any more), or you are not signed in.',
    },
  },
  /** An unknown link has no address, so no chosen language: both, Dutch first. */
  unknownUnsubscribe:
    'Deze afmeldlink is onbekend of verlopen. Log in om uw meldingen in te stellen. / This unsubscribe link is unknown or has expired. Sign in to choose your e-mails.',
} as const;

export type CustomerRoutesOptions = {
  store: Store;
  log: Logger;
  /** Called after a sign-in code was written to the outbox, to deliver it at once. */
  mailQueued?: () => void;
  /** The window of the sign-in limits (api/http/sign-in-limits.ts) and of 30 codes per IP address. */
  windowMs?: number;
  /** The personal calendar feeds' tokens (api/auth/calendar-feed-tokens.ts). */
  calendarFeeds: CalendarFeedTokens;
};

export function customerRoutes({ store, log, mailQueued, windowMs = 15 * 60_000, calendarFeeds }: CustomerRoutesOptions) {
  const askForCode = signInLimits('customer', windowMs, store.rateLimits);
  const codesPerIp = rateLimiter({ name: 'customer:codes', max: 30, windowMs, counts: store.rateLimits });
  const { access } = store;
  const tooMany = (c: Parameters<typeof messagePage>[0], seconds: number, lang: Lang) => {
    const words = ANSWERS[lang].tooMany;
    return messagePage(c, 429, words.title, words.text(Math.ceil(seconds / 60)), {
      headers: { 'retry-after': String(seconds) },
      lang,
    });
  };

  const app = new Hono();
  // One-click unsubscribe (RFC 8058) is posted by mail clients from elsewhere: its token is its proof.
  const sameOrigin = sameOriginOnly();
  app.use('/volg/*', async (c, next) => (c.req.path.startsWith('/volg/afmelden/') ? next() : sameOrigin(c, next)));

  app.post('/volg/inloggen', async (c) => {
    const body = await c.req.parseBody();
    const lang = pageLanguage(body.taal);
    const form = signInForm.safeParse(body);
    if (!form.success) return c.redirect(volgPath(lang, `?fout=${body.via === 'email' ? 'email' : 'gegevens'}`), 303);
    // Limited per address and per aanvraag or e-mail, known or not, so the answer tells nothing.
    const account = form.data.via === 'email' ? form.data.email : form.data.aanvraagnummer;
    const limit = await askForCode(ip(c), account);
    if (!limit.ok) return tooMany(c, limit.retryAfterSeconds, lang);

    // An address is known when it may follow an aanvraag, or a portfolio (a member or a project's delegate).
    const known = async (address: string) =>
      (await access.requestNumbersFor(address)).length > 0 || (await portfolioAccessOf(store, address)).length > 0;
    const email =
      form.data.via === 'email'
        ? (await known(form.data.email))
          ? form.data.email
          : undefined
        : await access.applicantEmail(form.data.aanvraagnummer, form.data.postcode, form.data.huisnummer);
    // The same answer whether or not the details are known: a fresh attempt id either way.
    const attempt = newId();
    if (email) {
      const code = await issueLoginCode(access, attempt, { email }, CODE_MINUTES.customer);
      await store.outbox.enqueue({
        idempotencyKey: `inlogcode:${attempt}`,
        kind: 'inlogcode',
        to: email,
        ...loginCodeMail(code, CODE_MINUTES.customer, { lang }),
      });
      mailQueued?.();
    }
    log({ msg: 'sign-in code requested', via: form.data.via, known: !!email });
    return c.redirect(volgPath(lang, `/code?poging=${attempt}`), 303);
  });

  app.post('/volg/code', async (c) => {
    const body = await c.req.parseBody();
    const lang = pageLanguage(body.taal);
    const byIp = await codesPerIp.hit(ip(c));
    if (!byIp.ok) return tooMany(c, byIp.retryAfterSeconds, lang);
    const attempt = postedAttempt(body.poging);
    const code = await redeemLoginCode(access, attempt, body.code);
    if (!code) return c.redirect(volgPath(lang, `/code?poging=${attempt}&fout=onjuist`), 303);
    const session = await createSession(access, code.email);
    setSessionCookie(c, session.token, session.expiresAt);
    // Signing in from a page in a language is the customer's choice: their mails follow it.
    await access.setLanguage(code.email, lang, new Date());
    // A member or delegate of an applicant organisation starts at its portfolio; others at their aanvraag or list.
    if ((await portfolioAccessOf(store, code.email)).length > 0) return c.redirect(volgPath(lang, '/portfolio'), 303);
    const numbers = await access.requestNumbersFor(code.email);
    return c.redirect(volgPath(lang, numbers.length === 1 ? `/${numbers[0]}` : '/aanvragen'), 303);
  });

  /** The personal link behind a token, when its secret matches and it is for this purpose and not expired. */
  const linkFor = async (token: string, purpose: 'volgen' | 'afmelden') => {
    const parts = splitToken(token);
    const link = parts ? await access.accessLink(parts.id) : undefined;
    const valid =
      parts &&
      link &&
      link.purpose === purpose &&
      link.expiresAt.getTime() > Date.now() &&
      secretMatches(parts.secret, link.secretHash);
    return valid ? link : undefined;
  };

  app.get('/volg/link/:token', async (c) => {
    const link = await linkFor(c.req.param('token'), 'volgen');
    // One use: a link already used (or used by a request racing this one) signs nobody in.
    const lang = (link && (await access.language(link.email))) ?? 'nl';
    if (!link || link.usedAt || !(await access.useAccessLink(link.id, new Date())))
      return c.redirect(volgPath(lang, '?fout=link'), 303);
    const session = await createSession(access, link.email);
    setSessionCookie(c, session.token, session.expiresAt);
    return c.redirect(volgPath(lang, `/${link.requestNumber}`), 303);
  });

  const unsubscribe = async (token: string) => {
    const link = await linkFor(token, 'afmelden');
    if (link) await access.setNotificationMode(link.requestNumber, link.email, 'niets', new Date());
    return link;
  };
  app.on(['GET', 'POST'], '/volg/afmelden/:token', async (c) => {
    const link = await unsubscribe(c.req.param('token'));
    if (!link) return messagePage(c, 404, 'Link werkt niet / Link does not work', ANSWERS.unknownUnsubscribe);
    const lang = (await access.language(link.email)) ?? 'nl';
    const words = ANSWERS[lang].unsubscribed;
    return messagePage(c, 200, words.title, words.text(link.requestNumber), { lang });
  });

  app.post('/volg/uitloggen', async (c) => {
    const body = await c.req.parseBody();
    const customer = await currentCustomer(c, access);
    if (customer) await access.deleteSession(customer.sessionId);
    clearSessionCookie(c);
    return c.redirect(volgPath(pageLanguage(body.taal), '?uitgelogd=1'), 303);
  });

  /** The aanvraag in the path, if the signed-in customer may follow it; otherwise a redirect. */
  const ownRequest = async (c: Parameters<typeof currentCustomer>[0]) => {
    const customer = await currentCustomer(c, access);
    const number = c.req.param('nummer')?.toUpperCase() ?? '';
    if (!customer || !(await access.mayFollow(customer.email, number))) return undefined;
    return { customer, number };
  };

  app.post(`${AANVRAAG_ACTIONS}/meldingen`, async (c) => {
    const own = await ownRequest(c);
    const body = await c.req.parseBody();
    if (!own) return c.redirect(volgPath(pageLanguage(body.taal), '?fout=inloggen'), 303);
    const form = preferenceForm.safeParse(body);
    if (!form.success) return c.redirect(`${pageOf(own.number, body.taal)}?fout=meldingen#meldingen`, 303);
    await access.setNotificationMode(own.number, own.customer.email, form.data.meldingen, new Date());
    if (form.data.mailtaal) await access.setLanguage(own.customer.email, form.data.mailtaal, new Date());
    return c.redirect(`${pageOf(own.number, body.taal)}?opgeslagen=meldingen#meldingen`, 303);
  });

  app.post(`${AANVRAAG_ACTIONS}/toegang`, async (c) => {
    const own = await ownRequest(c);
    const body = await c.req.parseBody();
    const lang = pageLanguage(body.taal);
    if (!own) return c.redirect(volgPath(lang, '?fout=inloggen'), 303);
    // The page shows this form to the applicant only; the server holds to the same rule.
    if (!mayManageAccess(own.customer.email, await store.requestState(own.number))) {
      const words = ANSWERS[lang].applicantOnly;
      return messagePage(c, 403, words.title, words.text, { links: [[pageOf(own.number, lang), words.back]], lang });
    }
    const form = accessForm.safeParse(body);
    if (!form.success) {
      const fout = form.error.issues.some((i) => i.path[0] === 'email') ? 'email' : 'toegang';
      return c.redirect(`${pageOf(own.number, body.taal)}?fout=${fout}#toegang`, 303);
    }
    const { email, actie } = form.data;
    if (actie === 'intrekken') await access.revokeAccess(own.number, email, new Date());
    else await access.grantAccess(own.number, email, own.customer.email, new Date());
    return c.redirect(`${pageOf(own.number, body.taal)}?opgeslagen=toegang#toegang`, 303);
  });

  // A subscription the customer makes once; the page shows its address while it lives.
  app.post(`${AANVRAAG_ACTIONS}/agenda-abonnement`, async (c) => {
    const own = await ownRequest(c);
    const body = await c.req.parseBody();
    if (!own) return c.redirect(volgPath(pageLanguage(body.taal), '?fout=inloggen'), 303);
    const form = calendarFeedForm.safeParse(body);
    if (!form.success) return c.redirect(`${pageOf(own.number, body.taal)}?fout=agenda#agenda`, 303);
    const { customer, number } = own;
    if (form.data.actie === 'intrekken') await store.calendarFeeds.revoke(number, customer.email, new Date());
    else {
      const { id, secretHash } = calendarFeeds.mint();
      await store.calendarFeeds.create({ id, secretHash, requestNumber: number, email: customer.email, createdAt: new Date() });
    }
    log({ msg: 'calendar feed', action: form.data.actie });
    return c.redirect(`${pageOf(number, form.data.taal)}?opgeslagen=agenda#agenda`, 303);
  });

  app.get(`${AANVRAAG_ACTIONS}/agenda/:file`, async (c) => {
    const own = await ownRequest(c);
    const item = /^(startdatum|schouw)\.ics$/.exec(c.req.param('file'))?.[1] as 'startdatum' | 'schouw' | undefined;
    const state = own && item ? await store.requestState(own.number) : undefined;
    // The page's language (its link says ?taal=), else the language the customer chose, else Dutch.
    const asked = language.safeParse(c.req.query('taal'));
    const lang = asked.success ? asked.data : ((own && (await access.language(own.customer.email))) ?? 'nl');
    const ics = state && item ? calendarFile(state, item, (code) => store.organisation(code), lang) : undefined;
    if (!ics) {
      const words = ANSWERS[lang].noAppointment;
      return messagePage(c, 404, words.title, words.text, { lang });
    }
    return c.body(ics, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${own?.number}-${item}.ics"`,
    });
  });

  return app;
}
