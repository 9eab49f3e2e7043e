/**
 * The live database opened for the impact report of a norm change, so that it cannot write:
 * SQLite read-only, PostgreSQL with every transaction read-only. No migration runs (a store's
 * open would migrate): a database from before the norms were recorded says so instead.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Organisation } from '../../domain/next-step.ts';
import type { NormImpactStorage, Where } from './contract.ts';
import { connectPostgres } from './postgres/database.ts';
import { PgNormsInUse } from './postgres/norms-in-use.ts';
import * as pgSchema from './postgres/schema.ts';
import { SqliteNormsInUse } from './sqlite/norms-in-use.ts';
import * as sqliteSchema from './sqlite/schema.ts';

export type NormImpactReader = {
  /** Undefined when the database has no table of recorded norms yet (a portal of an older release). */
  storage: NormImpactStorage | undefined;
  organisations: Map<string, Organisation>;
  close: () => Promise<void>;
};

const byCode = (rows: Organisation[]) => new Map(rows.map((o) => [o.code, o]));

export async function openNormImpactReader(where: Where): Promise<NormImpactReader> {
  if (where.DATABASE_URL) {
    const { sql, db } = connectPostgres(where.DATABASE_URL, { max: 2, readOnly: true });
    try {
      const [table] = await sql<{ name: string | null }[]>`select to_regclass('norms_in_use')::text as name`;
      const { code, name, kind } = pgSchema.organisations;
      return {
        storage: table?.name ? new PgNormsInUse(db) : undefined,
        organisations: byCode(await db.select({ code, name, kind }).from(pgSchema.organisations)),
        close: () => sql.end({ timeout: 5 }),
      };
    } catch (error) {
      await sql.end({ timeout: 1 });
      throw error;
    }
  }
  const sqlite = new Database(where.DATABASE_FILE, { readonly: true, fileMustExist: true });
  const db = drizzle({ client: sqlite, schema: sqliteSchema, casing: 'snake_case' });
  const table = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'norms_in_use'`).get();
  const { code, name, kind } = sqliteSchema.organisations;
  return {
    storage: table ? new SqliteNormsInUse(db) : undefined,
    organisations: byCode(db.select({ code, name, kind }).from(sqliteSchema.organisations).all()),
    close: async () => {
      sqlite.close();
    },
  };
}
