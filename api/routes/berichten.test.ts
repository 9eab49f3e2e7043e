import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../http/api-key.ts';
import { contactLogged, startTestServer, submission, type TestServer } from '../testing.ts';
import { MAX_BATCH } from './berichten.ts';

let server: TestServer;
let nb: string; // Netbeheer Zuid: grid operator of elektra in both combis
let water: string; // Waterbedrijf De Peel
let ca: string; // Van der Berg Infra: contractor in Brabant-Oost
let outsider: string; // Peelbouw: contractor in Peelland only

beforeAll(async () => {
  server = await startTestServer();
  nb = server.keys.get('netbeheer-zuid') as string;
  water = server.keys.get('waterbedrijf-peel') as string;
  ca = server.keys.get('van-der-berg-infra') as string;
  outsider = server.keys.get('peelbouw') as string;
});
afterAll(() => server.close());

const contact = contactLogged;

describe('POST /api/v1/berichten: authentication', () => {
  it('refuses a request without a key with 401 and a challenge', async () => {
    const res = await fetch(`${server.url}/api/v1/berichten`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).title).toMatch(/API-sleutel/);
  });

  it('refuses an unknown key and a malformed header with 401', async () => {
    expect((await server.post(generateApiKey().key, { berichten: [submission('MA-AUTH-1')] })).status).toBe(401);
    expect((await server.post(undefined, { berichten: [] }, { authorization: 'Basic abc' })).status).toBe(401);
    expect((await server.get(nb.slice(0, -1), '/api/v1/aanvragen/MA-AUTH-1')).status).toBe(401);
  });
});

describe('POST /api/v1/berichten: ingestion', () => {
  it('applies a new message (201), acknowledges the same message again without applying it twice (200)', async () => {
    const first = await server.post(nb, { berichten: [submission('MA-IDEM-1')] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      accepted: 1,
      duplicates: 0,
      rejected: 0,
      results: [{ index: 0, id: 'MA-IDEM-1-submitted', status: 201, result: 'accepted' }],
    });
    const contactMessage = contact('MA-IDEM-1', 'idem-contact');
    expect((await server.post(nb, { berichten: [contactMessage] })).status).toBe(201);

    const again = await server.post(nb, { berichten: [submission('MA-IDEM-1'), contactMessage] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    const status = await server.get(nb, '/api/v1/aanvragen/MA-IDEM-1');
    expect(status.body.contactMoments).toHaveLength(1);
    expect(status.body.messageCount).toBe(2);
  });

  it('treats the same id with another body as a conflict (409) and keeps the first', async () => {
    await server.post(nb, { berichten: [submission('MA-CONF-1')] });
    expect((await server.post(nb, { berichten: [contact('MA-CONF-1', 'conf-1')] })).status).toBe(201);
    const changed = await server.post(nb, { berichten: [contact('MA-CONF-1', 'conf-1', { summary: 'Iets anders' })] });
    expect(changed.status).toBe(409);
    expect(changed.body.results[0].errors[0]).toEqual({
      field: 'id',
      message: 'bericht conf-1 is eerder met een andere inhoud ontvangen',
    });
    const status = await server.get(nb, '/api/v1/aanvragen/MA-CONF-1');
    expect(status.body.contactMoments.map((c: { summary: string }) => c.summary)).toEqual(['Aanvraag doorgenomen.']);
  });

  it('lets two senders use the same message id independently', async () => {
    await server.post(nb, { berichten: [submission('MA-IDS-1')] });
    expect((await server.post(nb, { berichten: [contact('MA-IDS-1', 'shared-id')] })).status).toBe(201);
    expect((await server.post(water, { berichten: [contact('MA-IDS-1', 'shared-id')] })).status).toBe(201);
  });

  it('applies the good messages of a mixed batch and answers 207 with a result per message', async () => {
    const res = await server.post(nb, {
      berichten: [
        submission('MA-MIX-1'),
        contact('MA-MIX-1', 'mix-bad', { channel: 'duif' }),
        contact('MA-MIX-1', 'mix-good'),
        'geen bericht',
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 2 });
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 201, 400]);
    expect(res.body.results[1]).toMatchObject({ index: 1, id: 'mix-bad', result: 'rejected', errors: [{ field: 'channel' }] });
    expect(res.body.results[3]).toMatchObject({ index: 3, id: null });
    expect((await server.get(nb, '/api/v1/aanvragen/MA-MIX-1')).body.contactMoments).toHaveLength(1);
  });

  it('applies messages that arrive out of order to the same final state', async () => {
    const planning = (id: string, at: string, week: string, reason: string) => ({
      id,
      type: 'planning_changed',
      requestNumber: '',
      occurredAt: at,
      provisionalWeek: week,
      reason,
    });
    const build = (n: string) => [
      { ...submission(n), id: `${n}-s` },
      {
        id: `${n}-h`,
        type: 'handed_to_combi',
        requestNumber: n,
        occurredAt: '2026-11-05T10:00:00+01:00',
        workOrderIds: [`${n}-E`],
        contractor: 'van-der-berg-infra',
      },
      { ...planning(`${n}-p1`, '2026-11-06T10:00:00+01:00', '2027-W10', 'plangesprek'), requestNumber: n },
      { ...planning(`${n}-p2`, '2026-11-20T10:00:00+01:00', '2027-W12', 'vorstverlet'), requestNumber: n },
      { ...planning(`${n}-p3`, '2026-12-01T10:00:00+01:00', '2027-W14', 'meterkast niet gereed'), requestNumber: n },
    ];
    const [s1, h1, p11, p12, p13] = build('MA-ORD-1');
    const [s2, h2, p21, p22, p23] = build('MA-ORD-2');
    await server.post(nb, { berichten: [s1, h1] });
    await server.post(ca, { berichten: [p11, p12, p13] });
    await server.post(nb, { berichten: [s2] });
    await server.post(ca, { berichten: [p23] });
    await server.post(ca, { berichten: [p21] });
    await server.post(nb, { berichten: [h2] });
    await server.post(ca, { berichten: [p22] });
    const one = (await server.get(nb, '/api/v1/aanvragen/MA-ORD-1')).body;
    const two = (await server.get(nb, '/api/v1/aanvragen/MA-ORD-2')).body;
    const comparable = (b: {
      planning: { provisionalWeek: unknown; history: { value: string; previous?: string; reason: string }[] };
    }) => ({
      week: b.planning.provisionalWeek,
      history: b.planning.history.map((h) => [h.value, h.previous, h.reason]),
    });
    expect(comparable(two)).toEqual(comparable(one));
    expect(two.planning.provisionalWeek.week).toBe('2027-W14');
    expect(two.planning.history[0]).toMatchObject({ value: '2027-W14', previous: '2027-W12', reason: 'meterkast niet gereed' });
  });
});

describe('POST /api/v1/berichten: bad input is refused and changes nothing', () => {
  const bad: [string, string, (m: Record<string, unknown>) => unknown][] = [
    ['id missing', 'id', (m) => ({ ...m, id: undefined })],
    ['id empty', 'id', (m) => ({ ...m, id: '' })],
    ['unknown type', 'type', (m) => ({ ...m, type: 'hello' })],
    ['requestNumber with spaces', 'requestNumber', (m) => ({ ...m, requestNumber: 'MA 1' })],
    ['occurredAt without time zone', 'occurredAt', (m) => ({ ...m, occurredAt: '2026-11-02T10:00:00' })],
    ['occurredAt not a date', 'occurredAt', (m) => ({ ...m, occurredAt: 'gisteren' })],
    ['kind unknown', 'kind', (m) => ({ ...m, kind: 'verhuizing' })],
    ['combi not a code', 'combi', (m) => ({ ...m, combi: 'Brabant Oost' })],
    ['applicant missing', 'applicant', (m) => ({ ...m, applicant: undefined })],
    ['applicant.name empty', 'applicant.name', (m) => ({ ...m, applicant: { ...(m.applicant as object), name: ' ' } })],
    ['applicant.email invalid', 'applicant.email', (m) => ({ ...m, applicant: { ...(m.applicant as object), email: 'sanne@' } })],
    ['applicant.phone letters', 'applicant.phone', (m) => ({ ...m, applicant: { ...(m.applicant as object), phone: 'bel me' } })],
    ...(['1234567', '123456789', '1234 5678', 'KVK12345'] as const).map(
      (kvk): [string, string, (m: Record<string, unknown>) => unknown] => [
        `applicant.kvk ${kvk}`,
        'applicant.kvk',
        (m) => ({ ...m, applicant: { ...(m.applicant as object), kind: 'zakelijk', kvk } }),
      ],
    ),
    [
      'applicant.kvk missing for a business',
      'applicant.kvk',
      (m) => ({ ...m, applicant: { ...(m.applicant as object), kind: 'zakelijk' } }),
    ],
    [
      'applicant.kvk for a private applicant',
      'applicant.kvk',
      (m) => ({ ...m, applicant: { ...(m.applicant as object), kind: 'particulier', kvk: '12345678' } }),
    ],
    ...(['', ' KEMPEN', 'a'.repeat(41), 'fase 1', 'fase/1', '-start'] as const).map(
      (project): [string, string, (m: Record<string, unknown>) => unknown] => [
        `project ${JSON.stringify(project)}`,
        'project',
        (m) => ({ ...m, project }),
      ],
    ),
    ['project a number', 'project', (m) => ({ ...m, project: 12 })],
    ['applicant.kind unknown', 'applicant.kind', (m) => ({ ...m, applicant: { ...(m.applicant as object), kind: 'bedrijf' } })],
    [
      'address.postcode invalid',
      'address.postcode',
      (m) => ({ ...m, address: { ...(m.address as object), postcode: '0123 AB' } }),
    ],
    [
      'address.houseNumber letters',
      'address.houseNumber',
      (m) => ({ ...m, address: { ...(m.address as object), houseNumber: 'twaalf' } }),
    ],
    ['address.city missing', 'address.city', (m) => ({ ...m, address: { ...(m.address as object), city: undefined } })],
    ['wishDate not a date', 'wishDate', (m) => ({ ...m, wishDate: '2027-02-30' })],
    ['workOrders empty', 'workOrders', (m) => ({ ...m, workOrders: [] })],
    [
      'workOrders duplicate ids',
      'workOrders',
      (m) => ({
        ...m,
        workOrders: [
          { id: 'x', discipline: 'gas', gridOperator: 'netbeheer-zuid' },
          { id: 'x', discipline: 'water', gridOperator: 'waterbedrijf-peel' },
        ],
      }),
    ],
    [
      'discipline unknown',
      'workOrders.0.discipline',
      (m) => ({ ...m, workOrders: [{ id: 'x', discipline: 'warmte', gridOperator: 'netbeheer-zuid' }] }),
    ],
    ['an unknown field', '', (m) => ({ ...m, wishdate: '2027-03-01' })],
  ];
  it.each(bad)('%s → 400 naming %s', async (_name, field, mutate) => {
    const number = `MA-BAD-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const res = await server.post(nb, { berichten: [mutate(submission(number) as unknown as Record<string, unknown>)] });
    expect(res.status).toBe(400);
    const errors: { field?: string; message: string }[] = res.body.results[0].errors;
    expect(errors.length).toBeGreaterThan(0);
    if (field) expect(errors.map((e) => e.field)).toContain(field);
    for (const e of errors) expect(e.message).toMatch(/\w{3,}/);
    expect((await server.get(nb, `/api/v1/aanvragen/${number}`)).status).toBe(404);
  });

  it('says what a KvK number must be, in words', async () => {
    const m = submission('MA-BAD-KVK') as unknown as Record<string, unknown>;
    const res = await server.post(nb, { berichten: [{ ...m, applicant: { ...(m.applicant as object), kvk: '1234567' } }] });
    expect(res.status).toBe(400);
    expect(res.body.results[0].errors).toContainEqual({
      field: 'applicant.kvk',
      message: expect.stringMatching(/KvK-nummer van precies acht cijfers/),
    });
  });

  it('accepts a project code and keeps it in the state', async () => {
    const m = submission('MA-PROJECT-OK') as unknown as Record<string, unknown>;
    const applicant = { ...(m.applicant as object), kind: 'zakelijk', kvk: '12345678' };
    expect((await server.post(nb, { berichten: [{ ...m, applicant, project: 'KEMPEN-NOORD_2027.1' }] })).status).toBe(201);
    expect((await server.store.requestState('MA-PROJECT-OK'))?.project).toBe('KEMPEN-NOORD_2027.1');
  });

  it('accepts a business applicant with its KvK number', async () => {
    const m = submission('MA-KVK-OK') as unknown as Record<string, unknown>;
    const applicant = { ...(m.applicant as object), kind: 'zakelijk', kvk: '12345678' };
    expect((await server.post(nb, { berichten: [{ ...m, applicant }] })).status).toBe(201);
  });

  it('names a missing field in plain words', async () => {
    const res = await server.post(nb, { berichten: [{ ...submission('MA-PLAIN-1'), applicant: undefined }] });
    expect(res.body.results[0].errors).toContainEqual({ field: 'applicant', message: 'is verplicht maar ontbreekt' });
  });

  it('refuses a body that is not JSON (400), not JSON by type (415) or not the envelope (400)', async () => {
    expect((await server.post(nb, '{"berichten": [')).status).toBe(400);
    expect((await server.post(nb, '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    const envelope = await server.post(nb, { messages: [] });
    expect(envelope.status).toBe(400);
    expect(envelope.body.errors.map((e: { field: string }) => e.field)).toContain('berichten');
  });

  it(`limits a batch to ${MAX_BATCH} messages (413) and refuses an empty one (400)`, async () => {
    const many = Array.from({ length: MAX_BATCH + 1 }, (_, i) => contact('MA-LIMIT-1', `limit-${i}`));
    const tooMany = await server.post(nb, { berichten: many });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.errors[0]).toMatchObject({ field: 'berichten', message: expect.stringContaining(String(MAX_BATCH)) });
    expect((await server.post(nb, { berichten: [] })).status).toBe(400);
  });

  it('accepts a full batch of exactly the limit', async () => {
    await server.post(nb, { berichten: [submission('MA-LIMIT-2')] });
    const full = Array.from({ length: MAX_BATCH }, (_, i) => contact('MA-LIMIT-2', `full-${i}`));
    const res = await server.post(nb, { berichten: full });
    expect(res.status).toBe(201);
    expect(res.body.accepted).toBe(MAX_BATCH);
  });

  it('refuses a body larger than the byte limit with 413', async () => {
    const huge = JSON.stringify({ berichten: [contact('MA-HUGE', 'huge', { summary: 'x'.repeat(3 * 1024 * 1024) })] });
    // The server answers before it has read the whole body, then closes that connection.
    expect((await server.post(nb, huge, { connection: 'close' })).status).toBe(413);
  });
});

describe('POST /api/v1/berichten: what a message may hold', () => {
  const planning = (id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    type: 'planning_changed',
    requestNumber: 'MA-HOLD-1',
    occurredAt: '2026-11-06T10:00:00+01:00',
    provisionalWeek: '2027-W10',
    reason: 'plangesprek',
    ...overrides,
  });
  /** Sends one message; expects 400 with an error on `field` (none: the message itself) matching `message`, and nothing stored. */
  async function refused(key: string, m: unknown, field: string, message: RegExp) {
    const before = (await server.get(nb, '/api/v1/aanvragen/MA-HOLD-1')).body.messageCount;
    const res = await server.post(key, { berichten: [m] });
    expect(res.status, field).toBe(400);
    const error = { message: expect.stringMatching(message) };
    expect(res.body.results[0].errors, field).toContainEqual(field ? { field, ...error } : error);
    expect((await server.get(nb, '/api/v1/aanvragen/MA-HOLD-1')).body.messageCount, field).toBe(before);
  }
  beforeAll(async () => {
    const handed = {
      id: 'hold-h',
      type: 'handed_to_combi',
      requestNumber: 'MA-HOLD-1',
      occurredAt: '2026-11-04T10:00:00+01:00',
      workOrderIds: ['MA-HOLD-1-E'],
      contractor: 'van-der-berg-infra',
    };
    expect((await server.post(nb, { berichten: [submission('MA-HOLD-1'), handed] })).status).toBe(201);
  });

  it('refuses an unknown field in planning_changed, as in every other type', async () => {
    await refused(ca, planning('hold-p1', { provisionalWeeks: '2027-W11' }), '', /onbekend veld: provisionalWeeks/);
  });

  it('refuses an ISO week that does not exist, and accepts week 53 of a year that has one', async () => {
    await refused(ca, planning('hold-p2', { provisionalWeek: '2027-W53' }), 'provisionalWeek', /bestaat niet.*2027/);
    const w53 = await server.post(ca, { berichten: [planning('hold-p3', { provisionalWeek: '2026-W53' })] });
    expect(w53.status).toBe(201);
  });

  it('refuses a time further in the future than a few minutes of clock skew, with a clear message', async () => {
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    await refused(ca, planning('hold-p4', { occurredAt: '9999-12-31T00:00:00+01:00' }), 'occurredAt', /toekomst/);
    await refused(nb, contact('MA-HOLD-1', 'hold-c1', { occurredAt: later(30) }), 'occurredAt', /toekomst.*5 minuten/);
    const skewed = await server.post(nb, { berichten: [contact('MA-HOLD-1', 'hold-c2', { occurredAt: later(2) })] });
    expect(skewed.status).toBe(201);
  });

  it('refuses NUL, ESC and lone surrogates in any text field, naming the field', async () => {
    await refused(nb, contact('MA-HOLD-1', 'hold-c3', { summary: 'a\u0000b' }), 'summary', /stuurtekens/);
    await refused(nb, contact('MA-HOLD-1', 'hold-c4', { staffName: '\u001b[31mPetra' }), 'staffName', /stuurtekens/);
    await refused(nb, contact('MA-HOLD-1', 'hold-c5', { spokeWith: 'Sanne \ud800' }), 'spokeWith', /stuurtekens/);
    await refused(ca, planning('hold-p5', { reason: 'vorst\u0007' }), 'reason', /stuurtekens/);
    const addition = {
      ...submission('MA-HOLD-2'),
      address: { ...(submission('MA-HOLD-2') as { address: object }).address, houseNumberAddition: 'A\u001b' },
    };
    const res = await server.post(nb, { berichten: [addition] });
    expect(res.status).toBe(400);
    expect(res.body.results[0].errors).toContainEqual({
      field: 'address.houseNumberAddition',
      message: expect.stringMatching(/stuurtekens/),
    });
    expect((await server.get(nb, '/api/v1/aanvragen/MA-HOLD-2')).status).toBe(404);
  });
});

describe('POST /api/v1/berichten: organisations only send about what they take part in', () => {
  it('parks a message about an unknown aanvraag (202 per message) instead of refusing it', async () => {
    const res = await server.post(nb, { berichten: [contact('MA-UNKNOWN-1', 'unknown-1')] });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ parked: 1, results: [{ id: 'unknown-1', status: 202, result: 'geparkeerd' }] });
  });

  it('parks nothing of a message it refuses: bad input (400) and a type the sender may never send (403)', async () => {
    const n = 'MA-UNKNOWN-2';
    const bad = await server.post(nb, {
      berichten: [
        { ...contact(n, 'bad-1'), contactMoment: 'Z' },
        { ...contact(n, 'bad-2'), occurredAt: 'gisteren' },
      ],
    });
    expect(bad.status).toBe(400);
    const planningByGridOperator = {
      id: 'bad-3',
      type: 'planning_changed',
      requestNumber: n,
      occurredAt: '2026-11-03T10:00:00+01:00',
      provisionalWeek: '2027-W10',
      reason: 'x',
    };
    expect((await server.post(nb, { berichten: [planningByGridOperator] })).status).toBe(403);
    for (const id of ['bad-1', 'bad-2', 'bad-3']) expect((await server.get(nb, `/api/v1/berichten/${id}`)).status).toBe(404);
    const waiting = await server.get(nb, '/api/v1/geparkeerde-berichten?limit=500');
    expect(waiting.body.berichten.filter((m: { requestNumber: string }) => m.requestNumber === n)).toEqual([]);
    // The same ids may still be used for good messages.
    expect((await server.post(nb, { berichten: [contact(n, 'bad-1')] })).status).toBe(202);
  });

  it('answers an organisation that takes no part exactly as for an unknown number (parked, or 403 for its kind), for every kind of message, now and when asked later', async () => {
    await server.post(nb, { berichten: [submission('MA-ORG-1')] });
    const peelland = server.keys.get('combi-peelland') as string;
    const kinds = (n: string, i: string) => [
      contact(n, `outsider-contact-${i}`, { contactMoment: '1' }),
      {
        id: `outsider-plan-${i}`,
        type: 'planning_changed',
        requestNumber: n,
        occurredAt: '2026-11-03T10:00:00+01:00',
        provisionalWeek: '2027-W10',
        reason: 'x',
      },
      {
        id: `outsider-qs-${i}`,
        type: 'quickscan_done',
        requestNumber: n,
        occurredAt: '2026-11-03T10:00:00+01:00',
        workOrderId: `${n}-E`,
        quoteRequired: false,
      },
      {
        id: `outsider-cancel-${i}`,
        type: 'request_cancelled',
        requestNumber: n,
        occurredAt: '2026-11-03T10:00:00+01:00',
        reason: 'x',
      },
    ];
    // The answer with the number and message ids taken out: what is left must not differ.
    const shape = (body: unknown, n: string) =>
      JSON.stringify(body)
        .replaceAll(n, 'N')
        .replace(/outsider-[a-z]+-[a-z]+/g, 'ID');
    // A contractor may never send a quickscan or a cancellation (403, whatever the number); the rest waits.
    const expected = { [outsider]: [207, [202, 202, 403, 403]], [peelland]: [202, [202, 202, 202, 202]] } as const;
    for (const key of [outsider, peelland]) {
      const existing = await server.post(key, { berichten: kinds('MA-ORG-1', 'a') });
      const unknown = await server.post(key, { berichten: kinds('MA-ORG-ONBEKEND', 'b') });
      const [status, each] = expected[key] ?? [];
      expect(existing.status).toBe(status);
      expect(existing.body.results.map((r: { status: number }) => r.status)).toEqual(each);
      expect(shape(existing.body, 'MA-ORG-1')).toBe(shape(unknown.body, 'MA-ORG-ONBEKEND'));
      // The sender's status look-up tells them apart no more than the answer did.
      const looked = async (id: string) => {
        const res = await server.get(key, `/api/v1/berichten/${id}`);
        return { status: res.status, body: { ...res.body, receivedAt: 'T', expiresAt: 'T' } };
      };
      const [a, b] = [await looked('outsider-contact-a'), await looked('outsider-contact-b')];
      expect(a.body.result).toBe('geparkeerd');
      expect(shape(a, 'MA-ORG-1')).toBe(shape(b, 'MA-ORG-ONBEKEND'));
    }
    expect((await server.get(nb, '/api/v1/aanvragen/MA-ORG-1')).body.messageCount).toBe(1);
  });

  it('decides a submission on what the sender may do before it looks at the number, and then says only that it is taken', async () => {
    await server.post(nb, { berichten: [submission('MA-ORG-8')] });
    const peelland = server.keys.get('combi-peelland') as string;
    const shape = (body: unknown, n: string) => JSON.stringify(body).replaceAll(n, 'N');
    // Not the sender's to submit (a combi it does not coordinate, no opdracht of its own): the same refusal either way.
    const notTheirs = (n: string) => ({ ...submission(n), id: `${n}-peel` });
    const existing = await server.post(peelland, { berichten: [notTheirs('MA-ORG-8')] });
    const unknown = await server.post(peelland, { berichten: [notTheirs('MA-ORG-VRIJ')] });
    expect(existing.status).toBe(403);
    expect(shape(existing.body, 'MA-ORG-8')).toBe(shape(unknown.body, 'MA-ORG-VRIJ'));
    // A submission the sender may make, of a number that is taken: 409, worded the same for a
    // sender of another combi as for the sender who submitted it, and naming nothing but the number.
    const otherCombi = await server.post(peelland, {
      berichten: [{ ...submission('MA-ORG-8', { combi: 'peelland' }), id: 'MA-ORG-8-again' }],
    });
    const ownAgain = await server.post(nb, { berichten: [{ ...submission('MA-ORG-8'), id: 'MA-ORG-8-again' }] });
    expect(otherCombi.status).toBe(409);
    expect(otherCombi.body).toEqual(ownAgain.body);
    expect(otherCombi.body.results[0].errors).toEqual([
      { field: 'requestNumber', message: 'aanvraagnummer MA-ORG-8 is al in gebruik' },
    ]);
    expect((await server.get(nb, '/api/v1/aanvragen/MA-ORG-8')).body.messageCount).toBe(1);
  });

  it('documents that an aanvraag the sender takes no part in is answered as an unknown one', async () => {
    const { body } = await server.get(undefined, '/api/v1/openapi.json');
    const post = body.paths['/api/v1/berichten'].post;
    expect(post.description).toMatch(/niet bij betrokken.*onbekend nummer/s);
    expect(post.responses['404']).toBeUndefined();
    expect(post.responses['202'].description).toMatch(/geparkeerd/);
    expect(post.responses['409'].description).toMatch(/in gebruik/);
  });

  it('refuses a grid operator acting on an opdracht of another grid operator (403)', async () => {
    await server.post(nb, { berichten: [submission('MA-ORG-2')] });
    const res = await server.post(water, {
      berichten: [
        {
          id: 'q1',
          type: 'quickscan_done',
          requestNumber: 'MA-ORG-2',
          occurredAt: '2026-11-03T10:00:00+01:00',
          workOrderId: 'MA-ORG-2-E',
          quoteRequired: false,
        },
      ],
    });
    expect(res.status).toBe(403);
    expect(res.body.results[0].errors[0]).toMatchObject({ field: 'workOrderId' });
  });

  it('refuses planning from a grid operator: the planning is the contractor’s (403)', async () => {
    await server.post(nb, { berichten: [submission('MA-ORG-3')] });
    const res = await server.post(nb, {
      berichten: [
        {
          id: 'plan-nb',
          type: 'planning_changed',
          requestNumber: 'MA-ORG-3',
          occurredAt: '2026-11-03T10:00:00+01:00',
          provisionalWeek: '2027-W10',
          reason: 'x',
        },
      ],
    });
    expect(res.status).toBe(403);
  });

  it('refuses a submission for a combi the sender has no opdracht in (403) and unknown parties (422)', async () => {
    const notMine = await server.post(water, {
      berichten: [submission('MA-ORG-4', { workOrders: [{ id: 'e', discipline: 'elektra', gridOperator: 'netbeheer-zuid' }] })],
    });
    expect(notMine.status).toBe(403);
    const unknownCombi = await server.post(nb, { berichten: [submission('MA-ORG-5', { combi: 'atlantis' })] });
    expect(unknownCombi.status).toBe(422);
    expect(unknownCombi.body.results[0].errors[0]).toMatchObject({ field: 'combi' });
    await server.post(nb, { berichten: [submission('MA-ORG-6')] });
    const wrongContractor = await server.post(nb, {
      berichten: [
        {
          id: 'h',
          type: 'handed_to_combi',
          requestNumber: 'MA-ORG-6',
          occurredAt: '2026-11-04T10:00:00+01:00',
          workOrderIds: ['MA-ORG-6-E'],
          contractor: 'peelbouw',
        },
      ],
    });
    expect(wrongContractor.status).toBe(422);
    expect(wrongContractor.body.results[0].errors[0]).toMatchObject({
      field: 'contractor',
      message: expect.stringContaining('werkt niet in combi'),
    });
  });

  it('refuses a second submission of an existing aanvraag with another id (409)', async () => {
    await server.post(nb, { berichten: [submission('MA-ORG-7')] });
    const res = await server.post(nb, { berichten: [{ ...submission('MA-ORG-7'), id: 'other-id' }] });
    expect(res.status).toBe(409);
  });
});

describe('GET /api/v1/aanvragen/{nummer}', () => {
  it('returns the status to an organisation involved, and 404 to anyone else', async () => {
    await server.post(nb, { berichten: [submission('MA-GET-1')] });
    const mine = await server.get(water, '/api/v1/aanvragen/MA-GET-1');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      requestNumber: 'MA-GET-1',
      phase: { current: 'bestellen' },
      disciplines: [
        { discipline: 'elektra', status: 'ingediend' },
        { discipline: 'water', status: 'ingediend' },
      ],
      contactPerson: { role: 'netbeheerder' },
      nextStep: { step: 'intake', who: { role: 'netbeheerder' } },
    });
    expect((await server.get(ca, '/api/v1/aanvragen/MA-GET-1')).status).toBe(200);
    const notMine = await server.get(outsider, '/api/v1/aanvragen/MA-GET-1');
    const unknown = await server.get(outsider, '/api/v1/aanvragen/MA-NOPE-1');
    expect(notMine.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(notMine.body.title.replace('MA-GET-1', 'X')).toBe(unknown.body.title.replace('MA-NOPE-1', 'X'));
  });

  it('refuses a malformed number with 400 naming the field', async () => {
    const res = await server.get(nb, '/api/v1/aanvragen/ma%20kaput');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('nummer');
  });
});

describe('documentation and operations', () => {
  it('serves OpenAPI 3.1 generated from the message schemas', async () => {
    const { status, body } = await server.get(undefined, '/api/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/berichten', '/api/v1/aanvragen/{nummer}']));
    const items = body.paths['/api/v1/berichten'].post.requestBody.content['application/json'].schema.properties.berichten.items;
    expect(JSON.stringify(items)).toContain('work_order_completed');
    expect(body.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers /healthz and /readyz, and 404 with a problem for unknown API paths', async () => {
    expect((await server.get(undefined, '/healthz')).body).toEqual({ status: 'ok' });
    expect((await server.get(undefined, '/readyz')).body).toEqual({ status: 'ready', database: true });
    const missing = await server.get(undefined, '/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});
