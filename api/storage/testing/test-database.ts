/**
 * A database of its own for one test on the run's PostgreSQL server (global-setup.ts), for tests
 * that need the `public` schema as production has it — drizzle-kit's migrations name it in their
 * references, so a schema per test (test-schema.ts) does not do for them. Dropped by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

export type TestDatabase = {
  name: string;
  url: string;
  /** A pool on the new database. */
  sql: postgres.Sql;
  drop: () => Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject('postgresUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(name)}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  const sql = postgres(url.href, { onnotice: () => {} });
  return {
    name,
    url: url.href,
    sql,
    drop: async () => {
      await sql.end({ timeout: 1 });
      await admin`drop database ${admin(name)} with (force)`;
      await admin.end({ timeout: 1 });
    },
  };
}
