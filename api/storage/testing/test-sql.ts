/**
 * For tests that look at (or set up) what is stored behind the API: one SQL statement on the
 * test's database, SQLite or PostgreSQL alike. Plain SQL with `?` placeholders and snake_case
 * columns, both databases read; moments come back as ISO 8601 strings on both. A new connection
 * per call, closed again.
 */
import Database from 'better-sqlite3';
import postgres from 'postgres';
import type { Where } from '../contract.ts';

export async function testRows<T>(where: Where, text: string, ...params: unknown[]): Promise<T[]> {
  if (!where.DATABASE_URL) {
    const db = new Database(where.DATABASE_FILE);
    try {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(...params) as T[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const sql = postgres(where.DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    let n = 0;
    const rows = await sql.unsafe(
      text.replace(/\?/g, () => `$${++n}`),
      params as postgres.ParameterOrJSON<never>[],
    );
    return rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
    ) as T[];
  } finally {
    await sql.end({ timeout: 1 });
  }
}
