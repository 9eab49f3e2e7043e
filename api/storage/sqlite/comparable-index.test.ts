/**
 * The comparable aanvragen behind every expected window are read at each batch that fixes a window
 * and at each track & trace view: from the covering index alone. Read from the requests rows, each
 * row's 12 KB state had to be stepped over to reach `cancelled_at` and `starts_on`, and ingestion on
 * 100,000 aanvragen ran 20 times slower (migration 0031_comparable-covering-index). The dashboard's
 * shown windows read every aanvraag of the scope the same way: 450 ms of each view over 129,000
 * aanvragen from the rows, 170 ms from the index (migration 0032_shown-windows-covering-index).
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it, vi } from 'vitest';
import { SqliteDashboard } from './dashboard.ts';
import { comparableStatements } from './ingest-storage.ts';
import * as schema from './schema.ts';

describe('the comparable aanvragen', () => {
  it('are read from a covering index, at a moment and all of a combi area and kind', () => {
    const sqlite = new Database(':memory:');
    const db = drizzle({ client: sqlite, schema, casing: 'snake_case' });
    migrate(db, { migrationsFolder: `${import.meta.dirname}/migrations` });
    const statements = comparableStatements(db);
    for (const statement of [statements.atMoment, statements.group]) {
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN ${statement.getQuery().sql}`)
        .all(...statement.getQuery().params.map(() => null))
        .map((row) => (row as { detail: string }).detail);
      expect(plan.join('\n')).toMatch(/USING COVERING INDEX requests_comparable/);
    }
    sqlite.close();
  });
});

describe('the shown windows of the dashboard', () => {
  it('are read from the same covering index, for every aanvraag and for a combi area', async () => {
    const sqlite = new Database(':memory:');
    migrate(drizzle({ client: sqlite, schema, casing: 'snake_case' }), { migrationsFolder: `${import.meta.dirname}/migrations` });
    const ids = { organisationId: () => 1, organisationCode: () => 'x', combiId: () => 7, combiCode: () => 'x' };
    const dashboard = new SqliteDashboard(
      sqlite,
      ids,
      { organisations: () => undefined, comparableStarts: undefined } as never,
      undefined,
    );
    const prepared = vi.spyOn(sqlite, 'prepare');
    await dashboard.shownWindows({ all: true } as never);
    await dashboard.shownWindows({ all: true } as never, 'brabant-oost');
    const queries = prepared.mock.calls.map(([text]) => text).filter((text) => text.includes('shown_windows'));
    expect(queries).toHaveLength(2);
    for (const query of queries) {
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN ${query}`)
        .all(...Array.from({ length: (query.match(/\?/g) ?? []).length }, () => null))
        .map((row) => (row as { detail: string }).detail);
      expect(plan.join('\n')).toMatch(/USING COVERING INDEX requests_comparable/);
    }
    sqlite.close();
  });
});
