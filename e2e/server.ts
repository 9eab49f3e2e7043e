/**
 * The server the browser tests run against: the production build on a fresh temporary database
 * with a small, fixed set of demo data, and a fake Resend whose mails the tests read. The demo
 * API keys go to E2E_KEYS_FILE so tests can send messages as a back-office system would; the
 * database's path to e2e-db-<port>.txt beside it, so the widget tests can read saved answers.
 * It also serves the hostile host page (e2e/hostile/), from http://localhost:<port> as a site of
 * its own that may embed the widgets (WIDGET_ORIGINS).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../api/config.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { createLogger } from '../api/http/logger.ts';
import { startFakeResend } from '../api/mail/fake-resend.ts';
import { startServer, stopOnSignals } from '../api/server.ts';
import { seedDirectory, seedRequests, seedStaff } from '../demo/seed.ts';
import { buildSiteIfNeeded } from '../scripts/build-site.ts';
import { E2E_KEYS_FILE, E2E_RESEND_PORT } from './fixtures.ts';
import { hostileRoutes } from './hostile/routes.ts';

buildSiteIfNeeded();
const DATABASE_FILE = join(mkdtempSync(join(tmpdir(), 'traject-e2e-')), 'e2e.sqlite');
const store = openSqliteStore(DATABASE_FILE);
const keys = await seedDirectory(store);
writeFileSync(E2E_KEYS_FILE, JSON.stringify(Object.fromEntries(keys)));
await seedRequests(store, { count: 50, now: new Date('2026-11-20T12:00:00Z') });
await seedStaff(store);
await store.close();

// The content editors' proposals (/beheer/teksten) become branches in a git checkout: a temporary
// one with a copy of content/, never the project's own repository.
const CONTENT_REPO = mkdtempSync(join(tmpdir(), 'traject-e2e-content-'));
cpSync(join(import.meta.dirname, '..', 'content'), join(CONTENT_REPO, 'content'), { recursive: true });
const git = (...args: string[]) => execFileSync('git', args, { cwd: CONTENT_REPO, stdio: 'ignore' });
git('init', '--quiet', '--initial-branch=main');
git('add', '.');
git('-c', 'user.name=Traject e2e', '-c', 'user.email=e2e@traject.invalid', 'commit', '--quiet', '-m', 'content');

const resend = await startFakeResend(E2E_RESEND_PORT);
const config = loadConfig({
  ...process.env,
  DATABASE_FILE,
  CONTENT_DIR: join(CONTENT_REPO, 'content'),
  TEXT_PROPOSALS_DIR: join(CONTENT_REPO, 'voorstellen'),
  RESEND_API_KEY: 're_e2e',
  RESEND_BASE_URL: resend.url,
  WIDGET_ORIGINS: `http://localhost:${process.env.PORT ?? 4399}`,
  // The digest's mails to staff would land among the sign-in codes the specs read.
  DAILY_DIGEST: 'uit',
});
writeFileSync(join(tmpdir(), `traject-e2e-db-${config.PORT}.txt`), DATABASE_FILE);
writeFileSync(join(tmpdir(), `traject-e2e-content-${config.PORT}.txt`), CONTENT_REPO);
const log = createLogger(config.LOG_LEVEL);
stopOnSignals(await startServer(config, log, { extraRoutes: hostileRoutes() }), log);
