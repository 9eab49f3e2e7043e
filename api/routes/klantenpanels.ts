/**
 * Klantenpanels (issue 16.2, api/core/klantenpanels.ts): the organisers' forms under
 * /beheer/klantenpanels (plan, invite, send the questionnaire, share the summary) and the
 * invitee's under /klantenpanel/{token} (register, cancel, the summary's file). The pages are
 * Astro's (site/pages/beheer/klantenpanels/, site/pages/klantenpanel/); who may do what is
 * domain/staff.ts mayOrganisePanels through the staff portal, and the personal link for invitees.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  applicantKeyField,
  frequentMinimum,
  panelForm,
  SUMMARY_FILE_MAX_BYTES,
  summaryFileCheck,
  summaryText,
} from '../../domain/klantenpanels.ts';
import { type Lang, language } from '../../domain/language.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import {
  cancelByLink,
  inviteApplicants,
  openPanelLink,
  panelMailer,
  panelOf,
  panelPagePath,
  registerByLink,
  sendQuestionnaire,
  shareSummary,
} from '../core/klantenpanels.ts';
import { messagePage } from '../http/message-page.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import { type CustomerPanels, type StaffPortal, staffGate, staffOf } from '../staff-portal.ts';
import type { PanelSummary, Store } from '../storage/store.ts';

export const PANELS_PAGE = '/beheer/klantenpanels';

export type PanelRoutesOptions = { store: Store; box: SecretBox; url: (path: string) => string };

const PARTICIPANT_TEXTS = {
  nl: {
    unknown: ['Link werkt niet', 'Deze link naar het klantenpanel klopt niet. Gebruik de link uit de uitnodiging.'],
    late: ['Aanmelden is gesloten', 'De aanmeldtermijn van dit klantenpanel is voorbij. U kunt zich niet meer aanmelden.'],
    started: ['Afmelden kan niet meer', 'Het klantenpanel is al begonnen of voorbij, dus afmelden kan niet meer.'],
    noSummary: ['Geen verslag', 'Er is geen verslag voor u: het verslag is voor de deelnemers van het panel.'],
    back: 'Terug naar het klantenpanel',
  },
  en: {
    unknown: ['Link does not work', 'This link to the customer panel is not right. Use the link from the invitation.'],
    late: ['Registration has closed', 'The registration period of this customer panel is over. You can no longer register.'],
    started: ['You can no longer cancel', 'The customer panel has started or is over, so you can no longer cancel.'],
    noSummary: ['No summary', 'There is no summary for you: the summary is for the participants of the panel.'],
    back: 'Back to the customer panel',
  },
} as const;

export function panelRoutes({ store, box, url }: PanelRoutesOptions) {
  const mailer = panelMailer(box, url);
  const links: [string, string][] = [
    [PANELS_PAGE, 'Naar de klantenpanels'],
    ['/beheer', 'Naar Traject beheer'],
  ];
  const refuse = (c: Context) =>
    messagePage(
      c,
      403,
      'Geen toegang',
      'Klantenpanels organiseren planners en beheerders van een combi-organisatie of van het platform.',
      { links },
    );
  const notFound = (c: Context) =>
    messagePage(c, 404, 'Niet gevonden', 'Dit klantenpanel bestaat niet bij uw organisatie.', { links });
  /** The member and their panels, when they may `action` on them; or the answer why not. */
  const gate = async (
    c: Context,
    action: 'view' | 'act',
  ): Promise<{ portal: StaffPortal; panels: CustomerPanels } | Response> => {
    const passed = staffGate(await staffOf(c, store, box), action);
    if ('redirect' in passed) return c.redirect(passed.redirect, 303);
    const panels = 'pass' in passed ? passed.pass.panels : undefined;
    if (!('pass' in passed) || !panels || (action === 'act' && !panels.mayOrganise)) return refuse(c);
    return { portal: passed.pass, panels };
  };
  const idOf = (value: string | undefined) => (value && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);
  /** The member's own panel (the scope rule of api/core/klantenpanels.ts), or the answer why not. */
  const ownPanel = async (c: Context, action: 'view' | 'act') => {
    const allowed = await gate(c, action);
    if (allowed instanceof Response) return allowed;
    const id = idOf(c.req.param('id'));
    const panel = id === undefined ? undefined : await panelOf(store, allowed.portal.scope, id);
    return panel ? { ...allowed, panel } : notFound(c);
  };

  const app = new Hono();
  app.use(`${PANELS_PAGE}/*`, sameOriginOnly());
  app.use(PANELS_PAGE, sameOriginOnly());
  app.use('/klantenpanel/*', sameOriginOnly());

  app.post(PANELS_PAGE, async (c) => {
    const allowed = await gate(c, 'act');
    if (allowed instanceof Response) return allowed;
    const body = await c.req.parseBody();
    const form = panelForm.safeParse({
      combi: body.combi,
      titel: body.titel,
      datum: body.datum,
      tijd: body.tijd,
      plaats: body.plaats,
      capaciteit: body.capaciteit,
      aanmeldenTot: body.aanmeldenTot,
      partners: body.partners ?? '',
    });
    if (!form.success) {
      const field = String(form.error.issues[0]?.path[0] ?? 'formulier');
      return c.redirect(`${PANELS_PAGE}?fout=${encodeURIComponent(field)}#plannen`, 303);
    }
    const panel = await allowed.panels.plan(form.data);
    if (!panel) return c.redirect(`${PANELS_PAGE}?fout=combi#plannen`, 303);
    return c.redirect(`${PANELS_PAGE}/${panel.id}?gelukt=gepland`, 303);
  });

  app.post(`${PANELS_PAGE}/:id/uitnodigen`, async (c) => {
    const own = await ownPanel(c, 'act');
    if (own instanceof Response) return own;
    const body = await c.req.parseBody({ all: true });
    const keys = [body.aanvragers ?? []].flat();
    const min = frequentMinimum.safeParse(body.minimaal || undefined);
    const parsed = keys.map((k) => applicantKeyField.safeParse(k));
    // Back to the list as the organiser chose it.
    const back = `${PANELS_PAGE}/${own.panel.id}?${min.success ? `minimaal=${min.data}&` : ''}`;
    if (!min.success || keys.length === 0 || parsed.some((p) => !p.success))
      return c.redirect(`${back}fout=aanvragers#uitnodigen`, 303);
    const result = await inviteApplicants(
      store,
      mailer,
      own.portal.scope,
      own.panel,
      parsed.map((p) => p.data as string),
      min.data,
    );
    // Someone the list did not offer is not invited: the page says so, nothing is written for them.
    if (result.unknown.length) return c.redirect(`${back}fout=onbekend&uitgenodigd=${result.invited}#uitnodigen`, 303);
    return c.redirect(`${back}gelukt=uitgenodigd&uitgenodigd=${result.invited}#genodigden`, 303);
  });

  app.post(`${PANELS_PAGE}/:id/vragenlijst`, async (c) => {
    const own = await ownPanel(c, 'act');
    if (own instanceof Response) return own;
    const sent = await sendQuestionnaire(store, mailer, own.panel);
    return c.redirect(`${PANELS_PAGE}/${own.panel.id}?${sent ? 'gelukt=vragenlijst' : 'fout=vragenlijst'}#vragenlijst`, 303);
  });

  app.post(
    `${PANELS_PAGE}/:id/verslag`,
    bodyLimit({
      maxSize: SUMMARY_FILE_MAX_BYTES + 64 * 1024,
      onError: (c) =>
        messagePage(
          c,
          413,
          'Bestand te groot',
          `Het bestand bij het verslag mag hoogstens ${SUMMARY_FILE_MAX_BYTES / 1024 / 1024} MB zijn.`,
          {
            links,
          },
        ),
    }),
    async (c) => {
      const own = await ownPanel(c, 'act');
      if (own instanceof Response) return own;
      const back = `${PANELS_PAGE}/${own.panel.id}`;
      const body = await c.req.parseBody();
      const text = summaryText.safeParse(body.tekst);
      if (!text.success) return c.redirect(`${back}?fout=tekst#verslag`, 303);
      let file: PanelSummary['file'] = null;
      if (body.bestand instanceof File && body.bestand.size > 0) {
        const bytes = new Uint8Array(await body.bestand.arrayBuffer());
        const checked = summaryFileCheck(body.bestand.name, bytes);
        if (!checked.ok) return c.redirect(`${back}?fout=bestand-${checked.reason}#verslag`, 303);
        file = { name: checked.name, type: checked.type, base64: Buffer.from(bytes).toString('base64') };
      }
      await shareSummary(store, mailer, own.panel, { text: text.data, file });
      return c.redirect(`${back}?gelukt=verslag#verslag`, 303);
    },
  );

  app.get(`${PANELS_PAGE}/:id/verslag/bestand`, async (c) => {
    const own = await ownPanel(c, 'view');
    if (own instanceof Response) return own;
    return summaryFileResponse(c, store, own.panel.id, () => notFound(c));
  });

  // The invitee's side: the link is the key, as for the survey links.
  const participant = async (c: Context) => {
    const body = c.req.method === 'POST' ? await c.req.parseBody() : {};
    const lang: Lang = language.safeParse(body.taal ?? c.req.query('taal')).data === 'en' ? 'en' : 'nl';
    const token = c.req.param('token') ?? '';
    const opened = await openPanelLink(store, mailer.links, token);
    const words = PARTICIPANT_TEXTS[lang];
    const page = panelPagePath(token, lang);
    const say = (status: 403 | 404 | 409, [title, text]: readonly [string, string]) =>
      messagePage(c, status, title, text, { lang, links: opened ? [[page, words.back]] : undefined });
    return { opened, page, lang, say, words };
  };

  app.post('/klantenpanel/:token/aanmelden', async (c) => {
    const { opened, page, say, words } = await participant(c);
    if (!opened) return say(404, words.unknown);
    const outcome = await registerByLink(store, opened);
    if (outcome === 'te-laat') return say(409, words.late);
    return c.redirect(`${page}?gelukt=${outcome}`, 303);
  });

  app.post('/klantenpanel/:token/afmelden', async (c) => {
    const { opened, page, say, words } = await participant(c);
    if (!opened) return say(404, words.unknown);
    const result = await cancelByLink(store, mailer, opened);
    if ('started' in result) return say(409, words.started);
    return c.redirect(`${page}?${result.cancelled ? 'gelukt=afgemeld' : 'fout=afmelden'}`, 303);
  });

  app.get('/klantenpanel/:token/verslag', async (c) => {
    const { opened, say, words } = await participant(c);
    if (!opened) return say(404, words.unknown);
    // The summary is the participants': what their page does not show, the server does not serve.
    if (opened.invitation.state !== 'aangemeld' || !opened.panel.summary) return say(403, words.noSummary);
    return summaryFileResponse(c, store, opened.panel.id, () => say(404, words.noSummary));
  });

  return app;
}

async function summaryFileResponse(c: Context, store: Store, panelId: number, missing: () => Response | Promise<Response>) {
  const file = await store.panels.summaryFile(panelId);
  if (!file) return missing();
  return c.body(new Uint8Array(Buffer.from(file.base64, 'base64')), 200, {
    'Content-Type': file.type,
    // Always a download: a shared file is never rendered as a page of ours.
    'Content-Disposition': `attachment; filename="${file.name}"`,
    'X-Content-Type-Options': 'nosniff',
  });
}
