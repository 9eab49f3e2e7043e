/**
 * For tests of one PostgreSQL sub-store on its own (before the whole PostgresStore runs them): a
 * migrated database of its own, a few organisations and a combi written with Drizzle, and the
 * DirectoryIds the sub-stores read codes through.
 */
import { connectPostgres, type PgDb } from '../postgres/database.ts';
import { migratePostgres } from '../postgres/migrate.ts';
import * as schema from '../postgres/schema.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import { createTestDatabase } from './test-database.ts';

export type PgFixture = { db: PgDb; ids: DirectoryIds; drop: () => Promise<void> };

/** Organisations by code, kind; the combi `CA` has the grid operator `NB` and contractor `AN` as members. */
export const FIXTURE_ORGANISATIONS = [
  { code: 'PL', name: 'Platform', kind: 'platform' },
  { code: 'NB', name: 'Netbeheer', kind: 'netbeheerder' },
  { code: 'NB2', name: 'Tweede netbeheer', kind: 'netbeheerder' },
  { code: 'AN', name: 'Aannemer', kind: 'aannemer' },
  { code: 'CO', name: 'Combi-organisatie', kind: 'combi' },
] as const;

export async function pgFixture(): Promise<PgFixture> {
  const database = await createTestDatabase();
  await migratePostgres(database.sql);
  const { sql, db } = connectPostgres(database.url, { max: 4 });
  const orgs = await db
    .insert(schema.organisations)
    .values([...FIXTURE_ORGANISATIONS])
    .returning();
  const id = (code: string) => orgs.find((o) => o.code === code)?.id as number;
  const [combi] = await db
    .insert(schema.combis)
    .values({ code: 'CA', name: 'Combi A', area: 'Utrecht', organisationId: id('CO') })
    .returning();
  const combiId = combi?.id as number;
  await db.insert(schema.combiMembers).values([
    { combiId, organisationId: id('NB') },
    { combiId, organisationId: id('AN') },
  ]);
  const ids: DirectoryIds = {
    organisationId: (code) => orgs.find((o) => o.code === code)?.id,
    organisationCode: (n) => orgs.find((o) => o.id === n)?.code,
    combiId: (code) => (code === 'CA' ? combiId : undefined),
    combiCode: (n) => (n === combiId ? 'CA' : undefined),
  };
  return {
    db,
    ids,
    drop: async () => {
      await sql.end({ timeout: 1 });
      await database.drop();
    },
  };
}
