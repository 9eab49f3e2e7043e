/**
 * PgEndSurveys on a real PostgreSQL database: an invitation read back by aanvraag and by id with
 * its contractor, the CSV decision handed to the core, and single use across two processes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CsvInvitationResult } from '../store.ts';
import { insertOrganisation, insertRequest, type MigratedDatabase, openMigratedDatabase } from '../testing/migrated-database.ts';
import { PgEndSurveys } from './end-surveys.ts';
import * as schema from './schema.ts';

const at = new Date('2026-12-06T10:00:00.000Z');
const csvAsked: string[] = [];
const fromCsv = async (requestNumber: string): Promise<CsvInvitationResult> => {
  csvAsked.push(requestNumber);
  return { result: 'overgeslagen', reason: 'geen e-mailadres' };
};

let database: MigratedDatabase;
let endSurveys: PgEndSurveys;
beforeEach(async () => {
  database = await openMigratedDatabase();
  endSurveys = new PgEndSurveys(database.db, fromCsv);
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

  it('leaves the CSV decision to the application core', async () => {
    expect(await endSurveys.inviteFromCsv('MA-2026-000002')).toEqual({ result: 'overgeslagen', reason: 'geen e-mailadres' });
    expect(csvAsked).toContain('MA-2026-000002');
  });

  it('is used once, also when two processes use it at once', async () => {
    const other = new PgEndSurveys(database.connect().db, fromCsv);
    const used = await Promise.all([endSurveys.use('e1', at), other.use('e1', at), endSurveys.use('e1', at)]);
    expect(used.filter(Boolean)).toHaveLength(1);
    expect((await endSurveys.byId('e1'))?.usedAt).toEqual(at);
    expect(await endSurveys.use('e9', at)).toBe(false);
  });
});
