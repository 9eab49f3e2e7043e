/**
 * Opens the store the configuration names: PostgreSQL when DATABASE_URL is set (a fleet of
 * server processes), else the embedded SQLite file (one process, the default).
 */
import type { Content } from '../../domain/content.ts';
import type { MailComposer } from '../mail/compose.ts';
import { openPostgresStore, withoutPassword } from './postgres/store.ts';
import { openSqliteStore } from './sqlite/store.ts';
import type { Store } from './store.ts';

export type Where = {
  DATABASE_URL?: string | undefined;
  DATABASE_FILE: string;
  DATABASE_POOL_SIZE?: number;
  OUTBOX_LEASE_SECONDS?: number;
};

export type OpenOptions = {
  mail?: MailComposer;
  content?: Content;
  statusCacheBytes?: number;
  /** Days a parked message waits for its aanvraag (PARKED_MESSAGE_DAYS). */
  parkedMessageDays?: number;
  /** SQLite only: WAL checkpoints on a worker thread (the server). */
  onCheckpointerFailure?: (error: Error | undefined) => void;
};

export function openStore(where: Where, options: OpenOptions = {}): Promise<Store> {
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
