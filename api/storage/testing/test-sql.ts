/**
 * For tests that look at what was stored behind the API: rows of one query on the test's
 * database, SQLite or PostgreSQL alike. Plain SQL with `?` placeholders and snake_case columns,
 * both databases read; a new connection per call, closed again.
 */
import Database from 'better-sqlite3';
import postgres from 'postgres';
import type { Where } from '../open-store.ts';

export async function testRows<T>(where: Where, text: string, ...params: unknown[]): Promise<T[]> {
  if (!where.DATABASE_URL) {
    const db = new Database(where.DATABASE_FILE, { readonly: true });
    try {
      return db.prepare(text).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const sql = postgres(where.DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    let n = 0;
    return [
      ...(await sql.unsafe(
        text.replace(/\?/g, () => `$${++n}`),
        params as postgres.ParameterOrJSON<never>[],
      )),
    ] as T[];
  } finally {
    await sql.end({ timeout: 1 });
  }
}
