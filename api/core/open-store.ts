/**
 * Opens the store the configuration names: PostgreSQL when DATABASE_URL is set (a fleet of
 * server processes), else the embedded SQLite file (one process, the default). Each opens its
 * database's storage (api/storage/) and composes the application core over it (store.ts).
 */

import type { Where } from '../storage/contract.ts';
import { withoutPassword } from '../storage/database-url.ts';
import type { PostgresStorage, PostgresStorageOptions } from '../storage/postgres/store.ts';
import { openSqliteStorage, type SqliteStorage, type SqliteStorageOptions } from '../storage/sqlite/store.ts';
import { type ComposedStore, type CoreOptions, composeStore } from './store.ts';

export type SqliteStore = ComposedStore<SqliteStorage>;
export type StoreOptions = CoreOptions & SqliteStorageOptions;

/** Opens (and creates) the SQLite file, applies pending migrations and returns the store over it. */
export function openSqliteStore(file: string, options: StoreOptions = {}): SqliteStore {
  const { checkpointInBackground, walLimitBytes, checkpointIntervalMs, ...core } = options;
  return composeStore(openSqliteStorage(file, { checkpointInBackground, walLimitBytes, checkpointIntervalMs }), core);
}

export type PostgresStore = ComposedStore<PostgresStorage>;
export type PostgresStoreOptions = CoreOptions & PostgresStorageOptions;

/** Connects, migrates (unless told not to), loads the directory, listens for changes and returns the store. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const { pool, outboxLeaseMs, migrate, ...core } = options;
  // Loaded only when asked for: on SQLite the server never pays PostgreSQL's driver and schema
  // (about 0.3 s of its start and their code in its memory).
  const { openPostgresStorage } = await import('../storage/postgres/store.ts');
  return composeStore(await openPostgresStorage(url, { pool, outboxLeaseMs, migrate }), core);
}

export type OpenOptions = CoreOptions & {
  /** SQLite only: WAL checkpoints on a worker thread (the server). */
  onCheckpointerFailure?: (error: Error | undefined) => void;
};

export function openStore(where: Where, options: OpenOptions = {}): Promise<ComposedStore> {
  const { onCheckpointerFailure, ...common } = options;
  if (where.DATABASE_URL) {
    return openPostgresStore(where.DATABASE_URL, {
      ...common,
      pool: { max: where.DATABASE_POOL_SIZE },
      ...(where.OUTBOX_LEASE_SECONDS && { outboxLeaseMs: where.OUTBOX_LEASE_SECONDS * 1000 }),
    });
  }
  return Promise.resolve(
    openSqliteStore(where.DATABASE_FILE, {
      ...common,
      ...(onCheckpointerFailure && { checkpointInBackground: { onFailure: onCheckpointerFailure } }),
    }),
  );
}

/**
 * Where a command's `--database` points: a PostgreSQL URL or a SQLite file; without it, where
 * the configuration points.
 */
export function whereFrom(config: Where, database: string | undefined): Where {
  if (!database) return config;
  return /^postgres(ql)?:\/\//.test(database)
    ? { ...config, DATABASE_URL: database }
    : { ...config, DATABASE_URL: undefined, DATABASE_FILE: database };
}

/** Where the data is, for messages: the file, or the database URL without its password. */
export function describeDatabase(where: Where): string {
  return where.DATABASE_URL ? withoutPassword(where.DATABASE_URL) : where.DATABASE_FILE;
}
