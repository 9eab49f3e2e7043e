/**
 * The outbox on a real PostgreSQL with several processes running the worker: each due mail is
 * claimed by one of them, a claim lapses after its lease, and a retry counts in the database.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxMail, OutboxMail } from '../store.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { connectPostgres, type PgConnection } from './database.ts';
import { migratePostgres } from './migrate.ts';
import { OUTBOX_LEASE_MS, PgOutbox } from './outbox.ts';
import * as schema from './schema.ts';

let database: TestDatabase;
let pools: PgConnection[];

/** The outbox as one server process sees it: a pool of its own. */
function processOutbox(): PgOutbox {
  const pool = connectPostgres(database.url, { max: 4 });
  pools.push(pool);
  return new PgOutbox(pool.db);
}

const mail = (key: string, channel: NewOutboxMail['channel'] = 'email'): NewOutboxMail => ({
  idempotencyKey: key,
  kind: 'test',
  to: channel === 'sms' ? '+31612345678' : 'a@example.com',
  subject: key,
  html: '<p>x</p>',
  text: 'x',
  channel,
});

beforeEach(async () => {
  database = await createTestDatabase();
  await migratePostgres(database.sql);
  pools = [];
});
afterEach(async () => {
  await Promise.all(pools.map((p) => p.sql.end({ timeout: 1 })));
  await database.drop();
});

describe('the outbox on PostgreSQL', () => {
  it('gives each due mail to one of several processes claiming at once', async () => {
    const a = processOutbox();
    const b = processOutbox();
    const c = processOutbox();
    for (let i = 0; i < 60; i++) await a.enqueue(mail(`m${i}`));
    const now = new Date();
    const claimed: number[] = [];
    for (;;) {
      const batches = await Promise.all([a.due(7, now), b.due(7, now), c.due(7, now)]);
      const ids = batches.flat().map((m) => m.id);
      if (ids.length === 0) break;
      claimed.push(...ids);
      for (const batch of batches) expect(batch.map((m) => m.id)).toEqual([...batch.map((m) => m.id)].sort((x, y) => x - y));
    }
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
  });

  it('hands a claimed mail out again after its lease, when the process that took it never answered', async () => {
    const outbox = processOutbox();
    await outbox.enqueue(mail('m1'));
    const now = new Date();
    const [claimed] = await outbox.due(10, now);
    expect(claimed).toMatchObject({ idempotencyKey: 'm1', html: '<p>x</p>', attempts: 0, channel: 'email' });
    expect(await outbox.due(10, new Date(now.getTime() + OUTBOX_LEASE_MS - 1000))).toEqual([]);
    expect((await outbox.due(10, new Date(now.getTime() + OUTBOX_LEASE_MS)))[0]?.idempotencyKey).toBe('m1');
  });

  it('counts retries in the database, ends a lease with the next attempt, and keeps no body once sent', async () => {
    const outbox = processOutbox();
    const other = processOutbox();
    await outbox.enqueue(mail('m1'));
    await outbox.enqueue(mail('m1'));
    await outbox.enqueue(mail('s1', 'sms'));
    const now = new Date();
    const [m1] = await outbox.due(10, now, ['email']);
    if (!m1) throw new Error('no mail due');
    await Promise.all([outbox.markRetry(m1.id, 'boom', now), other.markRetry(m1.id, 'boom', now)]);
    const [again] = await other.due(10, now, ['email']);
    expect(again).toMatchObject({ id: m1.id, attempts: 2 });
    await other.markSent([{ id: m1.id, providerId: 'provider-1' }], now);
    const [row] = (await pools[0]?.db.select().from(schema.outbox).where(eq(schema.outbox.id, m1.id))) ?? [];
    expect(row).toMatchObject({ status: 'sent', providerId: 'provider-1', html: null, text: null, lastError: null });
    const [sms] = await outbox.due(10, now);
    if (!sms) throw new Error('no sms due');
    await outbox.markFailed(sms.id, 'no provider');
    expect(await outbox.counts()).toEqual({ pending: 0, sent: 1, failed: 1 });
  });

  it('gives a provider batch whole to one process, also what the limit cut off', async () => {
    const a = processOutbox();
    const b = processOutbox();
    for (let i = 0; i < 12; i++) await a.enqueue(mail(`m${i}`));
    const now = new Date();
    const first = await a.due(12, now);
    // Sent before as two batches (m0–m5 and m6–m11) that got no answer: due again together.
    await a.startBatch(
      first.slice(0, 6).map((m) => m.id),
      'batch-one',
    );
    await a.startBatch(
      first.slice(6).map((m) => m.id),
      'batch-two',
    );
    for (const m of first) await a.markRetry(m.id, 'no answer', now);
    // Rounds of two processes claiming at once, two mails each, until nothing is left. (A process
    // may pass by a batch that the other's claim looked at without taking it: it is due next round.)
    const claims: OutboxMail[][] = [];
    for (let round = 0; round < 5; round++) claims.push(...(await Promise.all([a.due(2, now), b.due(2, now)])));
    for (const claim of claims.filter((c) => c.length > 0)) {
      // A claim holds one batch, all six of its mails, in spite of the limit of two.
      expect(claim).toHaveLength(6);
      expect(new Set(claim.map((m) => m.batchKey)).size).toBe(1);
    }
    expect(new Set(claims.flat().map((m) => m.id)).size).toBe(12);
  });
});
