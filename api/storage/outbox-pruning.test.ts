/**
 * Sent and finally failed mails leave the outbox after the retention period, in batches, on both
 * databases; a mail still pending (or claimed by a worker on PostgreSQL) never does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxMail, Store } from './store.ts';
import { openTestStore, testDatabaseKind } from './testing/test-store.ts';

const HOUR = 3_600_000;
const mail = (key: string): NewOutboxMail => ({
  idempotencyKey: key,
  kind: 'test',
  to: 'a@example.com',
  subject: key,
  html: '<p>x</p>',
  text: 'x',
});

describe(`pruning the outbox on ${testDatabaseKind()}`, () => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(() => store.close());

  it('deletes sent and failed mails whose last attempt is past the cut-off, batch by batch, and keeps every pending one', async () => {
    for (const key of ['sent-1', 'sent-2', 'sent-3', 'failed', 'pending', 'waiting', 'untouched', 'sent-late'])
      await store.outbox.enqueue(mail(key));
    // After the enqueueing: a new mail is due from the moment it was written.
    const now = new Date();
    const ids = new Map((await store.outbox.due(100, now)).map((m) => [m.idempotencyKey, m.id]));
    const id = (key: string) => ids.get(key) ?? -1;
    await store.outbox.markSent(
      ['sent-1', 'sent-2', 'sent-3'].map((key) => ({ id: id(key), providerId: `p-${key}` })),
      now,
    );
    await store.outbox.markFailed(id('failed'), 'for good');
    // Pending with its next attempt before the cut-off, and after it: both stay.
    await store.outbox.markRetry(id('waiting'), 'busy', new Date(now.getTime() + 5 * HOUR));
    // Retried after the cut-off, then sent: its last attempt is within the period.
    await store.outbox.markRetry(id('sent-late'), 'busy', new Date(now.getTime() + 2 * HOUR));
    await store.outbox.markSent([{ id: id('sent-late'), providerId: 'p-late' }], new Date(now.getTime() + 2 * HOUR));
    // 'pending' is claimed by a worker now (on PostgreSQL: leased to it); it stays pending.
    expect((await store.outbox.due(1, new Date(now.getTime() + HOUR))).map((m) => m.idempotencyKey)).toEqual(['pending']);

    const cutoff = new Date(now.getTime() + HOUR);
    expect(await store.outbox.prune(cutoff, { batch: 3 })).toBe(4);
    expect(await store.outbox.counts()).toEqual({ pending: 3, sent: 1, failed: 0 });
    // Nothing more to do: a second run deletes nothing.
    expect(await store.outbox.prune(cutoff, { batch: 3 })).toBe(0);
    // A mail whose key is gone from the outbox is not delivered again: its change is not applied again either
    // (the message log refuses the duplicate), so only the remaining ones are due later.
    const later = new Date(now.getTime() + 6 * HOUR + 10 * 60_000);
    expect((await store.outbox.due(100, later)).map((m) => m.idempotencyKey).sort()).toEqual(['pending', 'untouched', 'waiting']);
  });

  it('deletes nothing once the job is stopping', async () => {
    for (let i = 0; i < 5; i++) await store.outbox.enqueue(mail(`m${i}`));
    const now = new Date();
    await store.outbox.markSent(
      (await store.outbox.due(100, now)).map((m) => ({ id: m.id, providerId: `p${m.id}` })),
      now,
    );
    const stopping = new AbortController();
    stopping.abort();
    expect(await store.outbox.prune(new Date(now.getTime() + HOUR), { batch: 2, signal: stopping.signal })).toBe(0);
    expect(await store.outbox.prune(new Date(now.getTime() + HOUR), { batch: 2 })).toBe(5);
  });
});
