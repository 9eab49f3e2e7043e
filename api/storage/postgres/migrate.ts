/**
 * Brings a PostgreSQL database up to this code's schema. Several server processes may start at
 * once, and drizzle's migrate() takes no lock, so the migrations run under a session-level
 * advisory lock: the first process migrates, the others wait and then find nothing to do.
 * A database migrated by a newer release than this code is refused with a plain message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type postgres from 'postgres';

export const POSTGRES_MIGRATIONS = join(import.meta.dirname, 'migrations');

/** Any fixed 64-bit number, the same in every process: "traject migrations". */
const MIGRATION_LOCK = 7_346_201_861_204_881n;

/** Where drizzle records the migrations it ran. */
export type MigrationOptions = { migrationsSchema?: string; migrationsFolder?: string };

export class DatabaseTooNewError extends Error {}

/** The newest migration this code knows: its `when` (ms) in drizzle's journal. */
function newestKnownMigration(folder: string): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((e) => e.when));
}

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
    const known = newestKnownMigration(migrationsFolder);
    if (applied?.newest && Number(applied.newest) > known) {
      throw new DatabaseTooNewError(
        `De database is bijgewerkt door een nieuwere versie van Traject (migratie van ${new Date(Number(applied.newest)).toISOString()}; deze versie kent tot ${new Date(known).toISOString()}). Start de nieuwere versie, of zet een back-up terug. / The database was migrated by a newer release of Traject: start that release, or restore a backup.`,
      );
    }
    // The lock is held by the reserved connection; the pool's other connections run the migration.
    await migrate(drizzle(sql), { migrationsFolder, migrationsSchema });
  } finally {
    await connection`select pg_advisory_unlock(${MIGRATION_LOCK.toString()}::bigint)`.catch(() => {});
    connection.release();
  }
}
