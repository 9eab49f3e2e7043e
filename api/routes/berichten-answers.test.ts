/**
 * Every answer POST /api/v1/berichten can give is produced here over the app, on a real SQLite
 * file, and each is in the OpenAPI document with the media type and body schema it really has;
 * the document lists no answer that is not produced here. A new status without a scenario or
 * without documentation fails this test. The examples of the reference are sent too: each one
 * is accepted, in the order of the story they tell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import { MESSAGE_EXAMPLES } from '../../domain/message-examples.ts';
import { MESSAGE_TYPES } from '../../domain/messages.ts';
import { createApp } from '../app.ts';
import { secretBox } from '../auth/secret-box.ts';
import { openSqliteStore } from '../core/open-store.ts';
import { createLogger } from '../http/logger.ts';
import { problemSchema } from '../http/problem.ts';
import type { Store } from '../storage/store.ts';
import { berichtStatusSchema } from './bericht-status.ts';
import { BATCH_STATUSES, batchResponseSchema, MAX_BATCH } from './berichten.ts';

let store: Store;
let sqlite: Database.Database;
let app: ReturnType<typeof createApp>;
let keys: Map<string, string>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'traject-berichten-'));
  const file = join(dir, 'berichten.sqlite');
  // The store's own connection, to fill the disk and to cut the connection below.
  const pragma = vi.spyOn(Database.prototype, 'pragma');
  store = openSqliteStore(file, { content: loadContent() });
  sqlite = pragma.mock.contexts[0] as Database.Database;
  pragma.mockRestore();
  keys = await seedDirectory(store);
  app = createApp({ store, log: createLogger('silent'), maxBodyBytes: 256 * 1024, box: secretBox(new Uint8Array(32)) });
});
afterAll(async () => {
  if (sqlite.open) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(org: string | undefined, body: unknown, contentType = 'application/json'): Promise<Response> {
  const key = org && keys.get(org);
  return app.request('/api/v1/berichten', {
    method: 'POST',
    headers: { 'content-type': contentType, ...(key && { authorization: `Bearer ${key}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const N = MESSAGE_EXAMPLES.request_submitted.requestNumber;
const contact = (id: string, requestNumber = N) => ({ ...MESSAGE_EXAMPLES.contact_logged, id, requestNumber });

describe('the examples of the reference', () => {
  it('has one for every message type, and each is accepted in the order of its story (201)', async () => {
    expect(Object.keys(MESSAGE_EXAMPLES).sort()).toEqual([...MESSAGE_TYPES].sort());
    // request_cancelled is about another aanvraag of the same applicant, which is submitted first.
    const other = { ...MESSAGE_EXAMPLES.request_submitted, id: 'portaal-7f3b01' };
    Object.assign(other, {
      requestNumber: MESSAGE_EXAMPLES.request_cancelled.requestNumber,
      workOrders: [{ id: 'MA-2026-000124-E', discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    });
    expect((await send('netbeheer-zuid', { berichten: [other] })).status).toBe(201);
    for (const example of Object.values(MESSAGE_EXAMPLES)) {
      const res = await send('traject', { berichten: [example] });
      expect(res.status, `${example.type}: ${JSON.stringify(await res.clone().json())}`).toBe(201);
    }
  });
});

/** One way to get each answer, in an order that works on one database (the last two break it). */
const SCENARIOS: [status: number, what: string, produce: () => Promise<Response>][] = [
  [201, 'a new message is applied', () => send('traject', { berichten: [contact('c-201')] })],
  [200, 'the same id with the same body again', () => send('traject', { berichten: [contact('c-201')] })],
  [207, 'a batch with an applied and a refused message', () => send('traject', { berichten: [contact('c-207'), {}] })],
  [400, 'every message invalid (per message)', () => send('traject', { berichten: [{ type: 'contact_logged' }] })],
  [400, 'a body that is not JSON (problem)', () => send('traject', '{"berichten": [')],
  [401, 'no API key', () => send(undefined, { berichten: [contact('c-401')] })],
  [
    403,
    'a grid operator sends planning',
    () =>
      send('netbeheer-zuid', {
        berichten: [{ ...MESSAGE_EXAMPLES.planning_changed, id: 'p-403' }],
      }),
  ],
  [
    202,
    'a message about an aanvraag not yet known is parked',
    () => send('traject', { berichten: [contact('c-202', 'MA-2026-999999')] }),
  ],
  [409, 'the same id with another body', () => send('traject', { berichten: [{ ...contact('c-201'), subject: 'Anders' }] })],
  [
    422,
    'an opdracht that is not of the aanvraag',
    () => send('traject', { berichten: [{ ...MESSAGE_EXAMPLES.quickscan_done, id: 'q-422', workOrderId: 'MA-ANDERS-E' }] }),
  ],
  [
    413,
    'more messages than a batch holds',
    () => send('traject', { berichten: Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ id: String(i) })) }),
  ],
  [
    413,
    'more bytes than the limit',
    () => send('traject', { berichten: [{ ...contact('c-413'), summary: 'x'.repeat(300_000) }] }),
  ],
  [415, 'not JSON', () => send('traject', 'berichten', 'text/plain')],
  [
    503,
    'the disk is full',
    async () => {
      // Not one page more than the file has now; the batch writes nothing, so a resend is safe.
      const pages = sqlite.pragma('page_count', { simple: true });
      sqlite.pragma(`max_page_count = ${pages}`);
      const berichten = Array.from({ length: 40 }, (_, i) => contact(`c-503-${i}`));
      try {
        return await send('traject', { berichten });
      } finally {
        sqlite.pragma('max_page_count = 4294967294');
      }
    },
  ],
  [
    500,
    'an unexpected failure (the database connection is gone)',
    async () => {
      await send('traject', { berichten: [contact('c-201')] }); // the key is now checked and kept in memory
      sqlite.close();
      return send('traject', { berichten: [contact('c-500')] });
    },
  ],
];

describe('every answer of POST /api/v1/berichten is produced and documented', () => {
  let documented: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  const produced = new Set<number>();
  beforeAll(async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    documented = doc.paths['/api/v1/berichten'].post.responses;
  });

  for (const [status, what, produce] of SCENARIOS) {
    it(`${status}: ${what}`, async () => {
      const res = await produce();
      expect(res.status).toBe(status);
      produced.add(res.status);
      const answer = documented[String(status)];
      expect(answer, `${status} is not in the OpenAPI document`).toBeDefined();
      const mediaType = res.headers.get('content-type')?.split(';')[0] ?? '';
      expect(Object.keys(answer?.content ?? {}), `${status} ${mediaType}`).toContain(mediaType);
      const body = await res.json();
      const schema = mediaType === 'application/problem+json' ? problemSchema : batchResponseSchema;
      expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(true);
      if (mediaType === 'application/json')
        expect(body.results.some((r: { status: number }) => r.status === status) || status === 207).toBe(true);
    });
  }

  it('documents exactly the answers produced above, and every status a batch can have', () => {
    expect([...produced].sort()).toEqual(Object.keys(documented).map(Number).sort());
    for (const status of BATCH_STATUSES) expect(produced).toContain(status);
  });
});

describe('every answer of the message status look-ups is produced and documented', () => {
  const statusDb = { store: undefined as unknown as Store, app: undefined as unknown as ReturnType<typeof createApp> };
  let statusKeys: Map<string, string>;
  let statusDir: string;
  beforeAll(async () => {
    // A database of its own: the scenarios above end by breaking theirs.
    statusDir = mkdtempSync(join(tmpdir(), 'traject-bericht-status-'));
    statusDb.store = openSqliteStore(join(statusDir, 'status.sqlite'), { content: loadContent() });
    statusKeys = await seedDirectory(statusDb.store);
    statusDb.app = createApp({
      store: statusDb.store,
      log: createLogger('silent'),
      maxBodyBytes: 256 * 1024,
      box: secretBox(new Uint8Array(32)),
    });
  });
  afterAll(async () => {
    await statusDb.store.close();
    rmSync(statusDir, { recursive: true, force: true });
  });

  const get = async (org: string | undefined, path: string) => {
    const key = org && statusKeys.get(org);
    return statusDb.app.request(`/api/v1${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  };
  const ingest = (org: string, messages: Record<string, unknown>[], receivedAt = new Date()) => {
    const sender = statusDb.store.organisation(org);
    if (!sender) throw new Error(org);
    return statusDb.store.ingest(
      messages.map((message) => ({ sender, message: message as never })),
      { receivedAt, notify: false },
    );
  };
  const n = 'MA-2026-777001';

  it('tells the sender what became of each message: parked, applied, refused on arrival, expired', async () => {
    const long = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    await ingest('netbeheer-zuid', [contact('s-oud', n)], long);
    await ingest('netbeheer-zuid', [contact('s-wacht', n)]);
    const waiting = await (await get('netbeheer-zuid', '/geparkeerde-berichten')).json();
    expect(waiting.berichten.map((m: { id: string; result: string; status: number }) => [m.id, m.result, m.status])).toEqual([
      ['s-oud', 'verlopen', 410],
      ['s-wacht', 'geparkeerd', 202],
    ]);
    const expired = await (await get('netbeheer-zuid', '/berichten/s-oud')).json();
    expect(expired.errors[0].message).toMatch(/verlopen zonder te zijn toegepast/);

    const quickscan = { ...MESSAGE_EXAMPLES.quickscan_done, id: 's-qx', requestNumber: n, workOrderId: 'MA-ANDERS-E' };
    await ingest('netbeheer-zuid', [quickscan]);
    const submitted = {
      ...MESSAGE_EXAMPLES.request_submitted,
      id: 's-sub',
      requestNumber: n,
      workOrders: [{ id: `${n}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    };
    expect(await ingest('netbeheer-zuid', [submitted])).toMatchObject([{ status: 201 }]);
    const answers = await Promise.all(
      ['s-wacht', 's-qx', 's-oud', 's-sub'].map(async (id) => (await get('netbeheer-zuid', `/berichten/${id}`)).json()),
    );
    expect(answers.map((a) => [a.id, a.result, a.status])).toEqual([
      ['s-wacht', 'accepted', 201],
      ['s-qx', 'rejected', 422],
      ['s-oud', 'verlopen', 410],
      ['s-sub', 'accepted', 201],
    ]);
    expect(answers[1].errors).toEqual([{ field: 'workOrderId', message: `opdracht MA-ANDERS-E hoort niet bij aanvraag ${n}` }]);
    // Another organisation does not see them.
    expect((await get('waterbedrijf-peel', '/berichten/s-wacht')).status).toBe(404);
  });

  const LOOK_UPS: [path: string, status: number, what: string, produce: () => Promise<Response>][] = [
    ['/api/v1/berichten/{berichtId}', 200, 'a message of the sender', () => get('netbeheer-zuid', '/berichten/s-wacht')],
    [
      '/api/v1/berichten/{berichtId}',
      400,
      'an id longer than a message id can be',
      () => get('netbeheer-zuid', `/berichten/${'x'.repeat(129)}`),
    ],
    ['/api/v1/berichten/{berichtId}', 401, 'no API key', () => get(undefined, '/berichten/s-wacht')],
    ['/api/v1/berichten/{berichtId}', 404, 'an id the sender never used', () => get('netbeheer-zuid', '/berichten/nooit')],
    ['/api/v1/geparkeerde-berichten', 200, 'the waiting messages', () => get('netbeheer-zuid', '/geparkeerde-berichten')],
    ['/api/v1/geparkeerde-berichten', 400, 'a limit out of range', () => get('netbeheer-zuid', '/geparkeerde-berichten?limit=0')],
    ['/api/v1/geparkeerde-berichten', 401, 'no API key', () => get(undefined, '/geparkeerde-berichten')],
  ];
  const produced = new Map<string, Set<number>>();
  for (const [path, status, what, produce] of LOOK_UPS) {
    it(`${path} ${status}: ${what}`, async () => {
      const res = await produce();
      expect(res.status).toBe(status);
      const set = produced.get(path) ?? new Set();
      produced.set(path, set.add(status));
      const doc = await (await statusDb.app.request('/api/v1/openapi.json')).json();
      const answer = doc.paths[path].get.responses[String(status)];
      expect(answer, `${path} ${status} is not in the OpenAPI document`).toBeDefined();
      const mediaType = res.headers.get('content-type')?.split(';')[0] ?? '';
      expect(Object.keys(answer.content), `${status} ${mediaType}`).toContain(mediaType);
      if (mediaType === 'application/problem+json') expect(problemSchema.safeParse(await res.json()).success).toBe(true);
      else if (path.endsWith('{berichtId}')) expect(berichtStatusSchema.safeParse(await res.json()).success).toBe(true);
    });
  }

  it('documents, besides the database errors, exactly the answers produced above', async () => {
    const doc = await (await statusDb.app.request('/api/v1/openapi.json')).json();
    for (const [path, statuses] of produced) {
      const documented = Object.keys(doc.paths[path].get.responses)
        .map(Number)
        .filter((s) => s < 500);
      expect(documented.sort(), path).toEqual([...statuses].sort());
    }
  });
});
