/**
 * The comparable aanvragen behind every expected window are read at each batch that fixes a window
 * and at each track & trace view: from the covering index alone. Read from the requests rows, each
 * row's 12 KB state had to be stepped over to reach `cancelled_at` and `starts_on`, and ingestion on
 * 100,000 aanvragen ran 20 times slower (migration 0031_comparable-covering-index).
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { comparableStatements } from './ingest-storage.ts';
import * as schema from './schema.ts';

describe('the comparable aanvragen', () => {
  it('are read from a covering index, for one moment and for a span', () => {
    const sqlite = new Database(':memory:');
    const db = drizzle({ client: sqlite, schema, casing: 'snake_case' });
    migrate(db, { migrationsFolder: `${import.meta.dirname}/migrations` });
    const statements = comparableStatements(db);
    for (const statement of [statements.rows, statements.leftOut]) {
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN ${statement.getQuery().sql}`)
        .all(...statement.getQuery().params.map(() => null))
        .map((row) => (row as { detail: string }).detail);
      expect(plan.join('\n')).toMatch(/USING COVERING INDEX requests_comparable/);
    }
    sqlite.close();
  });
});
