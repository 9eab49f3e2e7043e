/**
 * Many rows in one insert with one parameter per column (`insert … select * from unnest($1::text[],
 * …)`): Drizzle's `values(rows)` builds a placeholder per value, which for an ingestion batch of
 * 500 messages costs more time in JavaScript than the insert costs PostgreSQL.
 */
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { PgDb, PgTx } from './database.ts';

export type Conflict =
  | {
      target: readonly string[];
      update?: readonly string[] /** Columns set to an expression on update. */;
      set?: Record<string, SQL>;
    }
  | { target: readonly string[]; ignore: true };

/**
 * Inserts `rows` (each with the same keys, named as in the schema module) into `table`; on a
 * conflict on `target`, updates the `update` columns from the new row or leaves the old one.
 */
export async function insertMany<T extends PgTable>(
  db: PgDb | PgTx,
  table: T,
  rows: readonly Record<string, unknown>[],
  conflict?: Conflict,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((k) => k in columns);
  const name = (key: string) => sql.identifier(toSnakeCase(columns[key]?.name ?? key));
  const arrays = keys.map((key) => {
    const column = columns[key];
    const json = column?.getSQLType() === 'jsonb';
    const values = rows.map((row) => {
      const value = row[key] ?? null;
      return json && value !== null ? JSON.stringify(value) : value;
    });
    return sql`${arrayLiteral(values)}::${sql.raw(column?.getSQLType() ?? 'text')}[]`;
  });
  const names = sql.join(keys.map(name), sql`, `);
  let tail: SQL = sql``;
  if (conflict) {
    const target = sql.join(conflict.target.map(name), sql`, `);
    const update = 'ignore' in conflict ? [] : (conflict.update ?? []);
    const set = 'ignore' in conflict ? [] : Object.entries(conflict.set ?? {});
    const assignments = [
      ...update.map((k) => sql`${name(k)} = excluded.${name(k)}`),
      ...set.map(([k, value]) => sql`${name(k)} = ${value}`),
    ];
    tail = assignments.length
      ? sql` on conflict (${target}) do update set ${sql.join(assignments, sql`, `)}`
      : sql` on conflict (${target}) do nothing`;
  }
  await db.execute(sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})${tail}`);
}

/** A PostgreSQL array literal (`{"a","b",NULL}`): the driver passes a JavaScript array only when it knows the type. */
function arrayLiteral(values: readonly unknown[]): string {
  const element = (v: unknown) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return `{${values.map(element).join(',')}}`;
}
