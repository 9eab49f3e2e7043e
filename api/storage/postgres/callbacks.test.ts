/**
 * PgCallbacks on a real PostgreSQL database: one call-back request per answered survey, also when
 * two arrive at once, and the open ones per organisation, oldest first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallbackRequest } from '../store.ts';
import { insertOrganisation, type MigratedDatabase, openMigratedDatabase } from '../testing/migrated-database.ts';
import { PgCallbacks } from './callbacks.ts';
import { callbackRequests, staffMembers } from './schema.ts';

const request = (id: string, organisation: string, minute: number): Omit<CallbackRequest, 'doneAt'> => ({
  id,
  invitationId: `inv-${id}`,
  survey: 'eindmeting',
  requestNumber: 'MA-2026-000001',
  organisation,
  phone: '0612345678',
  note: null,
  createdAt: new Date(Date.UTC(2026, 11, 6, 10, minute)),
});

let database: MigratedDatabase;
let callbacks: PgCallbacks;
beforeEach(async () => {
  database = await openMigratedDatabase();
  await insertOrganisation(database.db, 'NB-1', 'netbeheerder');
  await insertOrganisation(database.db, 'AANNEMER-1');
  callbacks = new PgCallbacks(database.db, await database.ids());
});
afterEach(() => database.drop());

describe('PgCallbacks', () => {
  it('adds one request per invitation and lists the open ones per organisation, oldest first', async () => {
    expect(await callbacks.add(request('b', 'NB-1', 5))).toBe('created');
    expect(await callbacks.add(request('a', 'NB-1', 1))).toBe('created');
    expect(await callbacks.add(request('c', 'AANNEMER-1', 3))).toBe('created');
    expect(await callbacks.add({ ...request('d', 'NB-1', 7), invitationId: 'inv-a' })).toBe('exists');
    expect((await callbacks.openFor('NB-1')).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await callbacks.openFor('alle')).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(await callbacks.openFor('ONBEKEND')).toEqual([]);
    expect((await callbacks.openFor('AANNEMER-1'))[0]).toEqual({ ...request('c', 'AANNEMER-1', 3), doneAt: null });

    await database.db.update(callbackRequests).set({ doneAt: '2026-12-06T11:00:00.000Z' });
    expect(await callbacks.openFor('alle')).toEqual([]);
  });

  it('refuses an organisation the directory does not know', async () => {
    await expect(callbacks.add(request('a', 'ONBEKEND', 1))).rejects.toThrow(/unknown organisation/);
  });

  it('creates one request when the same answer asks twice at once on two processes', async () => {
    const other = new PgCallbacks(database.connect().db, await database.ids());
    const results = await Promise.all([
      callbacks.add(request('a', 'NB-1', 1)),
      other.add({ ...request('b', 'NB-1', 1), invitationId: 'inv-a' }),
    ]);
    expect(results.sort()).toEqual(['created', 'exists']);
  });

  it('lets one of two planners claiming at once on two processes have it, and tells the other who', async () => {
    const org = await insertOrganisation(database.db, 'AANNEMER-2');
    const staff = await database.db
      .insert(staffMembers)
      .values(
        ['Anna', 'Bram'].map((name) => ({ organisationId: org, email: `${name}@x.example`, name, role: 'planner' as const })),
      )
      .returning({ id: staffMembers.id });
    callbacks = new PgCallbacks(database.db, await database.ids());
    await callbacks.add(request('a', 'AANNEMER-2', 1));
    const other = new PgCallbacks(database.connect().db, await database.ids());
    const at = new Date(Date.UTC(2026, 11, 6, 11));
    const [first, second] = staff.map((s) => s.id) as [number, number];
    const results = await Promise.all([
      callbacks.claim('AANNEMER-2', 'a', first, at),
      other.claim('AANNEMER-2', 'a', second, at),
    ]);
    const done = results.filter((r) => r.result === 'done');
    expect(done).toHaveLength(1);
    const winner = (await callbacks.openTasks('AANNEMER-2'))[0]?.claimedBy;
    expect(results.find((r) => r.result === 'taken')).toEqual({ result: 'taken', by: winner?.name, at });
  });
});
