/**
 * npm run migrate [-- --database postgres://… | file.sqlite]
 * Brings the database up to this release's schema and stops. For a fleet: run it once before
 * starting (or restarting with a new release) the server processes; they then find nothing to do.
 * It takes the same lock as they do, so running it while they start does no harm either.
 */
import { loadConfig } from '../api/config.ts';
import { describeDatabase, openStore, whereFrom } from '../api/core/open-store.ts';
import { commandLine } from './command-line.ts';

const { values } = commandLine(
  `Gebruik: npm run migrate -- [--database data/traject.sqlite | postgres://…]
Brengt het databaseschema bij (standaard de database van DATABASE_URL of DATABASE_FILE).`,
  { options: { database: { type: 'string' } } },
);
const where = whereFrom(loadConfig(), values.database);
const started = performance.now();
try {
  const store = await openStore(where);
  await store.close();
  console.error(`${describeDatabase(where)} is bij (${Math.round(performance.now() - started)} ms).`);
} catch (error) {
  console.error(`Migreren lukt niet: ${(error as Error).message}`);
  process.exit(1);
}
