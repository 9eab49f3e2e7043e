/**
 * The benchmark's PostgreSQL: a throwaway cluster from Debian's binaries
 * (api/storage/testing/postgres-cluster.ts), migrated by the server's own migrations, holding the
 * very rows of the SQLite benchmark database. Seeding 100,000 aanvragen through the store would
 * take minutes per run, so the rows are copied table by table with COPY … FROM STDIN: the same
 * aanvragen, messages, folded states, stored statuses and API keys as the SQLite figures were
 * measured on. Both schemas have the same tables and columns (schema-parity.test.ts), and SQLite
 * holds timestamps, dates and JSON as the text PostgreSQL reads them from; only booleans (0/1)
 * are translated, and change positions are PostgreSQL's own. Foreign keys are not checked during the copy (the rows come from a database
 * that checked them); the identity sequences are moved past the copied ids afterwards.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { toSnakeCase } from 'drizzle-orm/casing';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { connectPostgres } from '../api/storage/postgres/database.ts';
import { migratePostgres } from '../api/storage/postgres/migrate.ts';
import * as pgSchema from '../api/storage/postgres/schema.ts';
import { type PostgresCluster, startPostgresCluster } from '../api/storage/testing/postgres-cluster.ts';

export type BenchPostgres = {
  cluster: PostgresCluster;
  url: string;
  /** Rows copied per table. */
  rows: Map<string, number>;
  copySeconds: number;
};

const isTable = (v: unknown): v is PgTable =>
  typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in (v as Record<symbol, unknown>);

/** COPY's text format: tab-separated, \N for null, backslash escapes. */
function copyValue(value: unknown, type: string): string {
  if (value === null || value === undefined) return '\\N';
  if (type === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Starts a cluster, migrates it and copies every table of the SQLite database `file` into it. */
export async function postgresCopyOf(file: string, log: (line: string) => void): Promise<BenchPostgres> {
  const started = performance.now();
  const cluster = await startPostgresCluster();
  const { sql } = connectPostgres(cluster.url, { max: 2 });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  const rows = new Map<string, number>();
  try {
    await migratePostgres(sql);
    const present = new Set(
      (source.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name),
    );
    const connection = await sql.reserve();
    try {
      // The rows were checked by the database they come from; skip the per-row foreign-key triggers.
      await connection`set session_replication_role = replica`;
      for (const table of Object.values(pgSchema).filter(isTable)) {
        const config = getTableConfig(table);
        // Stored dashboard facts name SQLite's change positions, not PostgreSQL's row versions (xmin).
        if (!present.has(config.name) || config.name === 'dashboard_facts') continue;
        // SQLite's change positions count its writes; PostgreSQL's are transaction ids, which copied
        // ones would run far ahead of: every copied aanvraag gets the copy's own (the column's default).
        const columns = config.columns
          .map((c) => ({ name: toSnakeCase(c.name), type: c.getSQLType() }))
          .filter((c) => c.type !== 'xid8');
        const select = source.prepare(`select ${columns.map((c) => `"${c.name}"`).join(', ')} from "${config.name}"`).raw();
        let count = 0;
        const lines = function* () {
          let chunk = '';
          for (const row of select.iterate() as Iterable<unknown[]>) {
            chunk += `${row.map((v, i) => copyValue(v, columns[i]?.type ?? 'text')).join('\t')}\n`;
            count++;
            if (chunk.length > 1 << 20) {
              yield chunk;
              chunk = '';
            }
          }
          if (chunk) yield chunk;
        };
        const target = await connection`copy ${sql(config.name)} (${sql(columns.map((c) => c.name))}) from stdin`.writable();
        await pipeline(Readable.from(lines()), target);
        rows.set(config.name, count);
        for (const column of config.columns.filter((c) => c.generatedIdentity)) {
          const name = toSnakeCase(column.name);
          await connection`
            select setval(pg_get_serial_sequence(${config.name}::text, ${name}::text),
                          greatest(1, (select max(${sql(name)}) from ${sql(config.name)})::bigint))`;
        }
      }
      await connection`set session_replication_role = origin`;
      // As a database that has been running a while: its visibility map set, no autovacuum about to start.
      await connection`vacuum (analyze)`;
    } finally {
      connection.release();
    }
  } catch (error) {
    await cluster.remove();
    throw error;
  } finally {
    source.close();
    await sql.end({ timeout: 5 });
  }
  const copySeconds = (performance.now() - started) / 1000;
  log(
    `PostgreSQL ${cluster.url}: ${rows.get('requests')?.toLocaleString('en-US')} aanvragen and ` +
      `${rows.get('messages')?.toLocaleString('en-US')} messages copied from ${file} in ${copySeconds.toFixed(1)} s`,
  );
  return { cluster, url: cluster.url, rows, copySeconds };
}
