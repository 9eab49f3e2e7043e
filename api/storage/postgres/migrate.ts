/**
 * Brings a PostgreSQL database up to this code's schema. Several server processes may start at
 * once, and drizzle's migrate() takes no lock, so the migrations run under a session-level
 * advisory lock: the first process migrates, the others wait and then find nothing to do.
 * A database migrated by a newer release than this code is refused with a plain message.
 */
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type postgres from 'postgres';
import { DatabaseTooNewError, refuseNewerMigrations } from '../migration-journal.ts';

export const POSTGRES_MIGRATIONS = join(import.meta.dirname, 'migrations');

/** Any fixed 64-bit number, the same in every process: "traject migrations". */
const MIGRATION_LOCK = 7_346_201_861_204_881n;

/** Where drizzle records the migrations it ran. */
export type MigrationOptions = { migrationsSchema?: string; migrationsFolder?: string };

export { DatabaseTooNewError };

/** Runs the pending migrations; `sql` must be a pool of at least two connections (one holds the lock). */
export async function migratePostgres(sql: postgres.Sql, options: MigrationOptions = {}): Promise<void> {
  const migrationsFolder = options.migrationsFolder ?? POSTGRES_MIGRATIONS;
  const migrationsSchema = options.migrationsSchema ?? 'drizzle';
  const connection = await sql.reserve();
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`;
    const [applied] = await connection<{ newest: string | null }[]>`
      select max(created_at)::text as newest from ${connection(migrationsSchema)}.__drizzle_migrations
    `.catch((error: { code?: string }) => {
      // 42P01 / 3F000: no migrations table or schema yet, so a fresh database.
      if (error.code === '42P01' || error.code === '3F000') return [{ newest: null }];
      throw error;
    });
    refuseNewerMigrations(applied?.newest ? [Number(applied.newest)] : [], migrationsFolder);
    // The lock is held by the reserved connection; the pool's other connections run the migration.
    await migrate(drizzle(sql), { migrationsFolder, migrationsSchema });
  } finally {
    await connection`select pg_advisory_unlock(${MIGRATION_LOCK.toString()}::bigint)`.catch(() => {});
    connection.release();
  }
}
