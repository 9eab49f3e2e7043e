/**
 * npm run seed -- [--count 100000] [--database data/groot.sqlite | postgres://…]
 * Fills a database with demo aanvragen through the ingestion path, with a progress bar.
 * Adds to what is there: numbering continues after the aanvragen already present.
 */
import { loadConfig } from '../api/config.ts';
import { describeDatabase, openStore, whereFrom } from '../api/core/open-store.ts';
import { progressBar } from '../demo/progress.ts';
import { seedDirectory, seedRequests } from '../demo/seed.ts';
import { commandLine } from './command-line.ts';

const { values } = commandLine(
  `Gebruik: npm run seed -- [--count 100000] [--database data/groot.sqlite | postgres://…]
Voegt demo-aanvragen toe via het gewone ontvangstpad, met een voortgangsbalk.
  --count     hoeveel aanvragen (standaard 100000)
  --database  een SQLite-bestand of een postgres://-adres (standaard DATABASE_URL of DATABASE_FILE)`,
  { options: { count: { type: 'string', default: '100000' }, database: { type: 'string' } } },
);
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error('--count moet een positief geheel getal zijn');
  process.exit(2);
}
const where = whereFrom(loadConfig(), values.database);
const file = describeDatabase(where);
const store = await openStore(where);
if ((await store.counts()).organisations === 0) await seedDirectory(store);
const from = (await store.counts()).requests;
console.error(`${count.toLocaleString('nl-NL')} demo-aanvragen toevoegen aan ${file} (vanaf nummer ${from + 1})`);
const start = performance.now();
const messages = await seedRequests(store, { count, from, onProgress: progressBar('aanvragen', count) });
const seconds = (performance.now() - start) / 1000;
const totals = await store.counts();
console.error(
  `Klaar in ${seconds.toFixed(0)} s: ${messages.toLocaleString('nl-NL')} berichten (${Math.round(messages / seconds).toLocaleString('nl-NL')}/s). ` +
    `De database heeft nu ${totals.requests.toLocaleString('nl-NL')} aanvragen.`,
);
await store.close();
