/**
 * Parked messages on a real database (docs/decisions/0034-parked-messages.md): held durably,
 * applied in the order received in the transaction of request_submitted, expired with a result
 * the sender reads, and idempotent across parked and applied. Part of the conformance suite: it
 * runs on SQLite and on PostgreSQL (api/storage/testing/postgres-suite.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import type { Message } from '../../domain/messages.ts';
import { contactLogged, submission } from '../testing.ts';
import type { Store } from './store.ts';
import { openTestStore } from './testing/test-store.ts';

let store: Store;
beforeEach(async () => {
  store = await openTestStore({ parkedMessageDays: 30 });
  await seedDirectory(store);
});
afterEach(() => store.close());

const DAY = 24 * 3600 * 1000;
const send = (code: string, messages: Message[], receivedAt = new Date()) => {
  const sender = store.organisation(code);
  if (!sender) throw new Error(code);
  return store.ingest(
    messages.map((message) => ({ sender, message })),
    { receivedAt, notify: false },
  );
};
const idOf = (code: string) => store.organisation(code)?.id as number;
const planning = (n: string, id: string, provisionalWeek: string) =>
  ({
    id,
    type: 'planning_changed',
    requestNumber: n,
    occurredAt: '2026-11-05T10:00:00+01:00',
    provisionalWeek,
    reason: 'plangesprek',
  }) as Message;

describe('parked messages on the database', () => {
  it('holds them until request_submitted, then applies them in the order received, in its transaction', async () => {
    const n = 'MA-PARK-1';
    // Both planning messages tell the same moment: the one received last must win.
    expect(await send('van-der-berg-infra', [planning(n, 'p1', '2027-W10')])).toEqual([
      { id: 'p1', status: 202, result: 'geparkeerd' },
    ]);
    await send('netbeheer-zuid', [contactLogged(n, 'c1')]);
    await send('van-der-berg-infra', [planning(n, 'p2', '2027-W12')]);
    expect(await store.requestState(n)).toBeUndefined();
    expect((await store.receivedMessages.waiting(idOf('van-der-berg-infra'), 10)).map((m) => m.messageId)).toEqual(['p1', 'p2']);

    expect(await send('netbeheer-zuid', [submission(n)])).toMatchObject([{ status: 201 }]);
    const state = await store.requestState(n);
    expect(state?.planning.provisionalWeek).toBe('2027-W12');
    expect(state?.contactMoments.map((c) => c.summary)).toEqual(['Aanvraag doorgenomen.']);
    expect(await store.receivedMessages.waiting(idOf('van-der-berg-infra'), 10)).toEqual([]);
    const p1 = await store.receivedMessages.find(idOf('van-der-berg-infra'), 'p1');
    expect(p1?.parked).toMatchObject({ status: 201, result: 'accepted', errors: null });
    expect(p1?.parked?.resolvedAt).toEqual(expect.any(String));
  });

  it('records a refusal for one that turns out not to be allowed, and applies nothing of it', async () => {
    const n = 'MA-PARK-2';
    const quickscan = {
      id: 'q-x',
      type: 'quickscan_done',
      requestNumber: n,
      occurredAt: '2026-11-03T10:00:00+01:00',
      workOrderId: `${n}-X`,
      quoteRequired: false,
    } as Message;
    await send('netbeheer-zuid', [quickscan]);
    await send('netbeheer-zuid', [submission(n)]);
    const found = await store.receivedMessages.find(idOf('netbeheer-zuid'), 'q-x');
    expect(found?.parked).toMatchObject({
      status: 422,
      result: 'rejected',
      errors: [{ field: 'workOrderId', message: `opdracht ${n}-X hoort niet bij aanvraag ${n}` }],
    });
    expect((await store.requestState(n))?.workOrders.map((w) => w.quickscanAt ?? null)).toEqual([null, null]);
  });

  it('expires one whose aanvraag did not come in time: not applied, recorded as verlopen', async () => {
    const n = 'MA-PARK-3';
    const long = new Date(Date.now() - 31 * DAY);
    await send('netbeheer-zuid', [contactLogged(n, 'c-oud')], long);
    const waiting = await store.receivedMessages.find(idOf('netbeheer-zuid'), 'c-oud');
    expect(waiting?.parked?.expiresAt).toBe(new Date(long.getTime() + 30 * DAY).toISOString());
    expect(waiting?.parked?.result).toBeNull();

    await send('netbeheer-zuid', [submission(n)]);
    expect((await store.requestState(n))?.contactMoments).toEqual([]);
    expect((await store.receivedMessages.find(idOf('netbeheer-zuid'), 'c-oud'))?.parked).toMatchObject({
      status: 410,
      result: 'verlopen',
    });
  });

  it('keeps idempotency across parked and applied: same body a duplicate, another body a conflict', async () => {
    const n = 'MA-PARK-4';
    const c = contactLogged(n, 'c1');
    const other = contactLogged(n, 'c1', { summary: 'Iets anders.' });
    await send('netbeheer-zuid', [c]);
    expect(await send('netbeheer-zuid', [c])).toMatchObject([{ status: 200, result: 'duplicate' }]);
    expect(await send('netbeheer-zuid', [other])).toMatchObject([{ status: 409, result: 'rejected' }]);
    await send('netbeheer-zuid', [submission(n)]);
    expect(await send('netbeheer-zuid', [c])).toMatchObject([{ status: 200, result: 'duplicate' }]);
    expect(await send('netbeheer-zuid', [other])).toMatchObject([{ status: 409, result: 'rejected' }]);
    expect((await store.requestState(n))?.contactMoments).toHaveLength(1);
    // Another sender's id of the same name is its own.
    expect(await send('waterbedrijf-peel', [other])).toMatchObject([{ status: 201 }]);
  });

  it('keeps a parked message of an organisation that takes no part waiting after the aanvraag arrives', async () => {
    const n = 'MA-PARK-5';
    await send('peelbouw', [contactLogged(n, 'c-peel')]);
    await send('netbeheer-zuid', [submission(n)]);
    const found = await store.receivedMessages.find(idOf('peelbouw'), 'c-peel');
    expect(found?.parked).toMatchObject({ result: null, resolvedAt: null });
    expect((await store.requestState(n))?.contactMoments).toEqual([]);
  });

  it('loses no message that is parked while its aanvraag arrives at the same moment', async () => {
    const n = 'MA-PARK-6';
    const contacts = Array.from({ length: 12 }, (_, i) => contactLogged(n, `c-race-${i}`));
    const results = await Promise.all([
      ...contacts.slice(0, 6).map((c) => send('netbeheer-zuid', [c])),
      send('netbeheer-zuid', [submission(n)]),
      ...contacts.slice(6).map((c) => send('netbeheer-zuid', [c])),
    ]);
    expect(results.flat().every((r) => r.status === 201 || r.status === 202)).toBe(true);
    // Each was applied: at once (after the aanvraag) or from the parking (before it).
    expect((await store.requestState(n))?.contactMoments).toHaveLength(12);
    expect(await store.receivedMessages.waiting(idOf('netbeheer-zuid'), 100)).toEqual([]);
  });

  it('is deleted by the retention job a while after it stopped waiting, and not before', async () => {
    const n = 'MA-PARK-7';
    // Expired 31 days ago (past the 30 days its outcome is kept), and expired yesterday.
    await send('netbeheer-zuid', [contactLogged(n, 'c-weg')], new Date(Date.now() - 61 * DAY));
    await send('netbeheer-zuid', [contactLogged(n, 'c-blijft')], new Date(Date.now() - 31 * DAY));
    const preview = await store.retention.preview(new Date(0), new Date());
    expect(preview.parkedMessages).toBe(1);
    expect(await store.retention.purgeExpired(new Date())).toMatchObject({ parkedMessages: 1 });
    expect(await store.receivedMessages.find(idOf('netbeheer-zuid'), 'c-weg')).toBeUndefined();
    expect((await store.receivedMessages.find(idOf('netbeheer-zuid'), 'c-blijft'))?.messageId).toBe('c-blijft');
  });
});
