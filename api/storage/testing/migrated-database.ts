/**
 * A migrated PostgreSQL database of its own for one test of a storage module, with the few
 * directory and aanvraag rows such a test needs written straight through Drizzle.
 */
import { connectPostgres, type PgConnection, type PgDb } from '../postgres/database.ts';
import { migratePostgres } from '../postgres/migrate.ts';
import * as schema from '../postgres/schema.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import { createTestDatabase } from './test-database.ts';

export type MigratedDatabase = {
  db: PgDb;
  url: string;
  /** Another pool on the same database, as a second server process has. */
  connect(): PgConnection;
  /** The directory's ids as the store keeps them, read from the organisations table. */
  ids(): Promise<DirectoryIds>;
  drop(): Promise<void>;
};

export async function openMigratedDatabase(): Promise<MigratedDatabase> {
  const scratch = await createTestDatabase();
  await migratePostgres(scratch.sql);
  const pools: PgConnection[] = [];
  const connect = () => {
    const connection = connectPostgres(scratch.url);
    pools.push(connection);
    return connection;
  };
  const { db } = connect();
  return {
    db,
    url: scratch.url,
    connect,
    ids: async () => {
      const orgs = await db.select({ id: schema.organisations.id, code: schema.organisations.code }).from(schema.organisations);
      const combis = await db.select({ id: schema.combis.id, code: schema.combis.code }).from(schema.combis);
      return {
        organisationId: (code) => orgs.find((o) => o.code === code)?.id,
        organisationCode: (id) => orgs.find((o) => o.id === id)?.code,
        combiId: (code) => combis.find((c) => c.code === code)?.id,
        combiCode: (id) => combis.find((c) => c.id === id)?.code,
      };
    },
    drop: async () => {
      await Promise.all(pools.map((p) => p.sql.end({ timeout: 1 })));
      await scratch.drop();
    },
  };
}

/** An organisation row; returns its id. */
export async function insertOrganisation(
  db: PgDb,
  code: string,
  kind: (typeof schema.organisations.$inferInsert)['kind'] = 'aannemer',
): Promise<number> {
  const [row] = await db
    .insert(schema.organisations)
    .values({ code, name: code, kind })
    .returning({ id: schema.organisations.id });
  return (row as { id: number }).id;
}

/** An aanvraag row with only what the table requires, plus the columns given; returns its id. */
export async function insertRequest(
  db: PgDb,
  number: string,
  columns: Partial<typeof schema.requests.$inferInsert> = {},
): Promise<number> {
  const [row] = await db
    .insert(schema.requests)
    .values({ number, phase: 'aangevraagd', updatedAt: '2026-12-01T08:00:00.000Z', state: { number }, ...columns })
    .returning({ id: schema.requests.id });
  return (row as { id: number }).id;
}
