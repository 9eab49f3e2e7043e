/**
 * PgResponses on a real PostgreSQL database: answers saved per question, a retried request that
 * changes nothing, and one response per trigger or invitation when saves race on several processes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseContext } from '../store.ts';
import { type MigratedDatabase, openMigratedDatabase } from '../testing/migrated-database.ts';
import { PgResponses } from './responses.ts';

const at = new Date('2026-12-06T10:00:00.000Z');
const later = new Date('2026-12-06T10:05:00.000Z');
const popup: ResponseContext = {
  survey: 'ktv-widget',
  requestNumber: 'MA-2026-000001',
  trigger: 'planning',
  triggerKey: 'ktv-widget:MA-2026-000001:planning',
  page: '/aanvraag',
};

let database: MigratedDatabase;
let responses: PgResponses;
beforeEach(async () => {
  database = await openMigratedDatabase();
  responses = new PgResponses(database.db);
});
afterEach(() => database.drop());

describe('PgResponses', () => {
  it('creates a response, keeps earlier answers and tells saved from unchanged', async () => {
    expect(await responses.save({ id: 'r1', context: popup, answers: { ces: 5 }, at })).toEqual({ result: 'created' });
    expect(await responses.save({ id: 'r1', context: popup, answers: { ces: 5 }, at: later })).toEqual({
      result: 'unchanged',
    });
    expect(await responses.save({ id: 'r1', context: popup, answers: { opties: ['a', 'b'] }, at: later })).toEqual({
      result: 'saved',
    });
    expect(await responses.get('r1')).toEqual({
      id: 'r1',
      survey: 'ktv-widget',
      requestNumber: 'MA-2026-000001',
      trigger: 'planning',
      triggerKey: 'ktv-widget:MA-2026-000001:planning',
      invitationId: null,
      page: '/aanvraag',
      createdAt: at.toISOString(),
      updatedAt: later.toISOString(),
      completedAt: null,
      answers: { ces: 5, opties: ['a', 'b'] },
    });
    expect(await responses.get('r2')).toBeUndefined();
  });

  it('completes a response once', async () => {
    await responses.save({ id: 'r1', context: popup, answers: { ces: 2 }, at });
    expect(await responses.save({ id: 'r1', context: popup, completed: true, at: later })).toEqual({ result: 'saved' });
    expect(await responses.save({ id: 'r1', context: popup, completed: true, at: new Date('2026-12-07') })).toEqual({
      result: 'unchanged',
    });
    expect(await responses.forTrigger(popup.triggerKey as string)).toEqual({ id: 'r1', completedAt: later.toISOString() });
    expect(await responses.forTrigger('other')).toBeUndefined();
  });

  it('refuses an id in another context, a taken trigger and a taken invitation', async () => {
    await responses.save({ id: 'r1', context: popup, at });
    expect(await responses.save({ id: 'r1', context: { ...popup, requestNumber: 'MA-2026-000002' }, at })).toEqual({
      result: 'conflict',
      reason: 'other-context',
    });
    expect(await responses.save({ id: 'r2', context: popup, at })).toEqual({ result: 'conflict', reason: 'trigger-taken' });
    const mail = { survey: 'eindmeting', requestNumber: 'MA-2026-000001', invitationId: 'inv1' };
    expect(await responses.save({ id: 'r3', context: mail, answers: { nps: 9 }, at })).toEqual({ result: 'created' });
    expect(await responses.save({ id: 'r4', context: mail, at })).toEqual({ result: 'conflict', reason: 'invitation-taken' });
    expect(await responses.get('r2')).toBeUndefined();
    expect(await responses.get('r4')).toBeUndefined();
  });

  it('keeps one response per trigger when new responses race on two processes', async () => {
    const other = new PgResponses(database.connect().db);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? other : responses).save({ id: `r${i}`, context: popup, answers: { ces: i }, at }),
      ),
    );
    expect(results.filter((r) => r.result === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'conflict' && r.reason === 'trigger-taken')).toHaveLength(7);
    const winner = await responses.forTrigger(popup.triggerKey as string);
    const index = results.findIndex((r) => r.result === 'created');
    expect(winner?.id).toBe(`r${index}`);
    expect((await responses.get(`r${index}`))?.answers).toEqual({ ces: index });
  });

  it('creates a response once when the same request arrives twice at once', async () => {
    const other = new PgResponses(database.connect().db);
    const save = (store: PgResponses) => store.save({ id: 'r1', context: popup, answers: { ces: 4 }, completed: true, at });
    const results = await Promise.all([save(responses), save(other), save(responses), save(other)]);
    expect(results.map((r) => r.result).sort()).toEqual(['created', 'unchanged', 'unchanged', 'unchanged']);
  });
});
