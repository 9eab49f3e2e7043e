/**
 * PgEndSurveys on a real PostgreSQL database: an invitation read back by aanvraag and by id with
 * its contractor, and single use across two processes (the CSV decision is the core's).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertOrganisation, insertRequest, type MigratedDatabase, openMigratedDatabase } from '../testing/migrated-database.ts';
import { PgEndSurveys } from './end-surveys.ts';
import * as schema from './schema.ts';

const at = new Date('2026-12-06T10:00:00.000Z');

let database: MigratedDatabase;
let endSurveys: PgEndSurveys;
beforeEach(async () => {
  database = await openMigratedDatabase();
  endSurveys = new PgEndSurveys(database.db);
  const contractorId = await insertOrganisation(database.db, 'AANNEMER-1');
  const sent = await insertRequest(database.db, 'MA-2026-000001');
  const skipped = await insertRequest(database.db, 'MA-2026-000002');
  await database.db.insert(schema.endSurveyInvitations).values([
    {
      id: 'e1',
      requestId: sent,
      email: 'anna@example.nl',
      contractorId,
      trigger: 'capo',
      status: 'uitgenodigd',
      secretHash: 'h',
      createdAt: at.toISOString(),
      expiresAt: '2027-01-05T10:00:00.000Z',
    },
    {
      id: 'e2',
      requestId: skipped,
      email: 'piet@example.nl',
      trigger: 'csv',
      status: 'overgeslagen',
      skipReason: 'recent uitgenodigd',
      createdAt: at.toISOString(),
    },
  ]);
});
afterEach(() => database.drop());

describe('PgEndSurveys', () => {
  it('reads an invitation by aanvraag and by id, with its contractor', async () => {
    const invitation = {
      id: 'e1',
      requestNumber: 'MA-2026-000001',
      email: 'anna@example.nl',
      contractor: 'AANNEMER-1',
      trigger: 'capo',
      status: 'uitgenodigd',
      skipReason: null,
      secretHash: 'h',
      createdAt: at,
      expiresAt: new Date('2027-01-05T10:00:00.000Z'),
      usedAt: null,
    };
    expect(await endSurveys.forRequest('MA-2026-000001')).toEqual(invitation);
    expect(await endSurveys.byId('e1')).toEqual(invitation);
    expect(await endSurveys.byId('e2')).toMatchObject({ contractor: null, status: 'overgeslagen', expiresAt: null });
    expect(await endSurveys.forRequest('MA-2026-999999')).toBeUndefined();
    expect(await endSurveys.byId('e9')).toBeUndefined();
  });

  it('is used once, also when two processes use it at once', async () => {
    const other = new PgEndSurveys(database.connect().db);
    const used = await Promise.all([endSurveys.use('e1', at), other.use('e1', at), endSurveys.use('e1', at)]);
    expect(used.filter(Boolean)).toHaveLength(1);
    expect((await endSurveys.byId('e1'))?.usedAt).toEqual(at);
    expect(await endSurveys.use('e9', at)).toBe(false);
  });
});
