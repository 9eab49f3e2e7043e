import { dirname, join } from 'node:path';
import { generateHOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dutchDate } from '../../domain/calendar.ts';
import type { Message } from '../../domain/messages.ts';
import { loadSecretKey, secretBox } from '../auth/secret-box.ts';
import { currentTotp, enrolmentKey } from '../auth/totp.ts';
import { testRows } from '../storage/testing/test-sql.ts';
import { TEST_SECRET_KEY } from '../storage/testing/test-store.ts';
import { staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const NUMBER = 'MA-BEHEER-1';
const PEELLAND = 'MA-BEHEER-2';

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_WINDOW_SECONDS: '60' });
  const nb = server.keys.get('netbeheer-zuid') as string;
  const handed = {
    id: 'h1',
    type: 'handed_to_combi',
    requestNumber: NUMBER,
    occurredAt: '2026-11-04T10:00:00+01:00',
    workOrderIds: [`${NUMBER}-E`],
    contractor: 'van-der-berg-infra',
  } as Message;
  const inPeelland = submission(PEELLAND, { combi: 'peelland', applicant: { name: 'Piet Peel', email: 'piet@example.com' } });
  expect((await server.post(nb, { berichten: [submission(NUMBER), handed, inPeelland] })).status).toBe(201);
});
afterAll(() => server.close());

async function post(
  path: string,
  fields: Record<string, string>,
  cookie?: string,
  headers: Record<string, string> = SAME_ORIGIN,
) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, ...(cookie && { cookie }) },
    body: new URLSearchParams(fields),
  });
}

// The server's key: SECRET_KEY on PostgreSQL, else the file beside the database.
const box = () =>
  secretBox(loadSecretKey(server.where.DATABASE_URL && TEST_SECRET_KEY, join(dirname(server.databaseFile), 'secret.key')));
const sessionIdOf = (cookie: string) => cookie.split('=')[1]?.split('.')[0] as string;
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('traject_beheer='))
    ?.split(';')[0];
const formId = () =>
  Math.random()
    .toString(36)
    .slice(2)
    .replace(/[^a-z]/g, 'a')
    .padEnd(20, 'k')
    .slice(0, 20);

const recoveryCodesIn = (html: string) =>
  [...html.matchAll(/<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})<\/code>/g)].map((m) => m[1] as string);

/** The e-mail code step: returns the half-signed-in cookie. */
async function firstFactor(email: string): Promise<string> {
  const before = server.resend.mails.length;
  const asked = await post('/beheer/inloggen', { email });
  expect(asked.status).toBe(303);
  const attempt = new URL(asked.headers.get('location') as string, server.url).searchParams.get('poging') as string;
  await server.deliverMail();
  const mail = server.resend.mails.slice(before).find((m) => m.to.includes(email));
  const code = /\b(\d{8})\b/.exec(mail?.text ?? '')?.[1] as string;
  const signedIn = await post('/beheer/code', { poging: attempt, code });
  expect(signedIn.headers.get('location')).toBe('/beheer/tweede-stap');
  return cookieOf(signedIn) as string;
}

describe('staff sign-in: e-mail code, then TOTP', () => {
  it('enrols an authenticator on first sign-in and asks for its code the next time', async () => {
    await server.store.staff.add({
      organisation: 'combi-brabant-oost',
      email: 'nieuw@brabant-oost.example',
      name: 'Nieuw',
      role: 'planner',
    });
    const half = await firstFactor('nieuw@brabant-oost.example');
    const cookie = half.split('=')[0] === 'traject_beheer' ? half : '';
    expect(cookie).not.toBe('');
    // Half signed in: no staff action yet.
    const early = await post(
      `/beheer/aanvragen/${NUMBER}/stagnatie`,
      { formulier: formId(), oorzaak: 'klant', reden: 'x' },
      cookie,
    );
    expect(early.headers.get('location')).toBe('/beheer/tweede-stap');

    // The page offers the session's key (derived from the server's secret); an app scans it.
    const key = enrolmentKey(box(), sessionIdOf(cookie));
    const wrong = await post('/beheer/tweede-stap', { code: '000000' }, cookie);
    expect(wrong.headers.get('location')).toBe('/beheer/tweede-stap?fout=onjuist');
    const warm = vi.spyOn(server.store.dashboard, 'warm');
    const enrolled = await post('/beheer/tweede-stap', { code: currentTotp(key) }, cookie);
    // Linked and signed in: the recovery codes, shown this once, then on to /beheer.
    expect(enrolled.status).toBe(200);
    const page = await enrolled.text();
    expect(page).toContain('Bewaar uw herstelcodes');
    expect(recoveryCodesIn(page)).toHaveLength(10);
    expect(page).toContain('href="/beheer"');
    expect(enrolled.headers.get('cache-control')).toContain('no-store');
    // Signed in: the dashboard starts building its facts in the background.
    expect(warm).toHaveBeenCalledTimes(1);
    warm.mockRestore();
    const member = await server.store.staff.byEmail('nieuw@brabant-oost.example');
    expect(member?.totpKey).toBeTruthy();
    expect(box().open(member?.totpKey as string)).toEqual(key); // stored encrypted

    // Next sign-in: the new session's enrolment key no longer counts; only the stored one does.
    const again = await firstFactor('nieuw@brabant-oost.example');
    const other = enrolmentKey(box(), sessionIdOf(again));
    const hijack = await post('/beheer/tweede-stap', { code: currentTotp(other) }, again);
    expect(hijack.headers.get('location')).toBe('/beheer/tweede-stap?fout=onjuist');
    // The code used to enrol does not work twice (a replay); the app's next code does.
    const replay = await post('/beheer/tweede-stap', { code: currentTotp(key) }, again);
    expect(replay.headers.get('location')).toBe('/beheer/tweede-stap?fout=onjuist');
    const next = generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + 1), 6);
    const ok = await post('/beheer/tweede-stap', { code: next }, again);
    // A planner starts the day at the werklijst.
    expect(ok.headers.get('location')).toBe('/beheer/werklijst');
  });

  it('lets a member who lost the app in with a recovery code, once, and links a new app at once', async () => {
    const email = 'herstel@brabant-oost.example';
    await server.store.staff.add({ organisation: 'combi-brabant-oost', email, name: 'Herstel', role: 'viewer' });
    const first = await firstFactor(email);
    const key = enrolmentKey(box(), sessionIdOf(first));
    const codes = recoveryCodesIn(await (await post('/beheer/tweede-stap', { code: currentTotp(key) }, first)).text());
    expect(codes).toHaveLength(10);
    const member = (await server.store.staff.byEmail(email))?.id;
    const storedCodes = () =>
      testRows<{ hash: string }>(server.where, 'select code_hash as hash from staff_recovery_codes where staff_id = ?', member);
    // Only hashes are kept.
    expect(await storedCodes()).toHaveLength(10);
    expect(JSON.stringify(await storedCodes())).not.toContain((codes[0] as string).replaceAll('-', ''));

    // The phone is gone. A wrong or made-up code does nothing.
    const lost = await firstFactor(email);
    expect((await post('/beheer/herstelcode', { herstelcode: 'aaaa-bbbb-cccc-dddd' }, lost)).headers.get('location')).toBe(
      '/beheer/tweede-stap?fout=herstelcode',
    );
    // A right one, typed in capitals with spaces: the old app no longer counts; a new one is linked now.
    const typed = (codes[3] as string).toUpperCase().replaceAll('-', ' ');
    const used = await post('/beheer/herstelcode', { herstelcode: typed }, lost);
    expect(used.headers.get('location')).toBe('/beheer/tweede-stap?herstel=1');
    expect((await server.store.staff.byEmail(email))?.totpKey).toBeNull();
    expect(await storedCodes()).toHaveLength(0);
    // The session goes on under a new token (api/auth/sessions.test.ts).
    const recovered = cookieOf(used) as string;
    // Not signed in yet: the second step is still to be done, now by linking a new app.
    const early = await post(
      `/beheer/aanvragen/${NUMBER}/stagnatie`,
      { formulier: formId(), oorzaak: 'klant', reden: 'x' },
      recovered,
    );
    expect(early.headers.get('location')).toBe('/beheer/tweede-stap');
    const newKey = enrolmentKey(box(), sessionIdOf(recovered));
    const relinked = await post('/beheer/tweede-stap', { code: currentTotp(newKey) }, recovered);
    const fresh = recoveryCodesIn(await relinked.text());
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(codes[0]);

    // The old codes went with the old app: none of them works any more.
    const next = await firstFactor(email);
    expect((await post('/beheer/herstelcode', { herstelcode: codes[0] as string }, next)).headers.get('location')).toBe(
      '/beheer/tweede-stap?fout=herstelcode',
    );
    // A fresh one does, once.
    expect((await post('/beheer/herstelcode', { herstelcode: fresh[0] as string }, next)).headers.get('location')).toBe(
      '/beheer/tweede-stap?herstel=1',
    );
    const again = await firstFactor(email);
    expect((await post('/beheer/herstelcode', { herstelcode: fresh[0] as string }, again)).headers.get('location')).toBe(
      '/beheer/tweede-stap?fout=herstelcode',
    );
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = server.resend.mails.length;
    const res = await post('/beheer/inloggen', { email: 'onbekend@example.com' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/beheer\/code\?poging=[a-z2-7]{24}$/);
    await server.deliverMail();
    expect(server.resend.mails.length).toBe(before);
  });

  it('refuses a wrong code, and a right one after five wrong tries', async () => {
    await server.store.staff.add({ organisation: 'glasnet', email: 'raad@glasnet.example', name: 'Raad', role: 'viewer' });
    const before = server.resend.mails.length;
    const asked = await post('/beheer/inloggen', { email: 'raad@glasnet.example' });
    const attempt = new URL(asked.headers.get('location') as string, server.url).searchParams.get('poging') as string;
    await server.deliverMail();
    const code = /\b(\d{8})\b/.exec(server.resend.mails.slice(before)[0]?.text ?? '')?.[1] as string;
    for (let i = 0; i < 5; i++) {
      const res = await post('/beheer/code', { poging: attempt, code: code === '00000000' ? '11111111' : '00000000' });
      expect(res.headers.get('location')).toContain('fout=onjuist');
    }
    const late = await post('/beheer/code', { poging: attempt, code });
    expect(late.headers.get('location')).toContain('fout=onjuist');
    expect(cookieOf(late)).toBeUndefined();
  });

  it('refuses a form sent from another site', async () => {
    const res = await post('/beheer/inloggen', { email: 'x@example.com' }, undefined, { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
  });

  it('signs out', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'glasnet', role: 'viewer' });
    const out = await post('/beheer/uitloggen', {}, cookie);
    expect(out.headers.get('location')).toBe('/beheer/inloggen?uitgelogd=1');
    const after = await post(
      `/beheer/aanvragen/${NUMBER}/stagnatie`,
      { formulier: formId(), oorzaak: 'klant', reden: 'x' },
      cookie,
    );
    expect(after.headers.get('location')).toBe('/beheer/inloggen?fout=sessie');
  });
});

describe('staff screens: the same path as an ingested message', () => {
  const contact = (id: string) => ({
    formulier: id,
    datum: '2026-11-05',
    tijd: '10:15',
    soort: '1',
    kanaal: 'telefoon',
    gesprokenMet: 'Sanne de Vries (aanvrager)',
    onderwerp: 'Plangesprek',
    samenvatting: 'Voorlopige week 2027-W10 afgesproken.',
  });

  it('logs a contact moment once, named after the signed-in member, and mails the customer', async () => {
    const { cookie } = await staffCookie(server.store, {
      organisation: 'van-der-berg-infra',
      role: 'planner',
      name: 'Kees Planner',
    });
    const id = formId();
    const before = server.resend.mails.length;
    const first = await post(`/beheer/aanvragen/${NUMBER}/contactmoment`, contact(id), cookie);
    expect(first.headers.get('location')).toBe(`/beheer/aanvragen/${NUMBER}?gelukt=contactmoment`);
    // A double click sends the same form again: one contact moment.
    const second = await post(`/beheer/aanvragen/${NUMBER}/contactmoment`, contact(id), cookie);
    expect(second.headers.get('location')).toBe(`/beheer/aanvragen/${NUMBER}?gelukt=contactmoment`);
    const state = await server.store.requestState(NUMBER);
    const logged = state?.contactMoments.filter((c) => c.summary === 'Voorlopige week 2027-W10 afgesproken.') ?? [];
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ code: '1', staffName: 'Kees Planner', organisation: 'van-der-berg-infra' });
    expect(logged[0]?.at).toBe('2026-11-05T10:15:00+01:00');
    await server.deliverMail();
    expect(server.resend.mails.slice(before).some((m) => m.to.includes('sanne@example.com'))).toBe(true);
  });

  it('sets the planning as the contractor, and refuses it to a grid operator (KCP)', async () => {
    const contractor = await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'planner' });
    const set = await post(
      `/beheer/aanvragen/${NUMBER}/planning`,
      { formulier: formId(), week: '2027-W10', startdatum: '', dagdeel: 'dag', reden: 'Afgesproken in het plangesprek' },
      contractor.cookie,
    );
    expect(set.headers.get('location')).toBe(`/beheer/aanvragen/${NUMBER}?gelukt=planning`);
    expect((await server.store.requestState(NUMBER))?.planning.provisionalWeek).toBe('2027-W10');

    const operator = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'planner' });
    const refused = await post(
      `/beheer/aanvragen/${NUMBER}/planning`,
      { formulier: formId(), week: '2027-W12', dagdeel: 'dag', reden: 'Zomaar' },
      operator.cookie,
    );
    const location = new URL(refused.headers.get('location') as string, server.url);
    expect(location.searchParams.get('fout')).toContain('planning is van de aannemer');
    expect((await server.store.requestState(NUMBER))?.planning.provisionalWeek).toBe('2027-W10');
  });

  it('records that the customer asked for or agreed to the date, when the planner ticks it', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'planner' });
    const agreed = await post(
      `/beheer/aanvragen/${NUMBER}/planning`,
      { formulier: formId(), startdatum: '2027-03-08', dagdeel: 'ochtend', reden: 'Op verzoek van de klant', klantAkkoord: 'ja' },
      cookie,
    );
    expect(agreed.headers.get('location')).toBe(`/beheer/aanvragen/${NUMBER}?gelukt=planning`);
    expect((await server.store.requestState(NUMBER))?.planning.customerAgreedDate).toBe('2027-03-08');

    const moved = await post(
      `/beheer/aanvragen/${NUMBER}/planning`,
      { formulier: formId(), startdatum: '2027-03-15', dagdeel: 'dag', reden: 'Vorstverlet' },
      cookie,
    );
    expect(moved.headers.get('location')).toBe(`/beheer/aanvragen/${NUMBER}?gelukt=planning`);
    // Not ticked: the date the customer agreed to stays the earlier one.
    expect((await server.store.requestState(NUMBER))?.planning.customerAgreedDate).toBe('2027-03-08');
  });

  it('names the field of a bad form and changes nothing', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'planner' });
    const before = (await server.store.requestState(NUMBER))?.contactMoments.length;
    const res = await post(
      `/beheer/aanvragen/${NUMBER}/contactmoment`,
      { ...contact(formId()), tijd: '25:00', samenvatting: '' },
      cookie,
    );
    const errors = new URL(res.headers.get('location') as string, server.url).searchParams.getAll('fout');
    expect(errors).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Tijd:/), expect.stringMatching(/^Samenvatting voor de klant:/)]),
    );
    const future = await post(`/beheer/aanvragen/${NUMBER}/contactmoment`, { ...contact(formId()), datum: '2099-01-01' }, cookie);
    expect(new URL(future.headers.get('location') as string, server.url).searchParams.get('fout')).toContain('toekomst');
    expect((await server.store.requestState(NUMBER))?.contactMoments.length).toBe(before);
  });

  it('refuses a contact moment later than now (beyond a few minutes of clock skew), as the API does', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'planner' });
    const at = (minutes: number) => {
      const instant = new Date(Date.now() + minutes * 60_000);
      const time = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' });
      return { datum: dutchDate(instant), tijd: time.format(instant) };
    };
    const before = (await server.store.requestState(NUMBER))?.contactMoments.length ?? 0;
    const later = await post(`/beheer/aanvragen/${NUMBER}/contactmoment`, { ...contact(formId()), ...at(30) }, cookie);
    const errors = new URL(later.headers.get('location') as string, server.url).searchParams.getAll('fout');
    expect(errors).toEqual([expect.stringMatching(/^Datum en tijd: ligt in de toekomst.*5 minuten/)]);
    expect((await server.store.requestState(NUMBER))?.contactMoments.length).toBe(before);
    const now = await post(`/beheer/aanvragen/${NUMBER}/contactmoment`, { ...contact(formId()), ...at(0) }, cookie);
    expect(now.headers.get('location')).toBe(`/beheer/aanvragen/${NUMBER}?gelukt=contactmoment`);
  });

  it('refuses a week that does not exist and control characters, naming the form field', async () => {
    const contractor = await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'planner' });
    const errorsOf = (res: Response) => new URL(res.headers.get('location') as string, server.url).searchParams.getAll('fout');
    const week = await post(
      `/beheer/aanvragen/${NUMBER}/planning`,
      { formulier: formId(), week: '2027-W53', dagdeel: 'dag', reden: 'Afgesproken' },
      contractor.cookie,
    );
    expect(errorsOf(week)).toEqual([expect.stringMatching(/^Week: bestaat niet: 2027 heeft geen week 53/)]);
    const note = await post(
      `/beheer/aanvragen/${NUMBER}/stagnatie-opgeheven`,
      { formulier: formId(), toelichting: 'klaar\u0000' },
      contractor.cookie,
    );
    expect(errorsOf(note)).toEqual([expect.stringMatching(/^Toelichting: .*stuurtekens/)]);
    expect((await server.store.requestState(NUMBER))?.planning.history.some((h) => h.value === '2027-W53')).toBe(false);
  });

  it('reports and lifts a stagnation', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'planner' });
    await post(
      `/beheer/aanvragen/${NUMBER}/stagnatie`,
      { formulier: formId(), oorzaak: 'klant', reden: 'De meterkast is nog niet klaar' },
      cookie,
    );
    const open = (await server.store.requestState(NUMBER))?.stagnations.find((s) => !s.liftedAt);
    expect(open?.reason).toBe('De meterkast is nog niet klaar');
    await post(`/beheer/aanvragen/${NUMBER}/stagnatie-opgeheven`, { formulier: formId(), toelichting: '' }, cookie);
    expect((await server.store.requestState(NUMBER))?.stagnations.every((s) => s.liftedAt)).toBe(true);
  });

  it('lets a viewer act on nothing, and nobody on an aanvraag outside their organisation', async () => {
    const viewer = await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'viewer' });
    const res = await post(`/beheer/aanvragen/${NUMBER}/contactmoment`, contact(formId()), viewer.cookie);
    expect(res.status).toBe(403);
    // Combi Brabant-Oost takes no part in an aanvraag in Peelland: the same answer as an unknown number.
    const planner = await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'planner' });
    const outside = await post(`/beheer/aanvragen/${PEELLAND}/contactmoment`, contact(formId()), planner.cookie);
    expect(outside.headers.get('location')).toBe(`/beheer?fout=onbekend&q=${PEELLAND}`);
    const unknown = await post('/beheer/aanvragen/MA-BESTAAT-NIET/contactmoment', contact(formId()), planner.cookie);
    expect(unknown.headers.get('location')).toBe('/beheer?fout=onbekend&q=MA-BESTAAT-NIET');
    expect((await server.store.requestState(PEELLAND))?.contactMoments).toHaveLength(0);
  });
});

describe('organisation admin: staff and API keys of the own organisation only', () => {
  /** The admin's form to add a member: where it leads, and the member it made (if any). */
  async function addMember(cookie: string, fields: { naam: string; email: string; rol: string }) {
    const res = await post('/beheer/organisatie/medewerkers', fields, cookie);
    return { location: res.headers.get('location'), member: await server.store.staff.byEmail(fields.email.toLowerCase()) };
  }

  it('adds a member, changes their role, and cannot lock themselves out', async () => {
    const admin = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'admin' });
    const added = await addMember(admin.cookie, { naam: 'Piet Plan', email: 'Piet@NB-Zuid.example', rol: 'viewer' });
    expect(added.location).toBe('/beheer/organisatie?gelukt=medewerker');
    const piet = added.member;
    expect(piet).toMatchObject({ organisation: 'netbeheer-zuid', role: 'viewer' });
    const twice = await post(
      '/beheer/organisatie/medewerkers',
      { naam: 'Piet', email: 'piet@nb-zuid.example', rol: 'viewer' },
      admin.cookie,
    );
    expect(twice.headers.get('location')).toBe('/beheer/organisatie?fout=bestaat');

    // A role change signs the member out everywhere.
    const pietSession = await staffCookie(server.store, {
      organisation: 'netbeheer-zuid',
      role: 'viewer',
      email: 'piet@nb-zuid.example',
    });
    const promoted = await post(`/beheer/organisatie/medewerkers/${piet?.id}`, { rol: 'planner' }, admin.cookie);
    expect(promoted.headers.get('location')).toBe('/beheer/organisatie?gelukt=wijziging');
    expect((await server.store.staff.byId(piet?.id as number))?.role).toBe('planner');
    const stale = await post(
      `/beheer/aanvragen/${NUMBER}/stagnatie`,
      { formulier: formId(), oorzaak: 'klant', reden: 'x' },
      pietSession.cookie,
    );
    expect(stale.headers.get('location')).toBe('/beheer/inloggen?fout=sessie');

    const self = await post(`/beheer/organisatie/medewerkers/${admin.id}`, { wijziging: 'uitschakelen' }, admin.cookie);
    expect(self.headers.get('location')).toBe('/beheer/organisatie?fout=wijziging');
  });

  it('cannot touch a member of another organisation, and a disabled member gets no code', async () => {
    const admin = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'admin' });
    const stranger = await server.store.staff.add({
      organisation: 'glasnet',
      email: 'ander@glasnet.example',
      name: 'Ander',
      role: 'viewer',
    });
    const res = await post(`/beheer/organisatie/medewerkers/${stranger.id}`, { wijziging: 'uitschakelen' }, admin.cookie);
    expect(res.headers.get('location')).toBe('/beheer/organisatie?fout=wijziging');
    expect((await server.store.staff.byId(stranger.id))?.disabledAt).toBeNull();

    const own = await server.store.staff.add({
      organisation: 'netbeheer-zuid',
      email: 'weg@nb-zuid.example',
      name: 'Weg',
      role: 'viewer',
    });
    await post(`/beheer/organisatie/medewerkers/${own.id}`, { wijziging: 'uitschakelen' }, admin.cookie);
    const before = server.resend.mails.length;
    await post('/beheer/inloggen', { email: 'weg@nb-zuid.example' });
    await server.deliverMail();
    expect(server.resend.mails.length).toBe(before);
  });

  it('issues a key once, rotates it, and a revoked key stops working at once', async () => {
    const admin = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'admin' });
    const issued = await post('/beheer/organisatie/sleutels', { naam: 'Planningssysteem' }, admin.cookie);
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toContain('no-store');
    const key = /<code>(trj_[a-z2-7]+)<\/code>/.exec(await issued.text())?.[1] as string;
    expect((await server.get(key, `/api/v1/aanvragen/${NUMBER}`)).status).toBe(200);

    const listed = (await server.store.staff.apiKeys('netbeheer-zuid')).find((k) => k.label === 'Planningssysteem');
    const rotated = await post(`/beheer/organisatie/sleutels/${listed?.id}/vervangen`, {}, admin.cookie);
    const newKey = /<code>(trj_[a-z2-7]+)<\/code>/.exec(await rotated.text())?.[1] as string;
    expect(newKey).not.toBe(key);
    expect((await server.get(newKey, `/api/v1/aanvragen/${NUMBER}`)).status).toBe(200);
    expect((await server.get(key, `/api/v1/aanvragen/${NUMBER}`)).status).toBe(200);

    const revoked = await post(`/beheer/organisatie/sleutels/${listed?.id}/intrekken`, {}, admin.cookie);
    expect(revoked.headers.get('location')).toBe('/beheer/organisatie?gelukt=ingetrokken');
    expect((await server.get(key, `/api/v1/aanvragen/${NUMBER}`)).status).toBe(401);
    expect((await server.get(newKey, `/api/v1/aanvragen/${NUMBER}`)).status).toBe(200);

    // Another organisation's admin cannot revoke it.
    const other = await staffCookie(server.store, { organisation: 'glasnet', role: 'admin' });
    const newId = (await server.store.staff.apiKeys('netbeheer-zuid')).find(
      (k) => !k.revokedAt && k.label === 'Planningssysteem',
    )?.id;
    const foreign = await post(`/beheer/organisatie/sleutels/${newId}/intrekken`, {}, other.cookie);
    expect(foreign.headers.get('location')).toBe('/beheer/organisatie?fout=sleutel');
    expect((await server.get(newKey, `/api/v1/aanvragen/${NUMBER}`)).status).toBe(200);
  });

  it('refuses control characters in a member’s name and a key’s label, and adds nothing', async () => {
    const admin = await staffCookie(server.store, { organisation: 'glasnet', role: 'admin' });
    const added = await addMember(admin.cookie, { naam: '\u001b[2JPiet', email: 'stuur@glasnet.example', rol: 'viewer' });
    expect(added).toEqual({ location: '/beheer/organisatie?fout=medewerker', member: undefined });
    const keysBefore = (await server.store.staff.apiKeys('glasnet')).length;
    const key = await post('/beheer/organisatie/sleutels', { naam: 'Planning\u0000' }, admin.cookie);
    expect(key.headers.get('location')).toBe('/beheer/organisatie?fout=sleutel');
    expect((await server.store.staff.apiKeys('glasnet')).length).toBe(keysBefore);
  });

  it('lets only admins manage', async () => {
    const planner = await staffCookie(server.store, { organisation: 'glasnet', role: 'planner' });
    expect((await post('/beheer/organisatie/sleutels', { naam: 'x' }, planner.cookie)).status).toBe(403);
    expect(
      (await post('/beheer/organisatie/medewerkers', { naam: 'x', email: 'x@example.com', rol: 'admin' }, planner.cookie)).status,
    ).toBe(403);
  });
});

describe('the webhooks page', () => {
  it('lets an admin add an endpoint, shows its secret once, and keeps it to the own organisation', async () => {
    const admin = await staffCookie(server.store, { organisation: 'kempen-kabel', role: 'admin' });
    const other = await staffCookie(server.store, { organisation: 'peelbouw', role: 'admin' });
    const planner = await staffCookie(server.store, { organisation: 'kempen-kabel', role: 'planner' });
    const form = new URLSearchParams([
      ['url', 'http://127.0.0.1:9/hook'],
      ['gebeurtenis', 'aanvraag.status_gewijzigd'],
      ['gebeurtenis', 'aanvraag.opgeleverd'],
    ]);
    const send = (path: string, body: URLSearchParams, cookie: string, headers = SAME_ORIGIN) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, cookie },
        body,
      });
    expect((await send('/beheer/webhooks', form, planner.cookie)).status).toBe(403);
    // From another site: refused before anything happens.
    expect((await send('/beheer/webhooks', form, admin.cookie, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await server.store.webhooks.ofOrganisation('kempen-kabel')).toEqual([]);
    const added = await send('/beheer/webhooks', form, admin.cookie);
    expect(added.status).toBe(201);
    expect(await added.text()).toMatch(/whsec_/);
    const [endpoint] = await server.store.webhooks.ofOrganisation('kempen-kabel');
    expect(endpoint?.events).toEqual(['aanvraag.status_gewijzigd', 'aanvraag.opgeleverd']);
    const refused = await send(
      '/beheer/webhooks',
      new URLSearchParams({ url: 'http://planning.example.nl/', gebeurtenis: 'aanvraag.opgeleverd' }),
      admin.cookie,
    );
    expect(refused.headers.get('location')).toBe('/beheer/webhooks?fout=adres');
    // Another organisation's admin cannot touch it.
    const theirs = await send(`/beheer/webhooks/${endpoint?.id}/verwijderen`, new URLSearchParams(), other.cookie);
    expect(theirs.headers.get('location')).toBe('/beheer/webhooks?fout=onbekend');
    expect(await server.store.webhooks.ofOrganisation('kempen-kabel')).toHaveLength(1);
    const rotated = await send(`/beheer/webhooks/${endpoint?.id}/geheim-vervangen`, new URLSearchParams(), admin.cookie);
    expect(rotated.status).toBe(201);
    expect((await server.store.webhooks.endpoint('kempen-kabel', endpoint?.id as number))?.previousSecretUntil).not.toBeNull();
    const removed = await send(`/beheer/webhooks/${endpoint?.id}/verwijderen`, new URLSearchParams(), admin.cookie);
    expect(removed.headers.get('location')).toBe('/beheer/webhooks?gelukt=verwijderd');
    expect(await server.store.webhooks.ofOrganisation('kempen-kabel')).toEqual([]);
  });
});

describe('alert settings and the daily digest choice (issue 15 items 3 and 4)', () => {
  it('lets an admin set N for planning in gevaar and zonder update, and refuses bad input with a 400', async () => {
    const admin = await staffCookie(server.store, { organisation: 'combi-peelland', role: 'admin' });
    const form = { 'werkdagen-gevaar': '3', 'dagen-zonder-update': '30' };
    for (const bad of [
      { ...form, 'werkdagen-gevaar': '0' },
      { ...form, 'werkdagen-gevaar': '21' },
      { ...form, 'dagen-zonder-update': 'veertien' },
      { ...form, 'dagen-zonder-update': '2.5' },
      { 'werkdagen-gevaar': '3' },
      { ...form, extra: '1' },
    ]) {
      const res = await post('/beheer/organisatie/meldingen', bad, admin.cookie);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.text()).toContain('Deze instelling kan niet');
    }
    expect(await server.store.alerts.settings('combi-peelland')).toEqual({ riskDays: 5, quietDays: 14 });
    const saved = await post('/beheer/organisatie/meldingen', form, admin.cookie);
    expect(saved.headers.get('location')).toBe('/beheer/organisatie?gelukt=meldingen#meldingen');
    expect(await server.store.alerts.settings('combi-peelland')).toEqual({ riskDays: 3, quietDays: 30 });
    // Its own organisation only: another's stays at the defaults.
    expect(await server.store.alerts.settings('combi-brabant-oost')).toEqual({ riskDays: 5, quietDays: 14 });
    const planner = await staffCookie(server.store, { organisation: 'combi-peelland', role: 'planner' });
    expect((await post('/beheer/organisatie/meldingen', form, planner.cookie)).status).toBe(403);
    expect((await post('/beheer/organisatie/meldingen', form, admin.cookie, { 'sec-fetch-site': 'cross-site' })).status).toBe(
      403,
    );
  });

  it('lets a planner switch their own digest off and on; a viewer gets none to switch', async () => {
    const planner = await staffCookie(server.store, { organisation: 'glasnet', role: 'planner' });
    const colleague = await staffCookie(server.store, { organisation: 'glasnet', role: 'planner' });
    const off = await post('/beheer/account/dagoverzicht', { dagoverzicht: 'uit' }, planner.cookie);
    expect(off.headers.get('location')).toBe('/beheer/account?gelukt=uit');
    expect(await server.store.alerts.wantsDigest(planner.id)).toBe(false);
    expect(await server.store.alerts.wantsDigest(colleague.id)).toBe(true);
    expect((await post('/beheer/account/dagoverzicht', { dagoverzicht: 'misschien' }, planner.cookie)).status).toBe(400);
    await post('/beheer/account/dagoverzicht', { dagoverzicht: 'aan' }, planner.cookie);
    expect(await server.store.alerts.wantsDigest(planner.id)).toBe(true);
    const viewer = await staffCookie(server.store, { organisation: 'glasnet', role: 'viewer' });
    expect((await post('/beheer/account/dagoverzicht', { dagoverzicht: 'uit' }, viewer.cookie)).status).toBe(403);
  });
});
