/**
 * A database of its own for one test on the run's PostgreSQL server (global-setup.ts), for tests
 * that need the `public` schema as production has it — drizzle-kit's migrations name it in their
 * references, so a schema per test (test-schema.ts) does not do for them. Dropped by `drop()`.
 */
import { type Scratch, scratchOnTestServer } from './test-schema.ts';

export type TestDatabase = Scratch;

export function createTestDatabase(): Promise<TestDatabase> {
  return scratchOnTestServer({
    create: (admin, name) => admin`create database ${admin(name)}`,
    url: (url, name) => {
      url.pathname = `/${name}`;
    },
    drop: (admin, name) => admin`drop database ${admin(name)} with (force)`,
  });
}
