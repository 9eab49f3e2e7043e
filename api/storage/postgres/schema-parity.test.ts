/**
 * The two schemas describe one database: the same tables, columns (name, nullability, key,
 * uniqueness, default), composite keys, indexes and references. A column added to one and not the
 * other fails here, before any storage code or migration disagrees at run time.
 */
import { type PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { type SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../sqlite/schema.ts';
import * as pgSchema from './schema.ts';

type Shape = {
  columns: Record<string, { notNull: boolean; primary: boolean; unique: boolean; hasDefault: boolean }>;
  primaryKeys: string[][];
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  references: string[];
};

type AnyConfig = ReturnType<typeof pgTableConfig> | ReturnType<typeof sqliteTableConfig>;

function shape(config: AnyConfig): Shape {
  const columnName = (c: { name: string }) => c.name;
  return {
    columns: Object.fromEntries(
      config.columns.map((c) => [
        c.name,
        // An identity column is filled by the database as an autoincrement key is.
        { notNull: c.notNull, primary: c.primary, unique: c.isUnique, hasDefault: c.hasDefault || c.primary },
      ]),
    ),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map(columnName)),
    indexes: Object.fromEntries(
      config.indexes.map((i) => [
        i.config.name,
        { unique: i.config.unique, columns: i.config.columns.map((c) => (c as { name: string }).name) },
      ]),
    ),
    references: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        const table = (t: unknown) => (t as { [key: symbol]: string })[Symbol.for('drizzle:Name')];
        return `${ref.columns.map(columnName).join(',')} -> ${table(ref.foreignTable)}(${ref.foreignColumns.map(columnName).join(',')})`;
      })
      .sort(),
  };
}

function tables<T>(schema: Record<string, unknown>, isTable: (v: unknown) => v is T, config: (t: T) => AnyConfig) {
  return new Map(
    Object.values(schema)
      .filter(isTable)
      .map((t) => {
        const c = config(t);
        return [c.name, shape(c)] as const;
      }),
  );
}

const isTable = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in (v as Record<symbol, unknown>);

const sqlite = tables(sqliteSchema, isTable, (t) => sqliteTableConfig(t as SQLiteTable));
const postgres = tables(pgSchema, isTable, (t) => pgTableConfig(t as PgTable));

describe('the PostgreSQL schema and the SQLite schema', () => {
  it('have the same tables', () => {
    expect([...postgres.keys()].sort()).toEqual([...sqlite.keys()].sort());
    expect(sqlite.size).toBeGreaterThan(20);
  });

  it.each([...sqlite.keys()])('agree on table %s', (name) => {
    expect(postgres.get(name)).toEqual(sqlite.get(name));
  });
});
