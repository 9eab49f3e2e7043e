/**
 * npm run retention -- [--dry-run] [--days 730] [--database data/traject.sqlite]
 * Runs the retention job (AVG) once, as the server does every six hours: anonymises aanvragen
 * delivered or cancelled longer ago than RETENTION_DAYS and purges expired sessions, codes and
 * links, and deletes sent mails older than OUTBOX_RETENTION_DAYS from the outbox. With --dry-run it only counts what it would do. Safe beside a running server (WAL).
 */
import { loadConfig } from '../api/config.ts';
import { describeDatabase, openStore, whereFrom } from '../api/core/open-store.ts';
import { progressBar } from '../demo/progress.ts';
import { dutchDate } from '../domain/calendar.ts';
import { outboxCutoff, retentionCutoff } from '../domain/retention.ts';
import { commandLine } from './command-line.ts';

const { values } = commandLine(
  `Gebruik: npm run retention -- [--dry-run] [--days 730] [--database data/traject.sqlite | postgres://…]
Verwijdert persoonsgegevens van aanvragen die langer dan RETENTION_DAYS geleden zijn opgeleverd of geannuleerd.
  --dry-run   alleen tellen wat er zou gebeuren
  --days      bewaartermijn in dagen (standaard RETENTION_DAYS; minstens 30)`,
  { options: { 'dry-run': { type: 'boolean', default: false }, days: { type: 'string' }, database: { type: 'string' } } },
);
let config: ReturnType<typeof loadConfig>;
try {
  // The same rules as the server's configuration (at least 30 days).
  config = loadConfig({ ...process.env, ...(values.days && { RETENTION_DAYS: values.days }) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const where = whereFrom(config, values.database);
const file = describeDatabase(where);
const days = config.RETENTION_DAYS;
const store = await openStore(where);
const now = new Date();
const before = retentionCutoff(now, days);
const nl = (n: number) => n.toLocaleString('nl-NL');

const todo = await store.retention.preview(before, now);
console.error(`${file}: bewaartermijn ${nl(days)} dagen, dus aanvragen opgeleverd of geannuleerd vóór ${dutchDate(before)}.`);
console.error(
  `Te anonimiseren: ${nl(todo.requests)} aanvragen. Verlopen en te verwijderen: ${nl(todo.sessions)} sessies, ` +
    `${nl(todo.loginCodes)} inlogcodes, ${nl(todo.accessLinks)} persoonlijke links, ` +
    `${nl(todo.staffSessions)} sessies en ${nl(todo.staffLoginCodes)} inlogcodes van medewerkers, ` +
    `${nl(todo.organisationCodes)} codes van domeincontroles. Losse gegevens te wissen (ouder dan de termijn, ` +
    `van klantenpanels en portfolio's, ingetrokken agenda's): hoogstens ${nl(todo.unlinked)}.`,
);
if (values['dry-run']) {
  console.error('Proefdraai (--dry-run): er is niets veranderd.');
} else {
  const started = performance.now();
  const anonymised = await store.retention.anonymise({
    before,
    now,
    ...(todo.requests > 0 && { onProgress: progressBar('aanvragen', todo.requests) }),
  });
  const purged = await store.retention.purgeExpired(now);
  const outboxPruned = await store.outbox.prune(outboxCutoff(now, config.OUTBOX_RETENTION_DAYS));
  console.error(
    `Klaar in ${((performance.now() - started) / 1000).toFixed(1)} s: ${nl(anonymised.requests)} aanvragen geanonimiseerd ` +
      `(${nl(anonymised.messages)} berichten herschreven, ${nl(anonymised.sessions)} sessies beëindigd, ` +
      `${nl(anonymised.unlinked)} losse gegevens gewist: ouder dan de termijn, van klantenpanels of ingetrokken agenda's); ${nl(outboxPruned)} verstuurde mails ` +
      `ouder dan ${nl(config.OUTBOX_RETENTION_DAYS)} dagen uit de outbox verwijderd.`,
  );
  // The counts as one JSON line on stdout, for scripts and logs.
  console.log(
    JSON.stringify({ msg: 'retention', retentionDays: days, before: before.toISOString(), anonymised, purged, outboxPruned }),
  );
}
await store.close();
