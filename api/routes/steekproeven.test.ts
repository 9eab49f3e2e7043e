/**
 * Issue 15 item 6 over HTTP: a combi-organisatie's planner draws a sample with a seed, records a
 * verdict and downloads the report as a real PDF; another combi cannot see or judge it, a viewer
 * cannot draw, a contractor has no samples, and a cross-site form is refused.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactLogged, postForm, SAME_ORIGIN, staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
let planner: string;

beforeAll(async () => {
  server = await startTestServer();
  const nb = server.keys.get('netbeheer-zuid') as string;
  const berichten = [
    submission('MA-STEEK-1', { occurredAt: '2026-11-02T09:00:00+01:00' }),
    ...[3, 4, 5, 6, 9].map((day) =>
      contactLogged('MA-STEEK-1', `steek-${day}`, {
        occurredAt: `2026-11-0${day}T10:00:00+01:00`,
        staffName: `Medewerker ${day}`,
      }),
    ),
  ];
  expect((await server.post(nb, { berichten })).status).toBe(201);
  planner = (await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'planner', name: 'Joris' })).cookie;
});
afterAll(() => server.close());

const send = (path: string, cookie: string, form: Record<string, string | string[]>, headers = SAME_ORIGIN) =>
  postForm(server.url, path, cookie, form, headers);
const draw = (cookie: string, form: Record<string, string>) =>
  send('/beheer/steekproeven', cookie, { van: '2026-11-01', tot: '2026-11-30', omvang: '3', ...form });
const idOf = (res: Response) => Number(/\/beheer\/steekproeven\/(\d+)\?/.exec(res.headers.get('location') ?? '')?.[1]);

describe('/beheer/steekproeven', () => {
  it('draws the same moments for the same seed, records a verdict and gives the report as a PDF', async () => {
    const first = await draw(planner, { zaad: 'overleg-dec' });
    expect(first.status).toBe(303);
    const again = await draw(planner, { zaad: 'overleg-dec' });
    const [a, b] = [idOf(first), idOf(again)];
    const one = await server.store.qualitySamples.sample('combi-brabant-oost', a);
    const two = await server.store.qualitySamples.sample('combi-brabant-oost', b);
    expect(one?.items.map((i) => i.moment.staffName)).toHaveLength(3);
    expect(two?.items.map((i) => i.moment.staffName)).toEqual(one?.items.map((i) => i.moment.staffName));

    const item = one?.items[0];
    if (!item) throw new Error('no item');
    const verdict = await send(`/beheer/steekproeven/${a}/oordeel/${item.id}`, planner, {
      oordeel: 'voldoet-niet',
      tekortkomingen: ['bevestiging', 'gesproken-met'],
      toelichting: 'Geen bevestiging gevonden',
    });
    expect(verdict.status).toBe(303);
    expect(verdict.headers.get('location')).toBe(`/beheer/steekproeven/${a}?gelukt=oordeel#moment-${item.id}`);
    const saved = (await server.store.qualitySamples.sample('combi-brabant-oost', a))?.items[0];
    expect(saved).toMatchObject({ verdict: 'voldoet-niet', failed: ['bevestiging', 'gesproken-met'], reviewedBy: 'Joris' });

    const pdf = await fetch(`${server.url}/beheer/steekproeven/${a}/rapport.pdf`, { headers: { cookie: planner } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const doc = await getDocumentProxy(bytes);
    expect(doc.numPages).toBe(1);
    const { text } = await extractText(doc, { mergePages: true });
    expect(text).toContain('Steekproef contactmomenten');
    expect(text).toContain('overleg-dec');
    expect(text).toContain('Netbeheer Zuid');
    expect(text).toContain('Geen bevestiging gevonden');
    // No customer's name on paper.
    expect(text).not.toContain('Sanne de Vries');
  });

  it('keeps a sample to its organisation, drawing to planners, and refuses bad and cross-site forms', async () => {
    const id = idOf(await draw(planner, {}));
    const item = (await server.store.qualitySamples.sample('combi-brabant-oost', id))?.items[0]?.id ?? 0;
    const other = (await staffCookie(server.store, { organisation: 'combi-peelland', role: 'admin' })).cookie;
    expect((await fetch(`${server.url}/beheer/steekproeven/${id}/rapport.pdf`, { headers: { cookie: other } })).status).toBe(404);
    expect((await send(`/beheer/steekproeven/${id}/oordeel/${item}`, other, { oordeel: 'voldoet' })).status).toBe(404);
    // Peelland's own sample over the same month holds nothing of Brabant-Oost's aanvraag.
    const peel = idOf(await draw(other, { omvang: '100' }));
    expect((await server.store.qualitySamples.sample('combi-peelland', peel))?.items).toEqual([]);

    const viewer = (await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'viewer' })).cookie;
    expect((await draw(viewer, {})).status).toBe(403);
    expect((await fetch(`${server.url}/beheer/steekproeven/${id}/rapport.pdf`, { headers: { cookie: viewer } })).status).toBe(
      200,
    );
    const contractor = (await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'admin' })).cookie;
    expect((await draw(contractor, {})).status).toBe(403);

    const bad = await draw(planner, { omvang: '0' });
    expect(bad.headers.get('location')).toBe('/beheer/steekproeven?fout=omvang');
    const backwards = await draw(planner, { van: '2026-11-30', tot: '2026-11-01' });
    expect(backwards.headers.get('location')).toBe('/beheer/steekproeven?fout=tot');
    const forged = await send(
      '/beheer/steekproeven',
      planner,
      { van: '2026-11-01', tot: '2026-11-30', omvang: '3' },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(forged.status).toBe(403);
    expect(
      (await send(`/beheer/steekproeven/${id}/oordeel/${item}`, planner, { oordeel: 'misschien' })).headers.get('location'),
    ).toBe(`/beheer/steekproeven/${id}?fout=oordeel#moment-${item}`);
  });
});
