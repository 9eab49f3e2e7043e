/**
 * The server the browser tests run against: the production build on a fresh temporary
 * database with a small, fixed set of demo data.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../api/config.ts';
import { openSqliteStore } from '../api/data/sqlite-store.ts';
import { createLogger } from '../api/http/logger.ts';
import { startServer, stopOnSignals } from '../api/server.ts';
import { seedDirectory, seedRequests } from '../demo/seed.ts';
import { buildSiteIfNeeded } from '../scripts/build-site.ts';

buildSiteIfNeeded();
const DATABASE_FILE = join(mkdtempSync(join(tmpdir(), 'traject-e2e-')), 'e2e.sqlite');
const store = openSqliteStore(DATABASE_FILE);
await seedDirectory(store);
await seedRequests(store, { count: 50, now: new Date('2026-11-20T12:00:00Z') });
await store.close();

const config = loadConfig({ ...process.env, DATABASE_FILE });
const log = createLogger(config.LOG_LEVEL);
stopOnSignals(await startServer(config, log), log);
