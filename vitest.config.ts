import { defineConfig } from 'vitest/config';

// Unit and HTTP tests live beside the code (*.test.ts); browser tests are Playwright's (e2e/).
export default defineConfig({
  test: {
    include: ['{api,domain,demo,scripts,site,widgets}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // One throwaway PostgreSQL server for the run (or TEST_DATABASE_URL); tests read its URL with inject().
    globalSetup: ['api/storage/testing/global-setup.ts'],
  },
});
