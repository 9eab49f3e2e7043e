import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeBase64 } from '@oslojs/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_CHARACTERS_MESSAGE } from '../../domain/plain-text.ts';
import { sender } from '../../widgets/send.ts';
import { popUpTokens, popUpTokensFor } from '../auth/popup-token.ts';
import { secretBox } from '../auth/secret-box.ts';
import { loadConfig } from '../config.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

const HOST = 'https://www.voorbeeld-netbeheerder.nl';
/** The server's secret, so that the tests make pop-up tokens as the server does. */
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
const box = secretBox(decodeBase64(SECRET_KEY));
const tokens = popUpTokensFor(box);
let server: TestServer;
let n = 0;

beforeAll(async () => {
  server = await startTestServer({ WIDGET_ORIGINS: `${HOST}, https://partner.example`, SECRET_KEY });
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
/** A pop-up's context as the widget sends it: aanvraag, trigger and the token the host page got for them. */
const popUp = (survey: string, aanvraagnummer: string, aanleiding: string) => ({
  aanvraagnummer,
  aanleiding,
  token: tokens.mint({ survey, requestNumber: aanvraagnummer, trigger: aanleiding }).token,
});
const web = (aanvraagnummer = 'MA-2026-0000001') => popUp('webfeedback', aanvraagnummer, 'aanvraag-ingediend');

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

  it('speaks the language the widget asks for (taal=en: the English texts of the editors), Dutch by default', async () => {
    const english = await (await fetch(`${server.url}/api/v1/enquetes/webfeedback?taal=en`)).json();
    expect(english).toMatchObject({ titel: 'How was applying?', bedankt: expect.stringMatching(/^Thank you!/) });
    expect(english.vragen[0]).toMatchObject({ id: 'moeite', vraag: 'How much effort was applying?', laag: 'Very little effort' });
    expect(english.vragen[1].opties[0]).toEqual({ id: 'soort-aansluiting', tekst: 'Choosing the connection I need' });
    // One language per answer: no `en` blocks, and the Dutch is gone.
    expect(JSON.stringify(english)).not.toMatch(/"en":|Hoeveel moeite/);
    const dutch = await (await fetch(`${server.url}/api/v1/enquetes/webfeedback`)).json();
    expect(dutch).toMatchObject({ titel: 'Hoe ging het aanvragen?' });
    expect(JSON.stringify(dutch)).not.toMatch(/"en":|How much/);
    expect((await fetch(`${server.url}/api/v1/enquetes/webfeedback?taal=de`)).status).toBe(400);
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
        '/api/v1/enquetes/{enquete}/pop-up',
        '/api/v1/enquetes/{enquete}/pop-up-tokens',
      ]),
    );
    expect(body.paths['/api/v1/enquetes/{enquete}/pop-up-tokens'].post.security).toEqual([{ apiKey: [] }]);
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
        ...popUp('offerte', 'MA-2026-0000008', aanleiding),
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

/** The call-back requests of a response, as the store holds them (none is done in these tests). */
async function callbackRows(responseId: string) {
  const open = await server.store.callbacks.openFor('alle');
  return open.filter((r) => r.invitationId === responseId).map(({ organisation, phone }) => ({ organisation, phone }));
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
  /** PUT …/terugbellen as the widget sends it: with the token of the response's pop-up, unless the body names one. */
  async function callBack(survey: string, id: string, body: Record<string, unknown>, headers?: Record<string, string>) {
    const r = await server.store.responses.get(id);
    const token =
      r?.requestNumber &&
      r.trigger &&
      tokens.mint({ survey: r.survey, requestNumber: r.requestNumber, trigger: r.trigger }).token;
    return put(`${survey}/reacties/${id}/terugbellen`, { ...(token && { token }), ...body }, headers);
  }

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
    expect(await callbackRows(id)).toHaveLength(1);

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
    const ctx = popUp('offerte', known(2), 'offerte-afgewezen');
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
    expect(await callbackRows(id)).toEqual([]);
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
    expect(await callbackRows(id)).toEqual([]);
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
    expect(await callbackRows(id)).toEqual([]);
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
    expect([...(await callbackRows(open)), ...(await callbackRows(unknown)), ...(await callbackRows(knop))]).toEqual([]);
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
    expect(await callbackRows(id)).toEqual([]);
  });
});

/** POST …/pop-up-tokens as a host site's server does it, with an organisation's API key. */
async function mint(org: string | undefined, survey: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/enquetes/${survey}/pop-up-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(org && { authorization: `Bearer ${server.keys.get(org)}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
}

/** Makes these aanvragen known, sent by Netbeheer Zuid (elektra; Waterbedrijf Peel has the water). */
async function submit(...numbers: string[]) {
  const { status } = await server.post(server.keys.get('netbeheer-zuid'), { berichten: numbers.map((nr) => submission(nr)) });
  expect(status).toBe(201);
}

describe('POST /api/v1/enquetes/{enquete}/pop-up-tokens: the page that shows a pop-up gets its token', () => {
  const NR = 'MA-TOKEN-0001';
  beforeAll(() => submit(NR));

  it('gives an organisation that takes part in the aanvraag a token for one pop-up, valid for an hour', async () => {
    const res = await mint('waterbedrijf-peel', 'offerte', { aanvraagnummer: NR, aanleiding: 'offerte-afgewezen' });
    expect(res).toMatchObject({
      status: 200,
      body: {
        token: expect.stringMatching(/^[0-9]{10}\.[A-Za-z0-9_-]{22}$/),
        enquete: 'offerte',
        aanvraagnummer: NR,
        aanleiding: 'offerte-afgewezen',
      },
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const left = Date.parse(res.body.geldigTot) - Date.now();
    expect(left).toBeGreaterThan(59 * 60_000);
    expect(left).toBeLessThanOrEqual(60 * 60_000);
    // The token opens that pop-up's answers, and no other trigger's.
    const ctx = { aanvraagnummer: NR, aanleiding: 'offerte-afgewezen', token: res.body.token };
    expect((await put(`offerte/reacties/${newId()}/antwoorden/moeite`, { waarde: 2, ...ctx })).status).toBe(201);
    const other = { ...ctx, aanleiding: 'offerte-geaccepteerd' };
    expect((await put(`offerte/reacties/${newId()}/antwoorden/moeite`, { waarde: 2, ...other })).status).toBe(403);
    // A survey with one trigger needs no aanleiding; the combi's contractors and the platform may ask too.
    for (const org of ['netbeheer-zuid', 'van-der-berg-infra', 'traject'])
      expect((await mint(org, 'webfeedback', { aanvraagnummer: NR })).body).toMatchObject({ aanleiding: 'aanvraag-ingediend' });
  });

  it('answers alike for an unknown aanvraag and one the organisation does not take part in (404)', async () => {
    const unknown = await mint('netbeheer-zuid', 'webfeedback', { aanvraagnummer: 'MA-TOKEN-9999' });
    const notTheirs = await mint('glasnet', 'webfeedback', { aanvraagnummer: NR });
    expect(unknown.status).toBe(404);
    expect(notTheirs.status).toBe(404);
    expect(JSON.stringify(notTheirs.body).replaceAll(NR, 'X')).toBe(
      JSON.stringify(unknown.body).replaceAll('MA-TOKEN-9999', 'X'),
    );
  });

  it.each([
    ['no API key', undefined, 'webfeedback', { aanvraagnummer: NR }, 401, undefined],
    ['a survey that is no pop-up', 'netbeheer-zuid', 'feedbackknop', { aanvraagnummer: NR }, 400, 'enquete'],
    ['a trigger of another survey', 'netbeheer-zuid', 'offerte', { aanvraagnummer: NR, aanleiding: 'knop' }, 400, 'aanleiding'],
    ['no aanvraagnummer', 'netbeheer-zuid', 'webfeedback', {}, 400, 'aanvraagnummer'],
    ['an unknown field', 'netbeheer-zuid', 'webfeedback', { aanvraagnummer: NR, extra: 1 }, 400, undefined],
  ])('refuses %s', async (_name, org, survey, body, status, field) => {
    const res = await mint(org, survey, body);
    expect(res.status).toBe(status);
    expect(res.body.token).toBeUndefined();
    if (field) expect(res.body.errors).toContainEqual({ field, message: expect.any(String) });
  });
});

describe('a pop-up answer carries proof that it belongs to the aanvraag (issue 11, item 1)', () => {
  const KNOWN = 'MA-PROOF-0001';
  const UNKNOWN = 'MA-PROOF-9999';
  beforeAll(() => submit(KNOWN, 'MA-PROOF-0002', 'MA-PROOF-0003'));
  const bare = (aanvraagnummer: string) => ({ aanvraagnummer, aanleiding: 'aanvraag-ingediend' });
  const anHourAgo = () => popUpTokensFor(box, () => new Date(Date.now() - 3_601_000));
  const forged = () => ({
    'no token': undefined,
    'a made-up token': '9999999999.AAAAAAAAAAAAAAAAAAAAAA',
    'a token signed with another key': popUpTokens(new Uint8Array(32)).mint({
      survey: 'webfeedback',
      requestNumber: KNOWN,
      trigger: 'aanvraag-ingediend',
    }).token,
    'the token of another aanvraag': web('MA-PROOF-0002').token,
    'the token of another survey': tokens.mint({ survey: 'offerte', requestNumber: KNOWN, trigger: 'aanvraag-ingediend' }).token,
    'an expired token': anHourAgo().mint({ survey: 'webfeedback', requestNumber: KNOWN, trigger: 'aanvraag-ingediend' }).token,
  });

  it('refuses answers without a valid token (403, the field named) and stores nothing', async () => {
    for (const [name, token] of Object.entries(forged())) {
      const ctx = { ...bare(KNOWN), ...(token && { token }) };
      const one = newId();
      const answer = await put(`webfeedback/reacties/${one}/antwoorden/moeite`, { waarde: 7, ...ctx });
      expect(answer, name).toMatchObject({ status: 403, body: { errors: [{ field: 'token', message: expect.any(String) }] } });
      const all = newId();
      const finished = await put(`webfeedback/reacties/${all}`, { ...ctx, antwoorden: { moeite: 7 }, afgerond: true });
      expect(finished, name).toMatchObject({ status: 403 });
      expect(finished.body.terugbellen, name).toBeUndefined();
      expect(await server.store.responses.get(one), name).toBeUndefined();
      expect(await server.store.responses.get(all), name).toBeUndefined();
    }
    // The real customer's pop-up still takes its answer: no one took the trigger.
    const real = await put(`webfeedback/reacties/${newId()}`, { ...web(KNOWN), antwoorden: { moeite: 7 }, afgerond: true });
    expect(real).toMatchObject({ status: 201, body: { terugbellen: true } });
  });

  it('answers a known and an unknown aanvraagnummer alike without a valid token: same status, same body', async () => {
    for (const [name, token] of Object.entries(forged())) {
      const answers = await Promise.all(
        [KNOWN, UNKNOWN].map(async (nr) => {
          const ctx = { ...bare(nr), ...(token && { token }) };
          const id = newId();
          const res = await put(`webfeedback/reacties/${id}`, { ...ctx, antwoorden: { moeite: 7 }, afgerond: true });
          return { status: res.status, body: JSON.stringify(res.body).replaceAll(id, 'ID').replaceAll(nr, 'NR') };
        }),
      );
      expect(answers[0], name).toEqual(answers[1]);
    }
  });

  it('makes a call-back task only with the token of that response’s pop-up', async () => {
    const ctx = web('MA-PROOF-0003');
    const id = newId();
    expect((await put(`webfeedback/reacties/${id}`, { ...ctx, antwoorden: { moeite: 7 }, afgerond: true })).body).toMatchObject({
      terugbellen: true,
    });
    const call = (token: string | undefined) =>
      put(`webfeedback/reacties/${id}/terugbellen`, { telefoon: '06 12345678', ...(token && { token }) });
    for (const [name, token] of Object.entries({
      ...forged(),
      'an expired token of this pop-up': anHourAgo().mint({
        survey: 'webfeedback',
        requestNumber: 'MA-PROOF-0003',
        trigger: 'aanvraag-ingediend',
      }).token,
    })) {
      expect(await call(token), name).toMatchObject({ status: 403, body: { errors: [{ field: 'token' }] } });
    }
    expect(await callbackRows(id)).toEqual([]);
    expect((await call(ctx.token)).status).toBe(201);
    expect(await callbackRows(id)).toHaveLength(1);
  });

  it('tells the widget whether the pop-up may be shown: not when it was answered, in this browser or another', async () => {
    const nr = 'MA-PROOF-SHOW';
    const ctx = web(nr);
    const check = async (query: Record<string, string>, origin = HOST) => {
      const res = await fetch(`${server.url}/api/v1/enquetes/webfeedback/pop-up?${new URLSearchParams(query)}`, {
        headers: { origin },
      });
      return { status: res.status, headers: res.headers, body: await res.json() };
    };
    const free = await check(ctx);
    expect(free).toMatchObject({ status: 200, body: { id: 'webfeedback', vragen: expect.any(Array) } });
    expect(free.headers.get('cache-control')).toBe('no-store');
    expect(free.headers.get('access-control-allow-origin')).toBe(HOST);
    for (const [name, token] of Object.entries(forged())) {
      const res = await check({ ...bare(nr), ...(token && { token }) });
      expect(res, name).toMatchObject({ status: 403, body: { errors: [{ field: 'token' }] } });
    }
    expect((await check({ ...ctx, extra: '1' })).status).toBe(400);

    // Answered partly in one browser: the other browser gets no pop-up; the first one may go on.
    const id = newId();
    expect((await put(`webfeedback/reacties/${id}/antwoorden/moeite`, { waarde: 3, ...ctx })).status).toBe(201);
    expect(await check(ctx)).toMatchObject({
      status: 409,
      body: { title: 'Deze vragenlijst is voor deze aanvraag al ingevuld' },
    });
    expect((await check({ ...ctx, reactie: newId() })).status).toBe(409);
    expect((await check({ ...ctx, reactie: id })).status).toBe(200);
    // Finished: no pop-up anywhere.
    expect((await put(`webfeedback/reacties/${id}`, { ...ctx, afgerond: true })).status).toBe(200);
    expect((await check({ ...ctx, reactie: id })).status).toBe(409);
  });
});

describe('answers are plain data: strict schemas, no control characters, no prototype keys (issue 11, item 8)', () => {
  /** A finishing PUT whose `antwoorden` is written by hand, so that "__proto__" is a key of its own. */
  const finishRaw = (survey: string, id: string, ctx: object, antwoorden: string) =>
    put(`${survey}/reacties/${id}`, `{"antwoorden":${antwoorden},${JSON.stringify({ ...ctx, afgerond: true }).slice(1)}`);

  it.each([
    ['__proto__ (empty)', '{"__proto__":{}}', 'antwoorden.__proto__'],
    ['__proto__ with an answer inside', '{"__proto__":{"waardering":1,"feedback":"x"}}', 'antwoorden.__proto__'],
    ['constructor', '{"constructor":{"prototype":{}},"waardering":2,"feedback":"x"}', 'antwoorden.constructor'],
    ['prototype', '{"prototype":1,"waardering":2,"feedback":"x"}', 'antwoorden.prototype'],
    ['an empty key', '{"":1,"waardering":2,"feedback":"x"}', 'antwoorden'],
    ['a key that is no question', '{"Waardering":2,"feedback":"x"}', 'antwoorden.Waardering'],
  ])('refuses the key %s (400, the field named) and stores nothing', async (_name, antwoorden, field) => {
    for (const [survey, ctx] of [
      ['feedbackknop', { pagina: '/volg' }],
      ['webfeedback', web('MA-2026-0000201')],
    ] as const) {
      const id = newId();
      const res = await finishRaw(survey, id, ctx, antwoorden);
      expect(res.status, survey).toBe(400);
      expect(res.body.errors, survey).toContainEqual({ field, message: expect.any(String) });
      expect(await server.store.responses.get(id), survey).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('waardering');
    }
  });

  it.each([
    ['NUL', 'a\u0000b', 'MA-PLAIN-0001'],
    ['ESC', 'rood \u001b[31m', 'MA-PLAIN-0002'],
    ['DEL', 'x\u007f', 'MA-PLAIN-0003'],
    ['a C1 control', 'x\u0085', 'MA-PLAIN-0004'],
    ['a lone surrogate', 'x\ud800y', 'MA-PLAIN-0005'],
  ])('refuses %s in every text field (400, the field named) and stores nothing', async (_name, bad, nr) => {
    const cases: [string, string, object, string][] = [
      ['webfeedback', 'antwoorden/verbeteren', { waarde: bad, ...web('MA-2026-0000202') }, 'waarde'],
      ['feedbackknop', '', { antwoorden: { waardering: 3, feedback: bad }, afgerond: true }, 'antwoorden.feedback'],
      ['feedbackknop', '', { antwoorden: { waardering: 3, feedback: 'Goed' }, pagina: `/volg${bad}` }, 'pagina'],
    ];
    for (const [survey, path, body, field] of cases) {
      const id = newId();
      const res = await put(`${survey}/reacties/${id}${path && `/${path}`}`, body);
      expect(res.status, field).toBe(400);
      expect(res.body.errors, field).toContainEqual({ field, message: CONTROL_CHARACTERS_MESSAGE });
      expect(await server.store.responses.get(id), field).toBeUndefined();
    }
    // And in the phone number of "bel mij terug".
    const id = newId();
    await submit(nr);
    const ctx = web(nr);
    expect((await put(`webfeedback/reacties/${id}`, { ...ctx, antwoorden: { moeite: 7 }, afgerond: true })).status).toBe(201);
    const call = await put(`webfeedback/reacties/${id}/terugbellen`, { telefoon: `06 1234${bad}5678`, token: ctx.token });
    expect(call.status).toBe(400);
    expect(call.body.errors).toContainEqual({ field: 'telefoon', message: CONTROL_CHARACTERS_MESSAGE });
    expect(await callbackRows(id)).toEqual([]);
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
    const response = await server.store.responses.get(id);
    expect(response).toMatchObject({ requestNumber: 'MA-2026-0000099', completedAt: expect.any(String) });
    expect(Object.keys(response?.answers ?? {}).sort()).toEqual(['moeite', 'verbeteren']);
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
    await send.put(`webfeedback/reacties/${id}/terugbellen`, { telefoon: '0612345678', token: ctx.token });

    expect(dropped).toBe(6); // the first answer to each of the three requests was lost
    expect(failures).toEqual([]);
    expect(offer).toBe(true);
    expect(await callbackRows(id)).toEqual([{ organisation: expect.any(String), phone: '+31612345678' }]);
    expect((await tasksOf('netbeheer-zuid')).filter((t) => t.aanvraagnummer === 'MA-LOOP-RETRY')).toHaveLength(1);
  });
});
