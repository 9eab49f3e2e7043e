/**
 * The staff side under /beheer: signing in with an e-mail code and a TOTP code, the forms of the
 * staff screens, and the organisation admin's management of staff and API keys. Every form
 * posts here and is redirected back (post/redirect/get); the pages are Astro's (site/pages/beheer/).
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { parseAlertSettings } from '../../domain/alert-settings.ts';
import { closeFromForm } from '../../domain/callback-handling.ts';
import { text } from '../../domain/messages.ts';
import { may, STAFF_ROLES } from '../../domain/staff.ts';
import { messageFromForm, STAFF_ACTIONS, type StaffActionForm } from '../../domain/staff-actions.ts';
import { WEBHOOK_EVENTS } from '../../domain/webhooks.ts';
import { CODE_MINUTES, issueLoginCode, postedAttempt, redeemLoginCode } from '../auth/login-codes.ts';
import { newRecoveryCodes, recoveryCodeHash } from '../auth/recovery-codes.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { createStaffSession, currentStaff, renewStaffSession, staffKit } from '../auth/staff-sessions.ts';
import { newId } from '../auth/tokens.ts';
import { enrolmentKey, totpStep } from '../auth/totp.ts';
import { type AddressLookup, registerEndpoint, replayDelivery, rotateEndpointSecret } from '../core/webhooks.ts';
import { generateApiKey } from '../http/api-key.ts';
import { emailAddress } from '../http/form-fields.ts';
import type { Logger } from '../http/logger.ts';
import { messagePage } from '../http/message-page.ts';
import { clientIp as ip, rateLimiter } from '../http/rate-limit.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import { signInLimits } from '../http/sign-in-limits.ts';
import { loginCodeMail } from '../mail/templates.ts';
import { type StaffPortal, staffGate, staffOf } from '../staff-portal.ts';
import type { CallbackClaimResult, Store } from '../storage/store.ts';

const memberForm = z.strictObject({
  naam: text(120),
  email: emailAddress,
  rol: z.enum(STAFF_ROLES),
});
const roleChange = z.enum(STAFF_ROLES).optional();
const memberChange = z.enum(['uitschakelen', 'inschakelen', 'tweede-stap-herstellen']).optional();
const keyLabel = text(80);
const digestChoice = z.enum(['aan', 'uit']);
/** A call-back request's id (api/auth/tokens.ts newId), in a path or a hidden field. */
const callbackId = z.string().regex(/^[a-z0-9]{1,64}$/);
const CALLBACK_ACTIONS = ['ik-bel', 'vrijgeven', 'afsluiten'] as const;
const hookForm = z.strictObject({
  url: z.string().trim().min(1).max(500),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
});

export type StaffRoutesOptions = {
  store: Store;
  log: Logger;
  /** Encrypts TOTP keys at rest (api/auth/secret-box.ts). */
  box: SecretBox;
  /** Called after mail was written to the outbox, to deliver it at once. */
  mailQueued?: () => void;
  /** The window of the sign-in limits (api/http/sign-in-limits.ts), of 30 codes per IP and 10 second-factor tries per session. */
  windowMs?: number;
  /** Webhook registration: production refuses loopback and private addresses; `queued` sends a replay at once. */
  webhooks?: { production: boolean; resolve?: AddressLookup; queued?: () => void };
};

export function staffRoutes({
  store,
  log,
  box,
  mailQueued,
  windowMs = 15 * 60_000,
  webhooks = { production: false },
}: StaffRoutesOptions) {
  const askForCode = signInLimits('staff', windowMs, store.rateLimits);
  const codesPerIp = rateLimiter({ name: 'staff:codes', max: 30, windowMs, counts: store.rateLimits });
  const totpPerSession = rateLimiter({ name: 'staff:totp', max: 10, windowMs, counts: store.rateLimits });
  const staffLinks: [string, string][] = [
    ['/beheer/inloggen', 'Naar inloggen'],
    ['/beheer', 'Naar Traject beheer'],
  ];
  const tooMany = (c: Context, seconds: number) =>
    messagePage(c, 429, 'Even geduld', `Te vaak geprobeerd. Probeer het over ${Math.ceil(seconds / 60)} minuten opnieuw.`, {
      headers: { 'retry-after': String(seconds) },
      links: staffLinks,
    });

  /** The signed-in member with both factors and the right to do `action`, or a response that says why not. */
  const signedIn = async (c: Context, action: 'view' | 'act' | 'manage'): Promise<StaffPortal | Response> => {
    const gate = staffGate(await staffOf(c, store, box), action);
    if ('redirect' in gate) return c.redirect(gate.redirect, 303);
    if ('refuse' in gate)
      return messagePage(c, 403, 'Geen toegang', 'Uw rol in de organisatie geeft geen toegang tot deze handeling.', {
        links: staffLinks,
      });
    return gate.pass;
  };

  const app = new Hono();
  app.use('/beheer/*', sameOriginOnly());

  app.post('/beheer/inloggen', async (c) => {
    const body = await c.req.parseBody();
    const address = emailAddress.safeParse(body.email);
    if (!address.success) return c.redirect('/beheer/inloggen?fout=email', 303);
    // Limited whether or not the address has an account, so the answer tells nothing.
    const limit = await askForCode(ip(c), address.data);
    if (!limit.ok) return tooMany(c, limit.retryAfterSeconds);
    const member = await store.staff.byEmail(address.data);
    // The same answer whether or not the address has an account: a fresh attempt id either way.
    const attempt = newId();
    if (member && !member.disabledAt) {
      const code = await issueLoginCode(store.staff, attempt, { staffId: member.id }, CODE_MINUTES.staff);
      await store.outbox.enqueue({
        idempotencyKey: `beheer-inlogcode:${attempt}`,
        kind: 'beheer-inlogcode',
        to: member.email,
        ...loginCodeMail(code, CODE_MINUTES.staff, { why: 'U heeft gevraagd om in te loggen op Traject beheer.' }),
      });
      mailQueued?.();
    }
    log({ msg: 'staff sign-in code requested', known: !!member && !member.disabledAt });
    return c.redirect(`/beheer/code?poging=${attempt}`, 303);
  });

  app.post('/beheer/code', async (c) => {
    const byIp = await codesPerIp.hit(ip(c));
    if (!byIp.ok) return tooMany(c, byIp.retryAfterSeconds);
    const body = await c.req.parseBody();
    const attempt = postedAttempt(body.poging);
    const code = await redeemLoginCode(store.staff, attempt, body.code);
    if (!code) return c.redirect(`/beheer/code?poging=${attempt}&fout=onjuist`, 303);
    const session = await createStaffSession(store.staff, code.staffId);
    staffKit.setCookie(c, session.token, session.expiresAt);
    return c.redirect('/beheer/tweede-stap', 303);
  });

  /** The half signed-in member at the second step, within the session's tries; or the answer why not. */
  const atSecondStep = async (c: Context) => {
    const signIn = await currentStaff(c, store.staff);
    const member = signIn && (await store.staff.byId(signIn.staffId));
    if (!signIn || !member || member.disabledAt) return c.redirect('/beheer/inloggen?fout=sessie', 303);
    // App codes and recovery codes share the tries: 10 per session, then the session ends.
    const tries = await totpPerSession.hit(signIn.sessionId);
    if (!tries.ok) {
      await store.staff.deleteSession(signIn.sessionId);
      staffKit.clearCookie(c);
      return tooMany(c, tries.retryAfterSeconds);
    }
    return { signIn, member };
  };

  app.post('/beheer/tweede-stap', async (c) => {
    const step2 = await atSecondStep(c);
    if (step2 instanceof Response) return step2;
    const { signIn, member } = step2;
    const body = await c.req.parseBody();
    const typed = typeof body.code === 'string' ? body.code.replace(/\s+/g, '') : '';
    // Enrolling: the key the page showed for this session; once enrolled, only the stored key counts.
    const enrolling = !member.totpKey;
    const key = member.totpKey ? box.open(member.totpKey) : enrolmentKey(box, signIn.sessionId);
    const step = totpStep(key, typed);
    if (step === undefined) return c.redirect('/beheer/tweede-stap?fout=onjuist', 303);
    if (enrolling) {
      await store.staff.setTotpKey(member.id, box.seal(key));
      log({ msg: 'staff enrolled a second factor', staff: member.id });
    }
    // Each code works once: one seen over a shoulder or in a log cannot sign in again.
    if (!(await store.staff.useTotpStep(member.id, step))) return c.redirect('/beheer/tweede-stap?fout=onjuist', 303);
    // Signed in now: under a new token, so the half-signed-in one (planted, or seen) opens nothing.
    const session = await renewStaffSession(store.staff, signIn, true);
    staffKit.setCookie(c, session.token, session.expiresAt);
    // The dashboard's first build reads every aanvraag (seconds at 100,000): start it now, in
    // small steps between requests, so the member's first dashboard view is not the one that waits.
    void store.dashboard
      .warm()
      .catch((error: Error) => log({ level: 'error', msg: 'dashboard warm-up failed', error: error.message }));
    // A planner's day starts at the werklijst; a viewer's, who does not call customers, at the search.
    if (!enrolling) return c.redirect(may(member.role, 'act') ? '/beheer/werklijst' : '/beheer', 303);
    // Just linked: the recovery codes, shown this once and stored only as hashes.
    const codes = newRecoveryCodes();
    await store.staff.replaceRecoveryCodes(
      member.id,
      codes.map((code) => recoveryCodeHash(code) as string),
    );
    return messagePage(
      c,
      200,
      'Bewaar uw herstelcodes',
      `Uw app is gekoppeld en u bent ingelogd. Raakt u uw app kwijt, dan logt u in met een van deze ${codes.length} codes en koppelt u een nieuwe app. Elke code werkt één keer. Bewaar ze op een veilige plek, bijvoorbeeld in uw wachtwoordbeheerder: u ziet ze maar één keer.`,
      { code: codes, links: [['/beheer', 'Verder naar Traject beheer']] },
    );
  });

  // App lost: a recovery code resets the second factor, and the member links a new app at once.
  app.post('/beheer/herstelcode', async (c) => {
    const step2 = await atSecondStep(c);
    if (step2 instanceof Response) return step2;
    const { signIn, member } = step2;
    const hash = recoveryCodeHash((await c.req.parseBody()).herstelcode);
    if (!member.totpKey || !hash || !(await store.staff.useRecoveryCode(member.id, hash, new Date())))
      return c.redirect('/beheer/tweede-stap?fout=herstelcode', 303);
    await store.staff.setTotpKey(member.id, null);
    // A step up too (the member may now link an app): a new token, still half signed in.
    const session = await renewStaffSession(store.staff, signIn, false);
    staffKit.setCookie(c, session.token, session.expiresAt);
    log({ msg: 'staff used a recovery code', staff: member.id });
    return c.redirect('/beheer/tweede-stap?herstel=1', 303);
  });

  app.post('/beheer/uitloggen', async (c) => {
    const signIn = await currentStaff(c, store.staff);
    if (signIn) await store.staff.deleteSession(signIn.sessionId);
    staffKit.clearCookie(c);
    return c.redirect('/beheer/inloggen?uitgelogd=1', 303);
  });

  app.post('/beheer/aanvragen/:nummer/:actie', async (c) => {
    const action = c.req.param('actie') as StaffActionForm;
    if (!STAFF_ACTIONS.includes(action)) return c.notFound();
    const portal = await signedIn(c, 'act');
    if (portal instanceof Response) return portal;
    const number = c.req.param('nummer').toUpperCase();
    const page = `/beheer/aanvragen/${encodeURIComponent(number)}`;
    // Not in the organisation's scope: the same answer as an unknown number.
    if (!(await portal.request(number))) return c.redirect(`/beheer?fout=onbekend&q=${encodeURIComponent(number)}`, 303);
    const now = new Date();
    // From the werklijst's call-back: logging the call closes it, linked to this contact moment.
    const { terugbelverzoek, ...body } = await c.req.parseBody();
    const callback =
      action === 'contactmoment' && terugbelverzoek !== undefined ? callbackId.safeParse(terugbelverzoek) : undefined;
    // The form again keeps its call-back, so the corrected call still closes it.
    const keep = callback?.data ? [['terugbelverzoek', callback.data]] : [];
    const failed = (errors: string[]) =>
      c.redirect(
        `${page}?${new URLSearchParams([['actie', action], ...keep, ...errors.map((e) => ['fout', e])])}#${action}`,
        303,
      );
    if (callback && !callback.success) return failed(['Terugbelverzoek: bestaat niet bij uw organisatie']);
    const task = callback?.data ? await portal.callbacks.task(callback.data) : undefined;
    if (callback && (!task || task.requestNumber !== number))
      return failed(['Terugbelverzoek: staat niet (meer) open bij uw organisatie voor deze aanvraag']);
    if (task?.claimedBy && task.claimedBy.id !== portal.member.id)
      return failed([`Terugbelverzoek: ${task.claimedBy.name} belt deze klant al terug`]);
    const made = messageFromForm(action, body, {
      requestNumber: number,
      staffName: portal.member.name,
      now,
    });
    if (!made.ok) return failed(made.errors);
    const sender = store.organisation(portal.member.organisation.code);
    if (!sender) return failed(['Uw organisatie is onbekend']);
    const [result] = await store.ingest([{ sender, message: made.message }]);
    if (!result || result.result === 'rejected') return failed(result?.errors?.map((e) => e.message) ?? ['Niet verwerkt']);
    mailQueued?.();
    log({ msg: 'staff action', action, request: number, staff: portal.member.id, result: result.result });
    if (task) {
      const closed = await portal.callbacks.close(task.id, { reason: 'contactmoment', contactMessageId: made.message.id });
      log({ msg: 'call-back closed', callback: task.id, staff: portal.member.id, reason: 'contactmoment', result: closed });
      // Logged but not closed (a colleague claimed it in between): the werklijst still shows it.
      if (closed !== 'forbidden' && closed.result === 'done')
        return c.redirect(`${page}?gelukt=${action}&terugbelverzoek=gesloten`, 303);
    }
    return c.redirect(`${page}?gelukt=${action}`, 303);
  });

  // The werklijst's call-back requests: "ik bel", give back, close with a reason (domain/callback-handling.ts).
  const worklist = '/beheer/werklijst';
  const callbackRefused = (c: Context, status: 400 | 404 | 409, text: string) =>
    messagePage(c, status, 'Niet gelukt', text, { links: [[`${worklist}#terugbellen`, 'Terug naar de werklijst']] });
  const callbackOutcome = (c: Context, outcome: CallbackClaimResult, done: string) => {
    if (outcome.result === 'done') return c.redirect(`${worklist}?gelukt=${done}#terugbellen`, 303);
    if (outcome.result === 'taken')
      return callbackRefused(
        c,
        409,
        `${outcome.by} belt deze klant al terug: een tweede collega belt niet. Vraag het aan ${outcome.by}, of kies een ander verzoek.`,
      );
    return callbackRefused(c, 404, 'Dit terugbelverzoek staat niet (meer) open bij uw organisatie.');
  };

  app.post(`${worklist}/terugbelverzoeken/:id/:actie`, async (c) => {
    // Signed in first: without the right, an unknown action says nothing either.
    const portal = await signedIn(c, 'act');
    if (portal instanceof Response) return portal;
    const action = c.req.param('actie') as (typeof CALLBACK_ACTIONS)[number];
    if (!CALLBACK_ACTIONS.includes(action)) return c.notFound();
    const id = callbackId.safeParse(c.req.param('id'));
    if (!id.success) return callbackRefused(c, 404, 'Dit terugbelverzoek staat niet (meer) open bij uw organisatie.');
    const by = { callback: id.data, staff: portal.member.id };
    if (action === 'ik-bel') {
      const claimed = await portal.callbacks.claim(id.data);
      if (claimed === 'forbidden') return c.text('Geen toegang', 403);
      log({ msg: 'call-back claimed', ...by, result: claimed.result });
      return callbackOutcome(c, claimed, 'geclaimd');
    }
    if (action === 'vrijgeven') {
      const released = await portal.callbacks.unclaim(id.data);
      if (released === 'forbidden') return c.text('Geen toegang', 403);
      log({ msg: 'call-back given back', ...by, result: released });
      if (released === 'released') return c.redirect(`${worklist}?gelukt=vrijgegeven#terugbellen`, 303);
      if (released === 'not-yours')
        return callbackRefused(c, 409, 'Alleen wie dit terugbelverzoek op zich nam, of een beheerder, kan het weer vrijgeven.');
      return callbackRefused(c, 404, 'Dit terugbelverzoek staat niet (meer) open bij uw organisatie.');
    }
    const form = closeFromForm(await c.req.parseBody());
    if (!form.ok) return callbackRefused(c, 400, `Het terugbelverzoek is niet afgesloten. ${form.message}.`);
    const closed = await portal.callbacks.close(id.data, form.close);
    if (closed === 'forbidden') return c.text('Geen toegang', 403);
    log({ msg: 'call-back closed', ...by, reason: form.close.reason, result: closed.result });
    return callbackOutcome(c, closed, 'afgesloten');
  });

  // The organisation admin: staff and API keys of the own organisation only.
  app.post('/beheer/organisatie/medewerkers', async (c) => {
    const portal = await signedIn(c, 'manage');
    if (portal instanceof Response) return portal;
    const form = memberForm.safeParse(await c.req.parseBody());
    if (!form.success) return c.redirect('/beheer/organisatie?fout=medewerker', 303);
    if (await store.staff.byEmail(form.data.email)) return c.redirect('/beheer/organisatie?fout=bestaat', 303);
    await store.staff.add({
      organisation: portal.member.organisation.code,
      email: form.data.email,
      name: form.data.naam,
      role: form.data.rol,
    });
    log({ msg: 'staff member added', by: portal.member.id, role: form.data.rol });
    return c.redirect('/beheer/organisatie?gelukt=medewerker', 303);
  });

  app.post('/beheer/organisatie/medewerkers/:id', async (c) => {
    const portal = await signedIn(c, 'manage');
    if (portal instanceof Response) return portal;
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    const role = roleChange.safeParse(body.rol || undefined);
    const change = memberChange.safeParse(body.wijziging || undefined);
    // An admin cannot lock themselves out; another admin can.
    if (!Number.isInteger(id) || id === portal.member.id || !role.success || !change.success)
      return c.redirect('/beheer/organisatie?fout=wijziging', 303);
    const org = portal.member.organisation.code;
    const target = await store.staff.byId(id);
    if (!target || target.organisation !== org) return c.redirect('/beheer/organisatie?fout=wijziging', 303);
    if (change.data === 'tweede-stap-herstellen') {
      await store.staff.setTotpKey(id, null);
      await store.staff.deleteSessionsOf(id);
    } else {
      const ok = await store.staff.update(org, id, {
        ...(role.data && { role: role.data }),
        ...(change.data && { disabled: change.data === 'uitschakelen' }),
      });
      if (!ok) return c.redirect('/beheer/organisatie?fout=wijziging', 303);
    }
    log({ msg: 'staff member changed', by: portal.member.id, staff: id, role: role.data, change: change.data });
    return c.redirect('/beheer/organisatie?gelukt=wijziging', 303);
  });

  // What the admin sets for the planners' alerts (domain/alert-settings.ts): refused input is a 400 naming the field.
  app.post('/beheer/organisatie/meldingen', async (c) => {
    const portal = await signedIn(c, 'manage');
    if (portal instanceof Response) return portal;
    const parsed = parseAlertSettings(await c.req.parseBody());
    if (!parsed.ok)
      return messagePage(c, 400, 'Niet opgeslagen', `Deze instelling kan niet: ${parsed.message}.`, {
        links: [['/beheer/organisatie#meldingen', 'Terug naar de instellingen']],
      });
    await portal.setAlertSettings(parsed.settings);
    log({ msg: 'alert settings changed', by: portal.member.id, ...parsed.settings });
    return c.redirect('/beheer/organisatie?gelukt=meldingen#meldingen', 303);
  });

  // The member's own daily digest, on or off (api/core/daily-digest.ts); only planners and admins get one.
  app.post('/beheer/account/dagoverzicht', async (c) => {
    const portal = await signedIn(c, 'act');
    if (portal instanceof Response) return portal;
    const choice = digestChoice.safeParse((await c.req.parseBody()).dagoverzicht);
    if (!choice.success)
      return messagePage(c, 400, 'Niet opgeslagen', 'Kies of u het dagoverzicht wilt krijgen: aan of uit.', {
        links: [['/beheer/account', 'Terug naar uw gegevens']],
      });
    await portal.digest.set(choice.data === 'aan');
    log({ msg: 'daily digest choice', staff: portal.member.id, wanted: choice.data === 'aan' });
    return c.redirect(`/beheer/account?gelukt=${choice.data}`, 303);
  });

  /** A new key, shown once on a page of its own and never again. */
  const issueKey = async (c: Context, portal: StaffPortal, label: string, text: string) => {
    const { key, hash, prefix } = generateApiKey();
    await store.addApiKey(portal.member.organisation.code, hash, prefix, label);
    log({ msg: 'api key issued', by: portal.member.id, prefix });
    return messagePage(c, 201, 'Nieuwe API-sleutel', text, {
      code: key,
      links: [['/beheer/organisatie', 'Terug naar de organisatie']],
    });
  };

  app.post('/beheer/organisatie/sleutels', async (c) => {
    const portal = await signedIn(c, 'manage');
    if (portal instanceof Response) return portal;
    const label = keyLabel.safeParse((await c.req.parseBody()).naam);
    if (!label.success) return c.redirect('/beheer/organisatie?fout=sleutel', 303);
    return issueKey(
      c,
      portal,
      label.data,
      'Kopieer deze sleutel nu naar uw systeem: Traject bewaart alleen een hash en toont hem nooit meer.',
    );
  });

  app.post('/beheer/organisatie/sleutels/:id/:wijziging', async (c) => {
    const portal = await signedIn(c, 'manage');
    if (portal instanceof Response) return portal;
    const org = portal.member.organisation.code;
    const id = Number(c.req.param('id'));
    const key = (await store.staff.apiKeys(org)).find((k) => k.id === id && !k.revokedAt);
    if (!key) return c.redirect('/beheer/organisatie?fout=sleutel', 303);
    if (c.req.param('wijziging') === 'intrekken') {
      await store.staff.revokeApiKey(org, id);
      log({ msg: 'api key revoked', by: portal.member.id, prefix: key.prefix });
      return c.redirect('/beheer/organisatie?gelukt=ingetrokken', 303);
    }
    if (c.req.param('wijziging') !== 'vervangen') return c.notFound();
    return issueKey(
      c,
      portal,
      key.label,
      `Dit is de nieuwe sleutel voor "${key.label}". De oude (${key.prefix}…) werkt nog, zodat uw systeem zonder onderbreking kan overstappen: trek hem in zodra de nieuwe in gebruik is. Traject toont deze sleutel nooit meer.`,
    );
  });

  // The organisation admin's webhook endpoints (site/pages/beheer/webhooks.astro); the rules are api/core/webhooks.ts.
  const hooksPage = '/beheer/webhooks';
  /** A secret, shown once on a page of its own, as a new API key is. */
  const showSecret = (c: Context, secret: string, text: string) =>
    messagePage(c, 201, 'Geheim van het webhook-adres', text, { code: secret, links: [[hooksPage, 'Terug naar de webhooks']] });

  app.post(hooksPage, async (c) => {
    const portal = await signedIn(c, 'manage');
    if (portal instanceof Response) return portal;
    const body = await c.req.parseBody({ all: true });
    const form = hookForm.safeParse({ url: body.url, events: [body.gebeurtenis ?? []].flat() });
    if (!form.success) return c.redirect(`${hooksPage}?fout=formulier`, 303);
    const made = await registerEndpoint(store.webhooks, { ...webhooks, box }, portal.member.organisation.code, form.data);
    if ('refused' in made) return c.redirect(`${hooksPage}?fout=adres`, 303);
    log({ msg: 'webhook endpoint added', by: portal.member.id, endpoint: made.endpoint.id });
    return showSecret(
      c,
      made.secret,
      'Het adres is toegevoegd. Zet dit geheim in het systeem dat de webhooks ontvangt: daarmee controleert het de handtekening van elke melding. Traject toont het nooit meer.',
    );
  });

  /** The endpoint of the path, if it is the signed-in admin's organisation's. */
  const ownEndpoint = async (c: Context) => {
    const portal = await signedIn(c, 'manage');
    if (portal instanceof Response) return portal;
    const org = portal.member.organisation.code;
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || !(await store.webhooks.endpoint(org, id))) return c.redirect(`${hooksPage}?fout=onbekend`, 303);
    return { portal, org, id };
  };
  // One route per change, no `:wijziging` parameter: a parameter beside `afleveringen` would make
  // Hono fall back from its RegExpRouter (api/route-inventory.test.ts).
  const endpointChanges = {
    verwijderen: async (org: string, id: number) => {
      await store.webhooks.remove(org, id);
      return 'verwijderd';
    },
    inschakelen: async (org: string, id: number) => {
      await store.webhooks.enable(org, id);
      return 'ingeschakeld';
    },
  };
  for (const [change, apply] of Object.entries(endpointChanges)) {
    app.post(`${hooksPage}/:id/${change}`, async (c) => {
      const own = await ownEndpoint(c);
      if (own instanceof Response) return own;
      log({ msg: 'webhook endpoint changed', by: own.portal.member.id, endpoint: own.id, change });
      return c.redirect(`${hooksPage}?gelukt=${await apply(own.org, own.id)}`, 303);
    });
  }
  app.post(`${hooksPage}/:id/geheim-vervangen`, async (c) => {
    const own = await ownEndpoint(c);
    if (own instanceof Response) return own;
    log({ msg: 'webhook endpoint changed', by: own.portal.member.id, endpoint: own.id, change: 'geheim-vervangen' });
    const rotated = await rotateEndpointSecret(store.webhooks, box, own.org, own.id);
    if (!rotated) return c.redirect(`${hooksPage}?fout=onbekend`, 303);
    return showSecret(
      c,
      rotated.secret,
      'Dit is het nieuwe geheim. Het oude blijft nog 24 uur geldig: tot dan draagt elke melding twee handtekeningen, zodat uw systeem zonder onderbreking kan overstappen. Traject toont het nooit meer.',
    );
  });

  app.post(`${hooksPage}/:id/afleveringen/:aflevering/opnieuw`, async (c) => {
    const own = await ownEndpoint(c);
    if (own instanceof Response) return own;
    const delivery = Number(c.req.param('aflevering'));
    const result = Number.isInteger(delivery) ? await replayDelivery(store.webhooks, own.org, own.id, delivery) : 'onbekend';
    if (result !== 'ok') return c.redirect(`${hooksPage}?fout=${result === 'onbekend' ? 'onbekend' : 'niet-meer'}`, 303);
    webhooks.queued?.();
    return c.redirect(`${hooksPage}?gelukt=opnieuw`, 303);
  });

  return app;
}
