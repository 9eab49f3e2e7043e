/**
 * For tests of one PostgreSQL sub-store on its own: a migrated database (migrated-database.ts)
 * with a few organisations and a combi, and the DirectoryIds the sub-stores read codes through.
 */
import type { PgDb } from '../postgres/database.ts';
import * as schema from '../postgres/schema.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import { openMigratedDatabase } from './migrated-database.ts';

export type PgFixture = { db: PgDb; ids: DirectoryIds; drop: () => Promise<void> };

/** The combi `CA` (of the combi-organisatie `CO`) has the grid operator `NB` and the contractor `AN` as members. */
const ORGANISATIONS = [
  { code: 'PL', name: 'Platform', kind: 'platform' },
  { code: 'NB', name: 'Netbeheer', kind: 'netbeheerder' },
  { code: 'NB2', name: 'Tweede netbeheer', kind: 'netbeheerder' },
  { code: 'AN', name: 'Aannemer', kind: 'aannemer' },
  { code: 'CO', name: 'Combi-organisatie', kind: 'combi' },
] as const;

export async function pgFixture(): Promise<PgFixture> {
  const database = await openMigratedDatabase();
  const { db } = database;
  const orgs = await db
    .insert(schema.organisations)
    .values([...ORGANISATIONS])
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
  return { db, ids: await database.ids(), drop: database.drop };
}
