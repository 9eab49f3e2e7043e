import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sender } from '../../widgets/send.ts';
import { loadConfig } from '../config.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

const HOST = 'https://www.voorbeeld-netbeheerder.nl';
let server: TestServer;
let n = 0;

beforeAll(async () => {
  server = await startTestServer({ WIDGET_ORIGINS: `${HOST}, https://partner.example` });
});
afterAll(() => server.close());

/** A fresh client-chosen response id, as the widget makes one. */
const newId = () => `test-reactie-${String(++n).padStart(6, '0')}`;

async function put(path: string, body: unknown, headers: Record<string, string> = { origin: HOST }) {
  const res = await fetch(`${server.url}/api/v1/enquetes/${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
}
const web = (aanvraagnummer = 'MA-2026-0000001') => ({ aanvraagnummer, aanleiding: 'aanvraag-ingediend' });

describe('WIDGET_ORIGINS', () => {
  it('takes comma-separated origins and refuses anything with a path', () => {
    expect(loadConfig({ WIDGET_ORIGINS: ' https://a.example , http://localhost:8080/' }).WIDGET_ORIGINS).toEqual([
      'https://a.example',
      'http://localhost:8080',
    ]);
    expect(loadConfig({}).WIDGET_ORIGINS).toEqual([]);
    expect(() => loadConfig({ WIDGET_ORIGINS: 'https://a.example/pagina' })).toThrow(
      '"https://a.example/pagina" is geen origin: schrijf schema://host[:poort], zonder pad',
    );
  });
});

describe('GET /api/v1/enquetes/{enquete}', () => {
  it('gives the questions, scales and texts of a survey, readable by configured host sites', async () => {
    const res = await fetch(`${server.url}/api/v1/enquetes/webfeedback`, { headers: { origin: HOST } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(HOST);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const survey = await res.json();
    expect(survey).toMatchObject({ id: 'webfeedback', aanvraagnummer: 'verplicht', aanleidingen: ['aanvraag-ingediend'] });
    expect(survey.vragen[0]).toMatchObject({ id: 'moeite', soort: 'schaal', van: 1, tot: 7 });
  });

  it('lets no other site read it, and answers 404 for an unknown survey', async () => {
    const res = await fetch(`${server.url}/api/v1/enquetes/webfeedback`, { headers: { origin: 'https://elders.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const unknown = await fetch(`${server.url}/api/v1/enquetes/nps`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers a preflight for PUT from a configured site only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/v1/enquetes/webfeedback/reacties/${newId()}/antwoorden/moeite`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      });
    const ok = await preflight('https://partner.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(ok.headers.get('access-control-allow-methods')).toContain('PUT');
    expect((await preflight('https://elders.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await server.get(undefined, '/api/v1/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/enquetes/{enquete}',
        '/api/v1/enquetes/{enquete}/reacties/{reactie}',
        '/api/v1/enquetes/{enquete}/reacties/{reactie}/antwoorden/{vraag}',
        '/api/v1/enquetes/{enquete}/reacties/{reactie}/terugbellen',
      ]),
    );
  });
});

describe('PUT an answer: saved per question as it is given', () => {
  it('creates the response with the first answer (201) and keeps partial answers', async () => {
    const id = newId();
    const first = await put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 6, ...web() });
    expect(first).toMatchObject({ status: 201, body: { reactie: id, resultaat: 'aangemaakt' } });
    expect(first.headers.get('access-control-allow-origin')).toBe(HOST);
    const third = await put(`webfeedback/reacties/${id}/antwoorden/in-een-keer`, { waarde: 'opzoeken', ...web() });
    expect(third).toMatchObject({ status: 200, body: { resultaat: 'opgeslagen' } });
    const saved = await server.store.responses.get(id);
    expect(saved).toMatchObject({
      survey: 'webfeedback',
      requestNumber: 'MA-2026-0000001',
      trigger: 'aanvraag-ingediend',
      completedAt: null,
      answers: { moeite: 6, 'in-een-keer': 'opzoeken' },
    });
  });

  it('changes nothing when the same answer comes again; a new answer replaces the old one', async () => {
    const id = newId();
    const path = `webfeedback/reacties/${id}/antwoorden/lastig`;
    await put(path, { waarde: ['gegevens'], ...web('MA-2026-0000002') });
    expect((await put(path, { waarde: ['gegevens'], ...web('MA-2026-0000002') })).body.resultaat).toBe('ongewijzigd');
    expect((await put(path, { waarde: ['kosten', 'bijlagen'], ...web('MA-2026-0000002') })).body.resultaat).toBe('opgeslagen');
    expect((await server.store.responses.get(id))?.answers).toEqual({ lastig: ['kosten', 'bijlagen'] });
  });

  it('stores free text exactly as given', async () => {
    const id = newId();
    const text = '  <script>alert("x")</script> & "Ø" \n tweede regel ';
    expect(
      (await put(`webfeedback/reacties/${id}/antwoorden/verbeteren`, { waarde: text, ...web('MA-2026-0000003') })).status,
    ).toBe(201);
    expect((await server.store.responses.get(id))?.answers.verbeteren).toBe(text);
  });

  it('keeps one response per survey, aanvraag and trigger: another id for the same trigger is refused (409)', async () => {
    const ctx = web('MA-2026-0000004');
    expect((await put(`webfeedback/reacties/${newId()}/antwoorden/moeite`, { waarde: 2, ...ctx })).status).toBe(201);
    const second = await put(`webfeedback/reacties/${newId()}/antwoorden/moeite`, { waarde: 7, ...ctx });
    expect(second).toMatchObject({ status: 409, body: { title: 'Deze vragenlijst is voor deze aanvraag al ingevuld' } });
  });

  it('refuses a known response id for another aanvraag (409)', async () => {
    const id = newId();
    await put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 3, ...web('MA-2026-0000005') });
    const other = await put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 3, ...web('MA-2026-0000006') });
    expect(other.status).toBe(409);
  });

  it('lets the feedback button be used as often as the customer likes, also on one aanvraag', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await put(`feedbackknop/reacties/${newId()}/antwoorden/feedback`, {
        waarde: 'Fijne site',
        aanvraagnummer: 'MA-2026-0000007',
        pagina: '/volg/MA-2026-0000007',
      });
      expect(res.status).toBe(201);
    }
  });

  it('knows a rejected quote from an accepted one', async () => {
    const reason = (aanleiding: string) =>
      put(`offerte/reacties/${newId()}/antwoorden/reden-afwijzen`, {
        waarde: 'kosten',
        aanvraagnummer: 'MA-2026-0000008',
        aanleiding,
      });
    expect((await reason('offerte-afgewezen')).status).toBe(201);
    const accepted = await reason('offerte-geaccepteerd');
    expect(accepted).toMatchObject({ status: 404, body: { title: 'Vraag "reden-afwijzen" hoort niet bij deze vragenlijst' } });
  });
});

describe('PUT an answer: refused with the field named, in Dutch, and nothing written', () => {
  it.each([
    [
      'a value off the scale',
      'webfeedback',
      'moeite',
      { waarde: 9, ...web() },
      400,
      'waarde',
      'moet een heel getal van 1 tot en met 7 zijn',
    ],
    [
      'an unknown option',
      'webfeedback',
      'in-een-keer',
      { waarde: 'misschien', ...web() },
      400,
      'waarde',
      'moet een van deze zijn: ja, opzoeken, hulp',
    ],
    [
      'no aanvraagnummer where one is required',
      'webfeedback',
      'moeite',
      { waarde: 3 },
      400,
      'aanvraagnummer',
      'is verplicht bij deze vragenlijst',
    ],
    [
      'a malformed aanvraagnummer',
      'webfeedback',
      'moeite',
      { waarde: 3, aanvraagnummer: 'ma 1' },
      400,
      'aanvraagnummer',
      'moet een aanvraagnummer zijn (hoofdletters, cijfers, streepjes)',
    ],
    [
      'a quote answer without its trigger',
      'offerte',
      'moeite',
      { waarde: 3, aanvraagnummer: 'MA-2026-0000009' },
      400,
      'aanleiding',
      'moet een van deze zijn: offerte-geaccepteerd, offerte-afgewezen',
    ],
    ['an unknown field', 'webfeedback', 'moeite', { waarde: 3, ...web(), extra: 1 }, 400, undefined, 'onbekend veld: extra'],
    ['no value', 'webfeedback', 'moeite', { ...web() }, 400, 'waarde', 'is verplicht maar ontbreekt'],
    [
      'an e-mail address that is none',
      'feedbackknop',
      'email',
      { waarde: 'geen adres' },
      400,
      'waarde',
      'moet een e-mailadres zijn, zoals naam@voorbeeld.nl',
    ],
  ])('%s', async (_name, survey, question, body, status, field, message) => {
    const id = newId();
    const res = await put(`${survey}/reacties/${id}/antwoorden/${question}`, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toContainEqual(field ? { field, message } : { message });
    expect(await server.store.responses.get(id)).toBeUndefined();
  });

  it('answers 404 for an unknown question or survey, 400 for a bad response id, 415 for no JSON', async () => {
    expect((await put(`webfeedback/reacties/${newId()}/antwoorden/kleur`, { waarde: 1, ...web() })).status).toBe(404);
    expect((await put(`nps/reacties/${newId()}/antwoorden/moeite`, { waarde: 1, ...web() })).status).toBe(404);
    const short = await put('webfeedback/reacties/kort/antwoorden/moeite', { waarde: 1, ...web() });
    expect(short).toMatchObject({ status: 400, body: { errors: [{ field: 'reactie' }] } });
    const text = await put(`webfeedback/reacties/${newId()}/antwoorden/moeite`, 'waarde=1', {
      origin: HOST,
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    const broken = await put(`webfeedback/reacties/${newId()}/antwoorden/moeite`, '{"waarde": 1,');
    expect(broken).toMatchObject({ status: 400, body: { title: 'De body is geen geldige JSON' } });
    const huge = await put(`webfeedback/reacties/${newId()}/antwoorden/verbeteren`, { waarde: 'x'.repeat(40_000), ...web() });
    expect(huge.status).toBe(413);
  });

  it('refuses writes from sites not configured, and requests that name no site at all (403)', async () => {
    const path = `webfeedback/reacties/${newId()}/antwoorden/moeite`;
    expect((await put(path, { waarde: 1, ...web() }, { origin: 'https://elders.example' })).status).toBe(403);
    expect((await put(path, { waarde: 1, ...web() }, {})).status).toBe(403);
    // The portal itself is always allowed.
    expect((await put(path, { waarde: 1, ...web('MA-2026-0000010') }, { origin: server.url })).status).toBe(201);
  });

  it('takes the survey links (eindmeting, helpdesk) only through their personal link', async () => {
    const res = await put(`eindmeting/reacties/${newId()}/antwoorden/cijfer`, { waarde: 8, aanvraagnummer: 'MA-2026-0000011' });
    expect(res).toMatchObject({
      status: 403,
      body: { title: 'Deze vragenlijst is alleen te beantwoorden via de persoonlijke link' },
    });
  });

  it('limits the answers per response (429 with Retry-After)', async () => {
    const id = newId();
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 61; i++) {
      const res = await put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: (i % 7) + 1, ...web('MA-2026-0000012') });
      last = res.status;
      retryAfter = res.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('PUT a response: finishing it', () => {
  it('refuses to finish while a required question is open (422), then finishes', async () => {
    const id = newId();
    const open = await put(`feedbackknop/reacties/${id}`, { antwoorden: { waardering: 4 }, afgerond: true });
    expect(open).toMatchObject({ status: 422, body: { errors: [{ field: 'antwoorden.feedback', message: 'is verplicht' }] } });
    expect(await server.store.responses.get(id)).toBeUndefined();
    const done = await put(`feedbackknop/reacties/${id}`, {
      antwoorden: { waardering: 4, feedback: 'Duidelijk.' },
      afgerond: true,
    });
    expect(done).toMatchObject({ status: 201, body: { resultaat: 'aangemaakt' } });
    expect((await server.store.responses.get(id))?.completedAt).not.toBeNull();
    expect((await put(`feedbackknop/reacties/${id}`, { afgerond: true })).body.resultaat).toBe('ongewijzigd');
  });
});

/** The call-back rows of a response, straight from the database. */
function callbackRows(responseId: string) {
  const db = new Database(server.databaseFile, { readonly: true });
  try {
    return db.prepare('select organisation_id, phone from callback_requests where invitation_id = ?').all(responseId);
  } finally {
    db.close();
  }
}

/** The open call-back tasks an organisation sees in GET /api/v1/terugbelverzoeken. */
async function tasksOf(org: string): Promise<{ id: string; enquete: string; aanvraagnummer: string; telefoon: string }[]> {
  const { status, body } = await server.get(server.keys.get(org), '/api/v1/terugbelverzoeken');
  expect(status).toBe(200);
  return body.verzoeken;
}

describe('closing the loop in the pop-ups: "bel mij terug" after a clearly negative answer', () => {
  // Known aanvragen: Netbeheer Zuid (elektra) and Waterbedrijf Peel (water) take part, the work is
  // not yet with the combi, so Netbeheer Zuid is responsible (domain/callback.ts).
  const known = (i: number) => `MA-LOOP-W${i}`;
  beforeAll(async () => {
    const nb = server.keys.get('netbeheer-zuid');
    const subs = Array.from({ length: 9 }, (_, i) => submission(known(i + 1)));
    expect((await server.post(nb, { berichten: subs })).status).toBe(201);
  });

  /** A finished response with these answers; the finishing PUT's body. */
  async function finish(survey: string, id: string, ctx: Record<string, string>, antwoorden: Record<string, unknown>) {
    const res = await put(`${survey}/reacties/${id}`, { ...ctx, antwoorden, afgerond: true });
    expect(res.status).toBe(201);
    return res.body;
  }
  const callBack = (survey: string, id: string, body: unknown, headers?: Record<string, string>) =>
    put(`${survey}/reacties/${id}/terugbellen`, body, headers);

  it('offers it after a clearly negative web feedback, and makes one task for the organisation responsible', async () => {
    const id = newId();
    // Answered one by one as the widget does, then finished: the offer is decided on all answers.
    await put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 7, ...web(known(1)) });
    const done = await put(`webfeedback/reacties/${id}`, { ...web(known(1)), afgerond: true });
    expect(done).toMatchObject({ status: 200, body: { reactie: id, resultaat: 'opgeslagen', terugbellen: true } });

    const first = await callBack('webfeedback', id, { telefoon: '06 12345678' });
    expect(first).toMatchObject({ status: 201, body: { reactie: id, resultaat: 'aangemaakt' } });
    expect(first.headers.get('access-control-allow-origin')).toBe(HOST);
    // A retry (the answer got lost, or the customer pressed twice) makes no second task.
    expect(await callBack('webfeedback', id, { telefoon: '06 12345678' })).toMatchObject({
      status: 200,
      body: { resultaat: 'ongewijzigd' },
    });
    expect(await callBack('webfeedback', id, { telefoon: '040 123 45 67' })).toMatchObject({ status: 200 });
    expect(callbackRows(id)).toHaveLength(1);

    const mine = (await tasksOf('netbeheer-zuid')).filter((t) => t.aanvraagnummer === known(1));
    expect(mine).toEqual([
      {
        id: expect.any(String),
        enquete: 'webfeedback',
        aanvraagnummer: known(1),
        organisatie: 'netbeheer-zuid',
        telefoon: '+31612345678',
        opmerking: null,
        aangemaakt: expect.any(String),
      },
    ]);
    // Not for another organisation, not even one that takes part in the aanvraag; the platform sees all.
    expect((await tasksOf('waterbedrijf-peel')).filter((t) => t.aanvraagnummer === known(1))).toEqual([]);
    expect((await tasksOf('combi-brabant-oost')).filter((t) => t.aanvraagnummer === known(1))).toEqual([]);
    expect((await tasksOf('traject')).filter((t) => t.aanvraagnummer === known(1))).toHaveLength(1);
  });

  it('offers it in the offerte pop-up too, on the low end of a scale where low is bad', async () => {
    const id = newId();
    const ctx = { aanvraagnummer: known(2), aanleiding: 'offerte-afgewezen' };
    expect(await finish('offerte', id, ctx, { moeite: 3, duidelijk: 1, 'reden-afwijzen': 'kosten' })).toMatchObject({
      terugbellen: true,
    });
    expect((await callBack('offerte', id, { telefoon: '+31 40 123 4567' })).status).toBe(201);
    expect((await tasksOf('netbeheer-zuid')).find((t) => t.aanvraagnummer === known(2))).toMatchObject({
      enquete: 'offerte',
      telefoon: '+31401234567',
    });
  });

  it.each([
    ['an empty number', { telefoon: '' }, 'telefoon', 'moet een Nederlands vast of mobiel telefoonnummer zijn'],
    ['too few digits', { telefoon: '06 1234' }, 'telefoon', 'moet een Nederlands vast of mobiel telefoonnummer zijn'],
    ['a foreign number', { telefoon: '+32 470 12 34 56' }, 'telefoon', 'moet een Nederlands vast of mobiel'],
    ['a premium-rate number', { telefoon: '0900 1234567' }, 'telefoon', 'moet een Nederlands vast of mobiel'],
    ['text', { telefoon: 'bel me maar' }, 'telefoon', 'moet een Nederlands vast of mobiel'],
    ['no number', {}, 'telefoon', 'is verplicht maar ontbreekt'],
    ['a number that is no text', { telefoon: 612345678 }, 'telefoon', 'moet een tekst zijn, zoals "06 12345678"'],
  ])('refuses %s (400, the field named, nothing written)', async (_name, body, field, message) => {
    const id = newId();
    const nr = known(3);
    // The same aanvraag each time: a response id of its own, not finished through the trigger.
    await put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 7, ...web(`${nr}-${id.slice(-3)}`) });
    const res = await callBack('webfeedback', id, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toContainEqual({ field, message: expect.stringContaining(message) });
    expect(callbackRows(id)).toEqual([]);
  });

  it('refuses a bad number on a response that would get the offer, and writes nothing', async () => {
    const id = newId();
    expect(await finish('webfeedback', id, web(known(4)), { moeite: 6 })).toMatchObject({ terugbellen: true });
    const res = await callBack('webfeedback', id, { telefoon: '0800 1234567', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'telefoon', message: expect.stringContaining('zoals 06 12345678') },
        { message: 'onbekend veld: extra' },
      ]),
    );
    expect(callbackRows(id)).toEqual([]);
    expect((await tasksOf('traject')).filter((t) => t.aanvraagnummer === known(4))).toEqual([]);
  });

  it('offers nothing after answers that are not clearly negative, and refuses the call-back (422)', async () => {
    const id = newId();
    const body = await finish('webfeedback', id, web(known(5)), { moeite: 5, 'in-een-keer': 'hulp', verbeteren: 'Slecht!' });
    expect(body).toEqual({ reactie: id, resultaat: 'aangemaakt', terugbellen: false });
    const res = await callBack('webfeedback', id, { telefoon: '06 12345678' });
    expect(res).toMatchObject({
      status: 422,
      body: { title: 'Terugbellen kan alleen na een afgeronde reactie met een duidelijk negatief antwoord' },
    });
    expect(callbackRows(id)).toEqual([]);
  });

  it('refuses it before the response is finished, for an unknown aanvraag, and for the feedback button (422)', async () => {
    const open = newId();
    await put(`webfeedback/reacties/${open}/antwoorden/moeite`, { waarde: 7, ...web(known(6)) });
    expect((await callBack('webfeedback', open, { telefoon: '06 12345678' })).status).toBe(422);

    // An aanvraagnummer nobody sent: there is no organisation to call back for it.
    const unknown = newId();
    expect(await finish('webfeedback', unknown, web('MA-2026-9999999'), { moeite: 7 })).toMatchObject({ terugbellen: false });
    expect((await callBack('webfeedback', unknown, { telefoon: '06 12345678' })).status).toBe(422);

    // The feedback button: no offer, even with an aanvraag and the worst rating.
    const knop = newId();
    const ctx = { aanvraagnummer: known(7), pagina: '/volg' };
    expect(await finish('feedbackknop', knop, ctx, { waardering: 1, feedback: 'Slecht.' })).toMatchObject({
      terugbellen: false,
    });
    expect((await callBack('feedbackknop', knop, { telefoon: '06 12345678' })).status).toBe(422);
    expect([...callbackRows(open), ...callbackRows(unknown), ...callbackRows(knop)]).toEqual([]);
  });

  it('answers 404 for an unknown response or one of another survey, 403 for sites not configured', async () => {
    expect(await callBack('webfeedback', newId(), { telefoon: '06 12345678' })).toMatchObject({
      status: 404,
      body: { title: 'Onbekende reactie' },
    });
    const id = newId();
    await finish('webfeedback', id, web(known(8)), { moeite: 7 });
    expect((await callBack('offerte', id, { telefoon: '06 12345678' })).status).toBe(404);
    expect((await callBack('webfeedback', id, { telefoon: '06 12345678' }, { origin: 'https://elders.example' })).status).toBe(
      403,
    );
    expect((await callBack('webfeedback', id, { telefoon: '06 12345678' }, {})).status).toBe(403);
    expect((await callBack('eindmeting', id, { telefoon: '06 12345678' })).status).toBe(403);
    expect(callbackRows(id)).toEqual([]);
  });
});

describe('a response retried after a network failure', () => {
  let proxy: Server;
  let proxyUrl: string;
  let dropped = 0;

  beforeAll(async () => {
    // Forwards every request to the server, but breaks the connection instead of passing back the
    // first answer to each answer's path: the server saved it, the client saw a network error.
    const broken = new Set<string>();
    proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await fetch(`${server.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': String(req.headers['content-type']), origin: HOST },
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const text = await answer.text();
      if (!broken.has(req.url ?? '')) {
        broken.add(req.url ?? '');
        dropped++;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it('is stored once, with each answer once, and finished', async () => {
    const failures: number[] = [];
    const send = sender({ api: `${proxyUrl}/api/v1/enquetes/`, pause: () => 10, onFail: (s) => failures.push(s) });
    const id = newId();
    const ctx = web('MA-2026-0000099');
    send.put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 5, ...ctx });
    send.put(`webfeedback/reacties/${id}/antwoorden/verbeteren`, { waarde: 'Minder velden graag.', ...ctx });
    await send.put(`webfeedback/reacties/${id}`, { ...ctx, afgerond: true });

    expect(dropped).toBe(3);
    expect(failures).toEqual([]);
    const db = new Database(server.databaseFile, { readonly: true });
    const responses = db.prepare('select id, completed_at from survey_responses where request_number = ?').all('MA-2026-0000099');
    const answers = db.prepare('select question from survey_answers where response_id = ? order by question').all(id);
    db.close();
    expect(responses).toEqual([{ id, completed_at: expect.any(String) }]);
    expect(answers).toEqual([{ question: 'moeite' }, { question: 'verbeteren' }]);
  });

  it('makes one call-back task when the request for it is retried', async () => {
    const nb = server.keys.get('netbeheer-zuid');
    expect((await server.post(nb, { berichten: [submission('MA-LOOP-RETRY')] })).status).toBe(201);
    const failures: number[] = [];
    const send = sender({ api: `${proxyUrl}/api/v1/enquetes/`, pause: () => 10, onFail: (s) => failures.push(s) });
    const id = newId();
    const ctx = web('MA-LOOP-RETRY');
    let offer: unknown;
    send.put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 7, ...ctx });
    send.put(`webfeedback/reacties/${id}`, { ...ctx, afgerond: true }, async (res) => {
      offer = (await res.json()).terugbellen;
    });
    await send.put(`webfeedback/reacties/${id}/terugbellen`, { telefoon: '0612345678' });

    expect(dropped).toBe(6); // the first answer to each of the three requests was lost
    expect(failures).toEqual([]);
    expect(offer).toBe(true);
    expect(callbackRows(id)).toEqual([{ organisation_id: expect.any(Number), phone: '+31612345678' }]);
    expect((await tasksOf('netbeheer-zuid')).filter((t) => t.aanvraagnummer === 'MA-LOOP-RETRY')).toHaveLength(1);
  });
});
