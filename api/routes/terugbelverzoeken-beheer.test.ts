/**
 * The werklijst's call-back forms over real HTTP on either database: "ik bel", give back, close
 * with a reason or by logging the call as a contact moment (linked to it). A viewer may not (403),
 * another organisation finds nothing (404), a colleague's claim stands (409), bad input is a
 * clear 400 that writes nothing, and a form from another site is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackRequest } from '../storage/store.ts';
import { testRows } from '../storage/testing/test-sql.ts';
import { staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
const ORG = 'van-der-berg-infra';
const NUMBER = 'MA-TERUG-1';
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

const request = (id: string, organisation = ORG): Omit<CallbackRequest, 'doneAt'> => ({
  id,
  invitationId: `inv-${id}`,
  survey: 'eindmeting',
  requestNumber: NUMBER,
  organisation,
  phone: '+31612345678',
  note: 'Bel na vijven',
  createdAt: new Date('2026-11-02T10:00:00+01:00'),
});

async function post(path: string, fields: Record<string, string>, cookie: string, headers: Record<string, string> = SAME_ORIGIN) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, cookie },
    body: new URLSearchParams(fields),
  });
}
const act = (id: string, action: string, cookie: string, fields: Record<string, string> = {}) =>
  post(`/beheer/werklijst/terugbelverzoeken/${id}/${action}`, fields, cookie);
const errorsOf = (res: Response) => new URL(res.headers.get('location') ?? '', 'http://x').searchParams.getAll('fout').join(' ');
const row = async (id: string) =>
  (
    await testRows<{
      claimed_by: number | null;
      close_reason: string | null;
      close_attempts: number | null;
      contact_message_id: string | null;
      done: unknown;
    }>(
      server.where,
      'select claimed_by, close_reason, close_attempts, contact_message_id, done_at as done from callback_requests where id = ?',
      id,
    )
  )[0];

let anna: { cookie: string; id: number };
let bram: { cookie: string; id: number };
let cees: { cookie: string; id: number };
let viewer: { cookie: string };
let other: { cookie: string };

beforeAll(async () => {
  server = await startTestServer();
  const nb = server.keys.get('netbeheer-zuid') as string;
  const handed = {
    id: 'h-terug',
    type: 'handed_to_combi',
    requestNumber: NUMBER,
    occurredAt: '2026-11-04T10:00:00+01:00',
    workOrderIds: [`${NUMBER}-E`],
    contractor: ORG,
  };
  expect((await server.post(nb, { berichten: [submission(NUMBER), handed] })).status).toBe(201);
  for (const id of ['cbclaim', 'cbreden', 'cbcontact', 'cbtaken']) await server.store.callbacks.add(request(id));
  await server.store.callbacks.add(request('cbpeel', 'peelbouw'));
  anna = await staffCookie(server.store, { organisation: ORG, role: 'planner', name: 'Anna Planner' });
  bram = await staffCookie(server.store, { organisation: ORG, role: 'admin', name: 'Bram Beheerder' });
  cees = await staffCookie(server.store, { organisation: ORG, role: 'planner', name: 'Cees Planner' });
  viewer = await staffCookie(server.store, { organisation: ORG, role: 'viewer' });
  other = await staffCookie(server.store, { organisation: 'peelbouw', role: 'admin' });
});
afterAll(() => server.close());

describe('claiming a call-back ("ik bel")', () => {
  it('claims for the planner, refuses a colleague clearly, and gives back for the claimer or an admin', async () => {
    const claimed = await act('cbclaim', 'ik-bel', anna.cookie);
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get('location')).toBe('/beheer/werklijst?gelukt=geclaimd#terugbellen');
    expect((await row('cbclaim'))?.claimed_by).toBe(anna.id);

    const second = await act('cbclaim', 'ik-bel', bram.cookie);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('Anna Planner belt deze klant al terug');
    expect((await row('cbclaim'))?.claimed_by).toBe(anna.id);

    expect((await act('cbclaim', 'vrijgeven', cees.cookie)).status).toBe(409);
    const released = await act('cbclaim', 'vrijgeven', anna.cookie);
    expect(released.headers.get('location')).toBe('/beheer/werklijst?gelukt=vrijgegeven#terugbellen');
    expect((await row('cbclaim'))?.claimed_by).toBeNull();
    // A claim of someone who left or is away: an admin gives it back, so the customer is still called.
    expect((await act('cbclaim', 'ik-bel', anna.cookie)).status).toBe(303);
    expect((await act('cbclaim', 'vrijgeven', bram.cookie)).headers.get('location')).toBe(
      '/beheer/werklijst?gelukt=vrijgegeven#terugbellen',
    );
    expect((await row('cbclaim'))?.claimed_by).toBeNull();
  });

  it('lets a viewer claim and close nothing (403), and another organisation finds nothing (404)', async () => {
    expect((await act('cbclaim', 'ik-bel', viewer.cookie)).status).toBe(403);
    expect((await act('cbclaim', 'afsluiten', viewer.cookie, { reden: 'opgelost' })).status).toBe(403);
    expect((await act('cbclaim', 'ik-bel', other.cookie)).status).toBe(404);
    expect((await act('cbclaim', 'afsluiten', other.cookie, { reden: 'opgelost' })).status).toBe(404);
    expect((await act('cbpeel', 'ik-bel', anna.cookie)).status).toBe(404);
    expect(await row('cbclaim')).toMatchObject({ claimed_by: null, done: null });
    // Not signed in: to the sign-in page; from another site: refused before anything is read.
    const anonymous = await post('/beheer/werklijst/terugbelverzoeken/cbclaim/ik-bel', {}, '');
    expect(anonymous.status).toBe(303);
    const crossSite = await post('/beheer/werklijst/terugbelverzoeken/cbclaim/ik-bel', {}, anna.cookie, {
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    expect((await row('cbclaim'))?.claimed_by).toBeNull();
    expect((await act('cbclaim', 'weggooien', anna.cookie)).status).toBe(404);
    expect((await act('NIET-GOED!', 'ik-bel', anna.cookie)).status).toBe(404);
  });
});

describe('closing a call-back', () => {
  it('with a reason from the list; bad input is a clear 400 and writes nothing', async () => {
    const tooFew = await act('cbreden', 'afsluiten', anna.cookie, { reden: 'onbereikbaar', pogingen: '1' });
    expect(tooFew.status).toBe(400);
    expect(await tooFew.text()).toContain('Pogingen: minstens 3 pogingen');
    const other = await act('cbreden', 'afsluiten', anna.cookie, { reden: 'anders', toelichting: '' });
    expect(other.status).toBe(400);
    expect((await act('cbreden', 'afsluiten', anna.cookie, { reden: 'kwijt' })).status).toBe(400);
    expect(await row('cbreden')).toMatchObject({ close_reason: null, done: null });

    const closed = await act('cbreden', 'afsluiten', anna.cookie, {
      reden: 'onbereikbaar',
      pogingen: '3',
      toelichting: 'Voicemail',
    });
    expect(closed.headers.get('location')).toBe('/beheer/werklijst?gelukt=afgesloten#terugbellen');
    expect(await row('cbreden')).toMatchObject({ close_reason: 'onbereikbaar', close_attempts: 3 });
    expect((await row('cbreden'))?.done).not.toBeNull();
    // Closed is closed: a second close finds no open request.
    expect((await act('cbreden', 'afsluiten', anna.cookie, { reden: 'opgelost' })).status).toBe(404);
  });

  it('by logging the call as a contact moment, linked to it; not while a colleague holds it', async () => {
    const contact = (formulier: string, terugbelverzoek: string) => ({
      formulier,
      datum: '2026-11-05',
      tijd: '10:15',
      soort: 'overig',
      kanaal: 'telefoon',
      gesprokenMet: 'Sanne de Vries (aanvrager)',
      onderwerp: 'Terugbelverzoek na de enquête',
      samenvatting: 'Excuses gemaakt; de monteur komt dinsdag.',
      terugbelverzoek,
    });
    expect((await act('cbtaken', 'ik-bel', bram.cookie)).status).toBe(303);
    // A form with a mistake comes back with its call-back, so the corrected call still closes it.
    const mistake = await post(
      `/beheer/aanvragen/${NUMBER}/contactmoment`,
      { ...contact('terugbeldddddddddddddd', 'cbcontact'), onderwerp: '' },
      anna.cookie,
    );
    expect(new URL(mistake.headers.get('location') ?? '', 'http://x').searchParams.get('terugbelverzoek')).toBe('cbcontact');
    expect(await row('cbcontact')).toMatchObject({ close_reason: null, done: null });
    const refused = await post(
      `/beheer/aanvragen/${NUMBER}/contactmoment`,
      contact('terugbelaaaaaaaaaaaaa', 'cbtaken'),
      anna.cookie,
    );
    expect(errorsOf(refused)).toContain('Bram Beheerder belt deze klant al terug');
    const unknown = await post(
      `/beheer/aanvragen/${NUMBER}/contactmoment`,
      contact('terugbelbbbbbbbbbbbbb', 'cbpeel'),
      anna.cookie,
    );
    expect(errorsOf(unknown)).toContain('staat niet (meer) open');
    expect((await server.store.requestState(NUMBER))?.contactMoments).toHaveLength(0);

    const logged = await post(
      `/beheer/aanvragen/${NUMBER}/contactmoment`,
      contact('terugbelccccccccccccc', 'cbcontact'),
      anna.cookie,
    );
    expect(logged.headers.get('location')).toBe(`/beheer/aanvragen/${NUMBER}?gelukt=contactmoment&terugbelverzoek=gesloten`);
    expect(await row('cbcontact')).toMatchObject({
      close_reason: 'contactmoment',
      contact_message_id: 'beheer-terugbelccccccccccccc',
    });
    expect((await server.store.requestState(NUMBER))?.contactMoments).toHaveLength(1);
  });
});
