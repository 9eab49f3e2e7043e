import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';
import { PREVIEW_PORT } from './fixtures.ts';

// The editors' preview (npm run voorbeeld): astro dev on a copy of content/, in the same Chromium
// as the other browser tests. `npx playwright test -c e2e/preview/playwright.config.ts`.
export default defineConfig({
  ...base,
  testDir: '.',
  testIgnore: [],
  outputDir: '../../test-results/voorbeeld',
  use: { ...base.use, baseURL: `http://127.0.0.1:${PREVIEW_PORT}` },
  webServer: {
    command: 'node e2e/preview/server.ts',
    cwd: '../..',
    url: `http://127.0.0.1:${PREVIEW_PORT}/voorbeeld`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORT: PREVIEW_PORT },
  },
});
