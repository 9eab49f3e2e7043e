/**
 * npx node bench/ingest-only.ts [-- --aanvragen 20000 --duration 10 --warmup 2 --connections 2 --in-process
 *   --postgres --cpu-prof --lookups 4 --mail]
 *
 * Only the ingestion part of `npm run bench` (its step 4), for measuring a change to the ingestion
 * path without the rest: the real server over loopback HTTP, batches of 500 messages about new
 * aanvragen, with the mails they cause written to the outbox (no mail provider: they wait there).
 * The database (data/bench-ingest.sqlite) is built once through the ingestion path and reused.
 * With --in-process the same batches go straight to Store.ingest in this process, mail composer
 * included: no HTTP, no JSON, no zod; only the store and what it decides.
 * With --postgres the same on PostgreSQL (the benchmark's part 7): a throwaway cluster holding a
 * copy of the SQLite rows (bench/postgres.ts); in process, it also counts the statements each
 * batch sends. --cpu-prof profiles the server (or this process) and lists its top self time.
 * --lookups N (over HTTP) sends look-ups on N more connections beside the ingestion, as the
 * benchmark's part 10 does: their p99 is how long a batch holds other requests. --mail (over HTTP,
 * SQLite) sends the mails the batches cause to fake mail and SMS providers meanwhile, as part 10
 * does. With --cpu-prof over HTTP it also lists the stretches of 20 ms or more in which the server
 * answered nothing else, and what they spent their time in.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgresStore, openSqliteStore } from '../api/core/open-store.ts';
import { createMailComposer } from '../api/mail/compose.ts';
import { startFakeResend } from '../api/mail/fake-resend.ts';
import { startFakeSms } from '../api/mail/fake-sms.ts';
import { MAX_BATCH } from '../api/routes/berichten.ts';
import type { IngestEntry, Store } from '../api/storage/store.ts';
import { generateRequest } from '../demo/generator.ts';
import { loadContent } from '../domain/content.ts';
import { message } from '../domain/messages.ts';
import { startApiServer } from './api-server.ts';
import { PLATFORM, prepareDatabase } from './database.ts';
import { ingestionLoad, ingestionPool, planIngestion } from './ingest.ts';
import { runLoad } from './load.ts';
import { fakeProvidersEnv, markBacklogSent } from './mail-lag.ts';
import { type BenchPostgres, postgresCopyOf } from './postgres.ts';
import { cpuMeter, processTreeCpuSeconds } from './processes.ts';
import { formatStretches, formatTop, longStretches, topSelfTime } from './profile.ts';

const ROOT = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    aanvragen: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '2' },
    database: { type: 'string', default: join(ROOT, 'data', 'bench-ingest.sqlite') },
    'in-process': { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    lookups: { type: 'string', default: '0' },
    mail: { type: 'boolean', default: false },
  },
});
if (args.mail && (args.postgres || args['in-process'])) {
  process.stderr.write('--mail measures SQLite over HTTP only: leave out --postgres and --in-process\n');
  process.exit(2);
}
const durationMs = Number(args.duration) * 1000;
const warmupMs = Number(args.warmup) * 1000;
const connections = Number(args.connections);
const log = (line: string) => process.stderr.write(`${line}\n`);

const db = await prepareDatabase(args.database, Number(args.aanvragen), log);
log(`${db.requests.toLocaleString('en-US')} aanvragen, ${db.messages.toLocaleString('en-US')} messages in ${db.file}`);
const pool = ingestionPool(warmupMs + durationMs);
const pg: BenchPostgres | undefined = args.postgres ? await postgresCopyOf(db.file, log) : undefined;
const PROFILE_DIR = join(ROOT, 'data', 'bench-profiles');
const profileName = `ingest-${args.postgres ? 'pg' : 'sqlite'}-${Date.now()}.cpuprofile`;
const profileArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${profileName}`] : [];
/** Statements sent to PostgreSQL (in process), by their first words. */
const statements = new Map<string, number>();
let statementCount = 0;
/** CPU time of the PostgreSQL cluster's processes so far. */
const databaseCpuSeconds = () => (pg ? processTreeCpuSeconds(pg.cluster.pid()) : 0);
const countStatement = (query: string) => {
  statementCount++;
  const head = query.trim().replace(/\s+/g, ' ').slice(0, 60);
  statements.set(head, (statements.get(head) ?? 0) + 1);
};

if (args['in-process']) {
  if (args['cpu-prof']) log('--cpu-prof with --in-process: run it as `npx node --cpu-prof bench/ingest-only.ts …` instead');
  const content = loadContent();
  const mail = createMailComposer({
    publicUrl: () => 'http://127.0.0.1:1',
    content,
    organisations: (code) => store.organisation(code),
  });
  const store: Store = pg
    ? await openPostgresStore(pg.url, { mail, content, pool: { onQuery: countStatement } })
    : openSqliteStore(db.file, { mail, content });
  const sender = store.organisation(PLATFORM) as IngestEntry['sender'];
  const batches: IngestEntry[][] = [];
  const now = new Date();
  let batch: IngestEntry[] = [];
  for (let i = db.nextIndex; i < db.nextIndex + pool; i++) {
    for (const m of generateRequest(i, now)) {
      if (batch.length === 0) batches.push(batch);
      batch.push({ sender, message: message.parse(m.message) });
      if (batch.length === MAX_BATCH) batch = [];
    }
  }
  // No server process: its share is this process's, counted by the meter as the client.
  const meter = cpuMeter({ cpuSeconds: databaseCpuSeconds });
  let messages = 0;
  let measured = 0;
  const started = performance.now();
  let measuring = 0;
  let cpuAtStart = process.cpuUsage();
  let measuredBatches = 0;
  for (const batch of batches) {
    const t = performance.now() - started;
    if (t > warmupMs + durationMs) break;
    if (t >= warmupMs && !measuring) {
      measuring = performance.now();
      cpuAtStart = process.cpuUsage();
      statementCount = 0;
      statements.clear();
    }
    if (measuring) measuredBatches++;
    const results = await store.ingest(batch);
    if (results.some((r) => r.result !== 'accepted'))
      throw new Error(`refused: ${JSON.stringify(results.find((r) => r.result !== 'accepted'))}`);
    messages += batch.length;
    if (measuring) measured += batch.length;
  }
  const seconds = (performance.now() - measuring) / 1000;
  const { otherCpu, serverCpu: databaseCpu, wall } = meter();
  const cpu = process.cpuUsage(cpuAtStart);
  // CPU time per message: less sensitive than msg/s to other programs on a busy machine.
  const cpuUsPerMsg = (cpu.user + cpu.system) / measured;
  const perBatch = measuredBatches ? statementCount / measuredBatches : 0;
  log(
    `in process${pg ? ', PostgreSQL' : ''}: ${Math.round(measured / seconds)} msg/s (${measured} messages in ${seconds.toFixed(1)} s; ${messages} in all)` +
      (pg
        ? `; ${perBatch.toFixed(1)} statements per batch of ${MAX_BATCH}; PostgreSQL's CPU ${Math.round((databaseCpu * wall * 1e6) / messages)} µs per message`
        : ''),
  );
  if (pg)
    for (const [head, n] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 15))
      log(`  ${(n / measuredBatches).toFixed(1).padStart(7)} × ${head}`);
  console.log(
    JSON.stringify({
      mode: 'in-process',
      database: pg ? 'postgresql' : 'sqlite',
      msgsPerSec: Math.round(measured / seconds),
      cpuUsPerMsg: Math.round(cpuUsPerMsg),
      ...(pg && { statementsPerBatch: round1(perBatch) }),
      otherCpu,
    }),
  );
  await store.close();
} else {
  // A worker that starts on the mails earlier runs left pending would measure that backlog.
  if (args.mail) markBacklogSent(db.file);
  const providers = args.mail ? { resend: await startFakeResend(), sms: await startFakeSms() } : undefined;
  const server = await startApiServer({
    name: 'api-ingest',
    where: pg ? { url: pg.url } : { file: db.file },
    nodeArgs: profileArgs,
    ...(providers && { env: fakeProvidersEnv({ resend: providers.resend.url, sms: providers.sms.url }) }),
  });
  const plan = planIngestion({
    port: server.port,
    key: db.key,
    fromIndex: db.nextIndex,
    aanvragen: pool,
    connections,
    batchSize: MAX_BATCH,
  });
  const { next, onResponse, tally } = ingestionLoad(plan);
  const meter = cpuMeter(server);
  const databaseMeter = cpuMeter({ cpuSeconds: databaseCpuSeconds });
  const numbers = db.numbers;
  const head = `Host: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${db.key}\r\n\r\n`;
  const lookup = () => {
    const number = numbers[Math.floor(Math.random() * numbers.length)] as string;
    return { bytes: Buffer.from(`GET /api/v1/aanvragen/${number} HTTP/1.1\r\n${head}`, 'latin1') };
  };
  const lookupConnections = Number(args.lookups);
  const [result, lookups] = await Promise.all([
    runLoad({ port: server.port, connections, warmupMs, durationMs, next, onResponse }),
    lookupConnections > 0
      ? runLoad({ port: server.port, connections: lookupConnections, warmupMs, durationMs, next: lookup })
      : undefined,
  ]);
  const cpu = meter();
  const database = databaseMeter();
  await server.stop();
  if (args['cpu-prof']) {
    log(formatTop(topSelfTime(join(PROFILE_DIR, profileName), 25)));
    log(formatStretches(longStretches(join(PROFILE_DIR, profileName), 20), 20));
  }
  if (providers) {
    log(`  mail: ${providers.resend.mails.length} mails and ${providers.sms.messages.length} SMS sent`);
    await Promise.all([providers.resend.close(), providers.sms.close()]);
  }
  log(
    `HTTP: ${Math.round(result.unitsPerSecond)} msg/s, batch p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms;` +
      ` server CPU ${Math.round(cpu.serverCpu * 100)}%, other ${Math.round(cpu.otherCpu * 100)}%;` +
      ` accepted ${tally.accepted}, rejected ${tally.rejected}`,
  );
  // CPU time per message, warm-up included: less sensitive than msg/s to other programs on a busy machine.
  const perMessage = (share: number) => Math.round((share * cpu.wall * 1e6) / Math.max(1, tally.accepted));
  if (!lookups)
    log(
      `  CPU per message: server ${perMessage(cpu.serverCpu)} µs` +
        (pg ? `, PostgreSQL ${perMessage(database.serverCpu)} µs` : ''),
    );
  for (const sample of tally.samples) log(`  ${sample}`);
  if (lookups)
    log(
      `look-ups beside it (${lookupConnections} connections): ${Math.round(lookups.perSecond)} req/s, p50 ${lookups.p50.toFixed(1)} ms,` +
        ` p99 ${lookups.p99.toFixed(1)} ms; ${lookups.ok} answered 2xx, ${[...lookups.failed.values()].reduce((a, b) => a + b, 0)} not`,
    );
  console.log(
    JSON.stringify({
      mode: 'http',
      database: pg ? 'postgresql' : 'sqlite',
      msgsPerSec: Math.round(result.unitsPerSecond),
      otherCpu: cpu.otherCpu,
      ...(!lookups && { serverCpuUsPerMsg: perMessage(cpu.serverCpu) }),
      ...(!lookups && pg && { databaseCpuUsPerMsg: perMessage(database.serverCpu) }),
      rejected: tally.rejected,
      ...(lookups && { lookupP99DuringIngestMs: Math.round(lookups.p99 * 10) / 10 }),
    }),
  );
}
await pg?.cluster.remove();
process.exit(0);

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
