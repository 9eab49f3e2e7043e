import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4399);

// Browser tests drive Debian's Chromium (/usr/bin/chromium) against the production build,
// started on a fresh database with demo data. `npx playwright install` is never needed.
export default defineConfig({
  testDir: './e2e',
  // The editors' preview runs on its own server: e2e/preview/playwright.config.ts.
  testIgnore: '**/e2e/preview/**',
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            // Another site on this machine, one WIDGET_ORIGINS does not list (e2e/widgets.spec.ts).
            '--host-resolver-rules=MAP vreemd.example 127.0.0.1',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node e2e/server.ts',
    url: `http://127.0.0.1:${PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORT: String(PORT), LOG_LEVEL: 'warn', E2E_RESEND_PORT: process.env.E2E_RESEND_PORT ?? '4398' },
  },
});
