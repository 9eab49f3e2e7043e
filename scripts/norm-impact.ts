/**
 * npm run normwijziging -- [--database data/traject.sqlite | postgres://…] [--voorbeelden 5]
 * What a change of the norms in content/ would do before it goes live: per organisation, how
 * many open steps get an earlier or later due date, how many would be overdue today that are not
 * now, and some aanvragen as examples. Compares content/ on disk with the norms the running
 * portal recorded at its start. Opens the database read-only: it writes nothing.
 */
import { loadConfig } from '../api/config.ts';
import { normImpactReport, normImpactText } from '../api/core/norm-impact.ts';
import { describeDatabase, whereFrom } from '../api/core/open-store.ts';
import { openNormImpactReader } from '../api/storage/norm-impact-reader.ts';
import { loadContent } from '../domain/content.ts';
import { checkContent } from '../site/integrations/content-check.ts';
import { commandLine } from './command-line.ts';

const { values } = commandLine(
  `Gebruik: npm run normwijziging -- [--database data/traject.sqlite | postgres://…] [--voorbeelden 5]
Wat een wijziging van de normen in content/ zou doen, per organisatie; leest de database alleen.
  --database     de database (standaard die van de portal)
  --voorbeelden  hoeveel aanvragen als voorbeeld (0 tot en met 100; standaard 5)`,
  { options: { database: { type: 'string' }, voorbeelden: { type: 'string', default: '5' } } },
);
const sampleSize = Number(values.voorbeelden);
if (!Number.isInteger(sampleSize) || sampleSize < 0 || sampleSize > 100) {
  console.error('--voorbeelden: een heel getal van 0 tot en met 100');
  process.exit(2);
}
// A broken content file first: its message, not a report.
const { error } = checkContent();
if (error) {
  process.stderr.write(`\n${error}\n`);
  process.exit(1);
}
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const where = whereFrom(config, values.database);
const reader = await openNormImpactReader(where).catch((error: Error) => {
  console.error(`Kan de database ${describeDatabase(where)} niet lezen: ${error.message}`);
  process.exit(2);
});
try {
  console.log(`Database: ${describeDatabase(where)}`);
  if (!reader.storage) {
    console.log('Deze database kent nog geen vastgelegde normen: start de portal eenmaal met deze versie.');
  } else {
    const report = await normImpactReport(
      reader.storage,
      loadContent(config.CONTENT_DIR),
      (code) => reader.organisations.get(code),
      new Date(),
      sampleSize,
    );
    console.log(normImpactText(report));
  }
} finally {
  await reader.close();
}
