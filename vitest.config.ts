import { defineConfig } from 'vitest/config';
import { POSTGRES_SUITE } from './api/storage/testing/postgres-suite.ts';

// Unit and HTTP tests live beside the code (*.test.ts); browser tests are Playwright's (e2e/).
// Two projects: every file on SQLite, and the storage conformance suite again on PostgreSQL
// (api/storage/testing/test-store.ts).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // As Playwright's: one retry in CI, and scripts/test.ts names every test that needed it.
    retry: process.env.CI ? 1 : 0,
    // One throwaway PostgreSQL server for the run (or TEST_DATABASE_URL); tests read its URL with inject().
    globalSetup: ['api/storage/testing/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['{api,domain,demo,scripts,site,widgets,examples}/**/*.test.ts'],
          // PostgreSQL's own tests and the fleet's run once, in the other project.
          exclude: ['api/storage/postgres/**', 'api/fleet.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: { name: 'postgresql', include: POSTGRES_SUITE, env: { TRAJECT_TEST_DATABASE: 'postgresql' } },
      },
    ],
  },
});
