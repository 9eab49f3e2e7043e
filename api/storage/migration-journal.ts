/**
 * A database that a newer release of Traject has migrated holds a migration this code does not
 * have. Drizzle's migrate() says nothing then (it applies only what is newer than the database's
 * last one), and old code would run on tables it does not know: refuse to start instead.
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** A database migrated by a newer release of Traject than this code: SQLite's or PostgreSQL's. */
export class DatabaseTooNewError extends Error {}

/** Throws when a migration in the journal (its `created_at`) is newer than every one in the folder. */
export function refuseNewerMigrations(applied: readonly number[], migrationsFolder: string): void {
  const latest = Math.max(...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
  const newer = applied.map(Number).filter((when) => when > latest);
  if (newer.length === 0) return;
  const dates = newer.map((when) => new Date(when).toISOString().slice(0, 10)).join(', ');
  throw new DatabaseTooNewError(
    `The database was migrated by a newer version of Traject: ${newer.length} migration(s) of ${dates} that this code ` +
      `(${migrationsFolder}) does not have. Run that version, or restore a backup made before it. ` +
      '(De database is bijgewerkt door een nieuwere versie van Traject: start die versie, of zet een back-up terug.)',
  );
}
