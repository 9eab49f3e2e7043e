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
import { openSqliteStore } from '../data/sqlite-store.ts';
import type { Store } from '../data/store.ts';
import { createLogger } from '../http/logger.ts';
import { problemSchema } from '../http/problem.ts';
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
