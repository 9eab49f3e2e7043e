/**
 * A connection pool to PostgreSQL and the Drizzle database over it. Every session runs in UTC, so
 * dates that SQL works out (`now()`, `::date`) are the same on every server.
 */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.ts';

export type PgDb = PostgresJsDatabase<typeof schema>;
/** The database as seen inside `db.transaction(async (tx) => …)`. */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];
export type PgConnection = { sql: postgres.Sql; db: PgDb };

export type PoolOptions = {
  /** Connections in the pool (default 10). */
  max?: number;
  /** Every transaction read-only (the server refuses any write): for reports that promise to write nothing. */
  readOnly?: boolean;
  /** Told of every statement sent (the benchmark counts an ingestion batch's round trips with it). */
  onQuery?: (query: string) => void;
};

export function connectPostgres(url: string, options: PoolOptions = {}): PgConnection {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // A database that is down is reported within seconds (503 and /readyz), not after 30.
    connect_timeout: 5,
    onnotice: () => {},
    ...(options.onQuery && { debug: (_connection: number, query: string) => options.onQuery?.(query) }),
    connection: {
      TimeZone: 'UTC',
      application_name: 'traject',
      ...(options.readOnly && { default_transaction_read_only: true }),
    },
  });
  return { sql, db: drizzle({ client: sql, schema, casing: 'snake_case' }) };
}
