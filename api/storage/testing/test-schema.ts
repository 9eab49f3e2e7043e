/**
 * A schema of its own for one test file on the run's PostgreSQL server (global-setup.ts), so
 * files that run in parallel never see each other's tables. Dropped again by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

export type Scratch = {
  name: string;
  /** The server's URL pointing at this scratch space (postgres.js passes it on at connect). */
  url: string;
  /** A pool whose unqualified names resolve in this scratch space. */
  sql: postgres.Sql;
  drop: () => Promise<void>;
};
export type TestSchema = Scratch;

/** A freshly named schema or database on the test server, and the pool and clean-up that go with it. */
export async function scratchOnTestServer(kind: {
  create: (admin: postgres.Sql, name: string) => Promise<unknown>;
  url: (url: URL, name: string) => void;
  drop: (admin: postgres.Sql, name: string) => Promise<unknown>;
}): Promise<Scratch> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(inject('postgresUrl'), { max: 1, onnotice: () => {} });
  await kind.create(admin, name);
  const url = new URL(inject('postgresUrl'));
  kind.url(url, name);
  const sql = postgres(url.href, { onnotice: () => {} });
  return {
    name,
    url: url.href,
    sql,
    drop: async () => {
      await sql.end({ timeout: 1 });
      await kind.drop(admin, name);
      await admin.end({ timeout: 1 });
    },
  };
}

export function createTestSchema(): Promise<TestSchema> {
  return scratchOnTestServer({
    create: (admin, name) => admin`create schema ${admin(name)}`,
    url: (url, name) => url.searchParams.set('search_path', name),
    drop: (admin, name) => admin`drop schema ${admin(name)} cascade`,
  });
}
