/**
 * A schema of its own for one test file on the run's PostgreSQL server (global-setup.ts), so
 * files that run in parallel never see each other's tables. Dropped again by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

export type TestSchema = {
  name: string;
  /** The server's URL with this schema first on the search path (postgres.js passes it on at connect). */
  url: string;
  /** A client whose unqualified names resolve in this schema. */
  sql: postgres.Sql;
  drop: () => Promise<void>;
};

export async function createTestSchema(): Promise<TestSchema> {
  const server = inject('postgresUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin`create schema ${admin(name)}`;
  const url = new URL(server);
  url.searchParams.set('search_path', name);
  const sql = postgres(url.href, { onnotice: () => {} });
  return {
    name,
    url: url.href,
    sql,
    drop: async () => {
      await sql.end({ timeout: 1 });
      await admin`drop schema ${admin(name)} cascade`;
      await admin.end({ timeout: 1 });
    },
  };
}
