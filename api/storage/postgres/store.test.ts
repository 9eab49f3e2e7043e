import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../core/open-store.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

/** Polls `check` until it holds, for at most `ms`. */
async function within(ms: number, check: () => boolean): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

describe('PostgreSQL store: two server processes on one database', () => {
  let database: TestDatabase;
  let one: PostgresStore;
  let two: PostgresStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Two processes start together: both migrate under the lock, one does the work.
    [one, two] = await Promise.all([openPostgresStore(database.url), openPostgresStore(database.url)]);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await database.drop();
  });

  it('sees an organisation and a combi added by the other within a second', async () => {
    await one.addOrganisation({ code: 'NB1', name: 'Netbeheerder Een', kind: 'netbeheerder' });
    await one.addOrganisation({ code: 'AN1', name: 'Aannemer Een', kind: 'aannemer' });
    expect(one.organisation('NB1')?.name).toBe('Netbeheerder Een');
    await within(1000, () => two.organisation('NB1') !== undefined);
    await one.addCombi({ code: 'C1', name: 'Combi Een', area: 'Utrecht', capoActive: true, members: ['NB1', 'AN1'] });
    await within(1000, () => two.combi('C1') !== undefined);
    expect([...(two.combi('C1')?.members ?? [])].sort()).toEqual(['AN1', 'NB1']);
    expect(two.combiCodes()).toEqual(['C1']);
  });

  it('finds the organisation behind an active API key', async () => {
    await one.addApiKey('NB1', 'a'.repeat(64), 'trj_aaaa', 'test');
    expect((await two.organisationByKeyHash('a'.repeat(64)))?.code).toBe('NB1');
    expect(await two.organisationByKeyHash('b'.repeat(64))).toBeUndefined();
  });

  it('answers ping, and counts', async () => {
    expect(await one.ping()).toBe(true);
    expect(await two.counts()).toEqual({ requests: 0, messages: 0, organisations: 2 });
  });
});
