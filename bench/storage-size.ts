/**
 * Storage per message (issue 12, "Storage stays proportional"): the database on disk, normalised
 * to 100,000 messages in its log. SQLite: the file plus its WAL; PostgreSQL: pg_database_size.
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import postgres from 'postgres';

const MB = 1024 * 1024;
const PER = 100_000;

export type StorageSize = { mb: number; walMb: number; messages: number; mbPer100kMessages: number };

const per100k = (mb: number, messages: number) => (messages > 0 ? (mb * PER) / messages : Number.NaN);

export function sqliteStorageSize(file: string): StorageSize {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let messages: number;
  try {
    messages = db.prepare('select count(*) from messages').pluck().get() as number;
  } finally {
    db.close();
  }
  const wal = `${file}-wal`;
  const walMb = existsSync(wal) ? statSync(wal).size / MB : 0;
  const mb = statSync(file).size / MB + walMb;
  return { mb, walMb, messages, mbPer100kMessages: per100k(mb, messages) };
}

export async function postgresStorageSize(url: string): Promise<StorageSize> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ bytes: string; messages: string }[]>`
      select pg_database_size(current_database())::text as bytes, (select count(*) from messages)::text as messages`;
    const mb = Number(row?.bytes) / MB;
    const messages = Number(row?.messages);
    return { mb, walMb: 0, messages, mbPer100kMessages: per100k(mb, messages) };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
