/**
 * npx node bench/mail-only.ts [-- --aanvragen 20000 --duration 20 --warmup 2 --connections 2 --in-flight 8
 *                                 --server ../other-checkout --database data/other.sqlite]
 *
 * Only the mail part of `npm run bench` (its step 10): the real server on SQLite with fake mail
 * and SMS providers, ingestion at full rate over loopback HTTP (batches of 500 about new
 * aanvragen), and the age of the oldest pending mail sampled every 250 ms. With --server another
 * checkout's server runs on the same database, so two versions of the worker compare on one
 * machine state. The database (data/bench-mail.sqlite) is built once and reused; mails that
 * earlier runs left pending are marked sent first. Ends with one JSON line on stdout.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeResend } from '../api/mail/fake-resend.ts';
import { startFakeSms } from '../api/mail/fake-sms.ts';
import { MAX_BATCH } from '../api/routes/berichten.ts';
import { startApiServer } from './api-server.ts';
import type { prepareDatabase as Prepare } from './database.ts';
import { ingestionLoad, ingestionPool, planIngestion } from './ingest.ts';
import { runLoad } from './load.ts';
import { fakeProvidersEnv, mailLagSampler, markBacklogSent } from './mail-lag.ts';
import { cpuMeter } from './processes.ts';
import { sqliteStorageSize } from './storage-size.ts';

const ROOT = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    aanvragen: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '2' },
    database: { type: 'string', default: join(ROOT, 'data', 'bench-mail.sqlite') },
    server: { type: 'string' },
    /** MAIL_BATCHES_IN_FLIGHT of the server (default: its own default). */
    'in-flight': { type: 'string' },
  },
});
const durationMs = Number(args.duration) * 1000;
const warmupMs = Number(args.warmup) * 1000;
const connections = Number(args.connections);
const log = (line: string) => process.stderr.write(`${line}\n`);

// The other checkout's database code with its server: its migrations, not this one's.
const { prepareDatabase } = (await import(join(args.server ?? ROOT, 'bench', 'database.ts'))) as {
  prepareDatabase: typeof Prepare;
};
const db = await prepareDatabase(args.database, Number(args.aanvragen), log);
const backlog = markBacklogSent(db.file);
log(`${db.requests} aanvragen in ${db.file}; ${backlog} mails left pending by earlier runs marked sent`);
/** Another checkout's server entry: api/main.ts, or api/server.ts in checkouts from before it. */
const serverEntryOf = (checkout: string) =>
  existsSync(join(checkout, 'api', 'main.ts')) ? join(checkout, 'api', 'main.ts') : join(checkout, 'api', 'server.ts');

const resend = await startFakeResend();
const sms = await startFakeSms();
const server = await startApiServer({
  name: 'api-mail',
  where: { file: db.file },
  log,
  env: fakeProvidersEnv({ resend: resend.url, sms: sms.url }, args['in-flight']),
  ...(args.server && { script: serverEntryOf(args.server) }),
});
const plan = planIngestion({
  port: server.port,
  key: db.key,
  fromIndex: db.nextIndex,
  aanvragen: ingestionPool(warmupMs + durationMs),
  connections,
  batchSize: MAX_BATCH,
});
const { next, onResponse, tally } = ingestionLoad(plan);
const lag = mailLagSampler(db.file, new Date());
setTimeout(lag.start, warmupMs);
const meter = cpuMeter(server);
const started = performance.now();
const result = await runLoad({ port: server.port, connections, warmupMs, durationMs, next, onResponse });
const mailLag = lag.stop();
const seconds = (performance.now() - started) / 1000;
const cpu = meter();
await server.stop();
await resend.close();
await sms.close();
const sent = resend.mails.length + sms.messages.length;
const size = sqliteStorageSize(db.file);
const figures = {
  server: args.server ?? ROOT,
  batchesInFlight: args['in-flight'] ?? 'default',
  ingestMsgsPerSec: Math.round(result.unitsPerSecond),
  batchP99Ms: Math.round(result.p99),
  mailsSent: sent,
  resendRequests: resend.requests.total,
  mailsPerSec: Math.round((sent / seconds) * 10) / 10,
  mailLagP99S: Math.round(mailLag.p99 * 10) / 10,
  mailLagMaxS: Math.round(mailLag.max * 10) / 10,
  mailsPendingAtEnd: mailLag.pendingAtEnd,
  rejected: tally.rejected,
  serverCpu: Math.round(cpu.serverCpu * 100) / 100,
  otherCpu: Math.round(cpu.otherCpu * 100) / 100,
  dbMb: Math.round(size.mb),
  walMb: Math.round(size.walMb),
  dbMbPer100kMessages: Math.round(size.mbPer100kMessages),
};
log(
  `ingestion ${figures.ingestMsgsPerSec} msg/s; ${sent} mails/SMS sent in ${seconds.toFixed(1)} s (${figures.mailsPerSec}/s,` +
    ` ${figures.resendRequests} requests to Resend); oldest pending mail p99 ${figures.mailLagP99S} s, max ${figures.mailLagMaxS} s;` +
    ` ${figures.mailsPendingAtEnd} pending at the end; database ${figures.dbMb} MB (WAL ${figures.walMb} MB)`,
);
console.log(JSON.stringify(figures));
process.exit(0);
