/**
 * The PostgreSQL migrations on a real server (the run's throwaway cluster): they create the
 * schema that schema.ts describes, two processes starting together migrate once, and a database
 * from a newer release is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { DatabaseTooNewError, migratePostgres, POSTGRES_MIGRATIONS } from './migrate.ts';
import * as schema from './schema.ts';

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const described = Object.values(schema)
  .filter((v) => typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in v)
  .map((t) => getTableConfig(t as PgTable));

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.drop());

describe('PostgreSQL migrations', () => {
  it('create every table and column that the schema modules describe', async () => {
    await migratePostgres(db.sql);
    const rows = await db.sql<{ table_name: string; column_name: string }[]>`
      select table_name, column_name from information_schema.columns where table_schema = 'public'`;
    const inDatabase = new Map<string, string[]>();
    for (const r of rows) inDatabase.set(r.table_name, [...(inDatabase.get(r.table_name) ?? []), r.column_name]);
    for (const table of described) {
      expect(inDatabase.get(table.name)?.sort(), table.name).toEqual(table.columns.map((c) => snake(c.name)).sort());
    }
  });

  it('run once when two processes start together', async () => {
    // Two pools, as two server processes would have.
    const other = (await import('postgres')).default(db.url, { onnotice: () => {} });
    try {
      await Promise.all([migratePostgres(db.sql), migratePostgres(other)]);
    } finally {
      await other.end({ timeout: 1 });
    }
    const rows = await db.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    // Each migration recorded once, not once per process.
    const journal = JSON.parse(readFileSync(join(POSTGRES_MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    expect(rows[0]?.n).toBe(journal.entries.length);
  });

  it('refuse a database that a newer release migrated, with a plain message', async () => {
    await migratePostgres(db.sql);
    await db.sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('later', ${Date.now() + 86_400_000})`;
    const again = migratePostgres(db.sql);
    await expect(again).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(again).rejects.toThrow(/nieuwere versie van Traject/);
  });

  it('keep a folded state as jsonb and a moment with its time zone', async () => {
    await migratePostgres(db.sql);
    const state = { number: 'MA-2026-000001', phase: 'voorbereiden', planning: { provisionalWeek: '2027-W07' } };
    await db.sql`insert into requests (number, phase, updated_at, state)
      values ('MA-2026-000001', 'voorbereiden', '2026-11-20T09:30:00+01:00', ${JSON.stringify(state)}::jsonb)`;
    const [row] = await db.sql<{ state: unknown; at: string }[]>`
      select state, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at from requests`;
    expect(row).toEqual({ state, at: '2026-11-20T08:30:00Z' });
  });
});
