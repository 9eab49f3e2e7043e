/**
 * npm run bench [-- --duration 10 --warmup 2 --connections 32 --ingest-connections 2 --cpu-prof --only look-up]
 *
 * --only look-up measures (1), (2) with its conditional polls, and the bare route answering a
 * status's bytes, then stops: the look-up's goals in two minutes, on a machine quiet for that long.
 *
 * Throughput and latency of the real server over loopback HTTP, each beside a bare Hono route
 * measured in the same run:
 *   1. bare GET /hello (bench/bare-server.ts): the ceiling of Node + Hono on this machine,
 *      measured right before and right after (2); the ratio takes the mean of the two;
 *   2. GET /api/v1/aanvragen/{nummer}, uniformly random numbers, on 100,000+ aanvragen;
 *   3. the same on 10,000 aanvragen: how the look-up's cost grows with the data;
 *   4. POST /api/v1/berichten, batches of 500 messages about new aanvragen;
 *   5. the customer's track & trace page, 100 signed-in customers at once: the server's own time
 *      per page (p50/p99, from its request log), goal p99 ≤ 50 ms;
 *   6. the dashboard over all 100,000+ aanvragen (the platform's view of both combi areas), one staff
 *      member's views one after another: the server's own time per page, goal p99 ≤ 300 ms; the
 *      first view of a server on a database without stored facts, and of the next one after it;
 *   7. on PostgreSQL (a throwaway cluster holding a copy of the SQLite rows, bench/postgres.ts):
 *      the look-up and the ingestion of (2) and (4);
 *   8. a fleet: two server processes on that PostgreSQL behind Debian's nginx with the repository's
 *      configuration (deploy/nginx/traject.conf): ingestion and look-ups through the proxy;
 *   9. (4) again on SQLite with the mail flowing to fake providers and four look-up connections
 *      beside it: the oldest pending mail's age and the look-up's p99 during full-rate ingestion
 *      (only this part: bench/mail-only.ts);
 *  10. the databases on disk per 100,000 messages (bench/storage-size.ts), SQLite and PostgreSQL;
 *  11. the werklijst of the busiest contractor (bench/worklist.ts), in this process: goal p99 ≤ 100 ms;
 *  12. a business applicant's portfolio, one project of 300 addresses (bench/portfolio.ts), in this
 *      process: goal p99 ≤ 150 ms.
 * Every goal of issue 12 is printed beside its figure; the output ends with the load average.
 * Databases are built once in data/ and reused. Progress goes to stderr; the table to stdout,
 * whose last line is one JSON object with the figures. Goals are printed, never enforced; the
 * exit code is 1 only when a measurement is not to be trusted: non-2xx answers, refused messages,
 * socket errors, other programs busy on the machine, or a server held up (by the disk) rather
 * than busy with its own work. --cpu-prof profiles the servers and lists their top self time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type FakeResend, startFakeResend } from '../api/mail/fake-resend.ts';
import { type FakeSms, startFakeSms } from '../api/mail/fake-sms.ts';
import { MAX_BATCH } from '../api/routes/berichten.ts';
import { startNginx, stopNginx } from '../api/storage/testing/nginx.ts';
import { postgresBinDir } from '../api/storage/testing/postgres-cluster.ts';
import { progressBar } from '../demo/progress.ts';
import { buildSiteIfNeeded } from '../scripts/build-site.ts';
import { startApiServer, type Where } from './api-server.ts';
import {
  DASHBOARD_ORGANISATION,
  DASHBOARD_PATH,
  dashboardCookie,
  firstDashboardView,
  forgetDashboardFacts,
  measureDashboard,
} from './dashboard.ts';
import { type BenchDatabase, prepareDatabase, typicalStatusBytes } from './database.ts';
import { type IngestTally, ingestionLoad, ingestionPool, planIngestion } from './ingest.ts';
import { type LoadOptions, type LoadResult, percentile, runLoad } from './load.ts';
import { fakeProvidersEnv, mailLagSampler, markBacklogSent } from './mail-lag.ts';
import { GOAL_PORTFOLIO_P99_MS, portfolioTimes } from './portfolio.ts';
import { postgresCopyOf } from './postgres.ts';
import {
  cpuMeter,
  freePort,
  type LoadTarget,
  processTreeCpuSeconds,
  requestTimes,
  type ServerProcess,
  startServerProcess,
} from './processes.ts';
import { formatTop, topSelfTime } from './profile.ts';
import { postgresStorageSize, sqliteStorageSize } from './storage-size.ts';
import { customersFor, pageRequests } from './track-and-trace.ts';
import { widgetSizes } from './widget-sizes.ts';
import { GOAL_POINTS, windowCalibrationOf } from './window-calibration.ts';
import { GOAL_WORKLIST_P99_MS, worklistTimes } from './worklist.ts';

const ROOT = join(import.meta.dirname, '..');
const BIG_DB = join(ROOT, 'data', 'bench.sqlite');
const SMALL_DB = join(ROOT, 'data', 'bench-10k.sqlite');
const PROFILE_DIR = join(ROOT, 'data', 'bench-profiles');
const BIG = 100_000;
const SMALL = 10_000;
const GOAL_RATIO = 0.5;
const GOAL_LOOKUP_VS_BODY = 0.75;
/** Conditional look-ups answered 304 ÷ bare /hello (issue 14). */
const GOAL_LOOKUP_304_VS_HELLO = 0.6;
/** Aanvragen a back-office system polls with If-None-Match in the conditional look-up run. */
const CONDITIONAL_SAMPLE = 2000;
const GOAL_PG_LOOKUP_VS_BODY = 0.5;
const GOAL_LOOKUP_RSS_MB = 300;
const GOAL_READY_S = 2;
const GOAL_DASHBOARD_FIRST_MS = 500;
const GOAL_DASHBOARD_RSS_MB = 300;
const GOAL_INGEST = 5000;
const GOAL_MAIL_LAG_S = 60;
const GOAL_DB_MB_PER_100K_MESSAGES = 250;
/** The worker's batches in flight under load: the fake provider has no rate limit (Resend's is 5 requests/s by default). */
const MAIL_BATCHES_IN_FLIGHT = 8;
const GOAL_LOOKUP_P99_DURING_INGEST_MS = 20;
/** Look-up connections beside the full-rate ingestion: a few clients, not a second full load. */
const BUSY_LOOKUP_CONNECTIONS = 4;
const GOAL_PAGE_P99_MS = 50;
const GOAL_DASHBOARD_P99_MS = 300;
const DASHBOARD_VIEWS = 30;
const PAGE_CUSTOMERS = 100;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    'ingest-connections': { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: String(MAX_BATCH) },
    'cpu-prof': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'look-up') {
  console.error(`--only knows one part: look-up (not "${args.only}")`);
  process.exit(2);
}
/** Only the look-up's figures: the other parts' preparations are skipped too. */
const lookUpOnly = args.only === 'look-up';
/** A preparation --only look-up skips: its figures are never read then (main returns before). */
const unlessLookUpOnly = async <T>(prepare: () => T | Promise<T>): Promise<T> => (lookUpOnly ? (undefined as T) : prepare());
const positive = (name: string, value: string | undefined) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return n;
};
const durationMs = positive('duration', args.duration) * 1000;
const warmupMs = positive('warmup', args.warmup) * 1000;
const connections = Math.round(positive('connections', args.connections));
const ingestConnections = Math.round(positive('ingest-connections', args['ingest-connections']));
const batchSize = Math.min(MAX_BATCH, Math.round(positive('batch-size', args['batch-size'])));
const profiling = args['cpu-prof'];

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';

/** CPU share (in cores) of processes other than the server and this client; above this, the figures are suspect. */
const BUSY_MACHINE = 0.3;
/**
 * Below this CPU share the single-threaded server, with requests always waiting for it, was held
 * up by something else than its own work: mostly the disk, when the database is not in the cache.
 */
const SERVER_WAITED = 0.7;

type Measured = LoadResult & { label: string; serverCpu: number; clientCpu: number; otherCpu: number; iowait: number };

function progress(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (elapsed: number, responses: number) => {
    const phase = elapsed * 1000 < warmupMs ? 'warm-up' : 'measuring';
    const text = `  ${label}: ${elapsed.toFixed(0)}/${(warmupMs + durationMs) / 1000} s (${phase}), ${fmt(responses)} responses`;
    if (tty) process.stderr.write(`\r${text}   `);
    else if (elapsed - last >= 4) {
      last = elapsed;
      log(text);
    }
  };
}

/** Why a measurement may not show the server's own cost. */
function suspicions(r: Measured): string[] {
  const out: string[] = [];
  if (r.otherCpu > BUSY_MACHINE) out.push(`other processes used ${fmt(r.otherCpu * 100)}% of a core meanwhile`);
  if (r.serverCpu < SERVER_WAITED) {
    const cause =
      r.iowait > 0.1
        ? 'most likely database pages that were no longer in the page cache'
        : r.otherCpu > BUSY_MACHINE
          ? 'most likely the other processes'
          : 'by something else than its own work';
    out.push(
      `the server was busy only ${fmt(r.serverCpu * 100)}% of the time (disk wait ${fmt(r.iowait * 100)}%): held up, ${cause}`,
    );
  }
  return out;
}

/** One fixed-length measurement against `server`; fails at once if the server dies. */
async function measure(
  label: string,
  server: LoadTarget,
  options: Omit<LoadOptions, 'port' | 'warmupMs' | 'durationMs' | 'onTick'>,
): Promise<Measured> {
  log(`\n${label}: ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s measured, ${options.connections} connections`);
  const meter = cpuMeter(server);
  const result = await Promise.race([
    runLoad({ ...options, port: server.port, warmupMs, durationMs, onTick: progress(label) }),
    server.died,
  ]);
  if (process.stderr.isTTY) process.stderr.write('\n');
  const { clientCpu, serverCpu: serverUsed, otherCpu, iowait } = meter();
  const measured: Measured = { ...result, label, clientCpu, serverCpu: serverUsed, otherCpu, iowait };
  log(
    `  ${fmt(measured.perSecond)} req/s, p50 ${fmt(measured.p50, 2)} ms, p99 ${fmt(measured.p99, 2)} ms` +
      ` (CPU: server ${fmt(serverUsed * 100)}%, client ${fmt(clientCpu * 100)}%, other ${fmt(otherCpu * 100)}%;` +
      ` waiting on disk ${fmt(iowait * 100)}%)`,
  );
  for (const warning of suspicions(measured)) log(`  WARNING: ${warning}; this figure is not trustworthy`);
  return measured;
}

function apiServer(name: string, where: Where): Promise<ServerProcess> {
  return startApiServer({
    name,
    where,
    log,
    nodeArgs: profiling
      ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`]
      : [],
  });
}

type Ingestion = { result: Measured; tally: IngestTally; ranOut: boolean };

/** Batched ingestion of new aanvragen (generator indices from `fromIndex` on) against `target`. */
async function measureIngestion(
  label: string,
  target: LoadTarget,
  key: string,
  fromIndex: number,
  ingestionConnections: number,
): Promise<Ingestion> {
  const aanvragen = ingestionPool(warmupMs + durationMs);
  log(`\nPreparing ingestion (${label}): ${fmt(aanvragen)} new aanvragen from number ${fmt(fromIndex + 1)} on`);
  const plan = planIngestion({
    port: target.port,
    key,
    fromIndex,
    aanvragen,
    connections: ingestionConnections,
    batchSize,
    onProgress: progressBar('  generated', aanvragen),
  });
  log(`  ${fmt(plan.messages)} messages in ${fmt(plan.batches)} batches of up to ${batchSize}`);
  const { next, onResponse, tally } = ingestionLoad(plan);
  const result = await measure(`${label}: POST /berichten, batches of ${batchSize}`, target, {
    connections: ingestionConnections,
    next,
    onResponse,
  });
  return { result, tally, ranOut: result.seconds < durationMs / 1000 - 0.5 };
}

/** A target made of server processes and the processes they depend on, counted together. */
function combined(name: string, port: number, servers: ServerProcess[], others: (() => number | undefined)[]): LoadTarget {
  return {
    name,
    port,
    died: Promise.race(servers.map((s) => s.died)),
    cpuSeconds: () =>
      servers.reduce((sum, s) => sum + s.cpuSeconds(), 0) + others.reduce((sum, pid) => sum + processTreeCpuSeconds(pid()), 0),
  };
}

function ingestionSummary(label: string, i: Ingestion): string[] {
  const { result, tally, ranOut } = i;
  return [
    `${label}: ${fmt(result.unitsPerSecond)} messages/s in ${fmt(result.ok)} batches (${fmt(result.units)} messages in ${fmt(result.seconds, 1)} s${ranOut ? ', the prepared messages ran out' : ''});` +
      ` per batch p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms`,
    `  all batches incl. warm-up: ${fmt(tally.accepted)} accepted, ${fmt(tally.duplicates)} duplicates, ${fmt(tally.rejected)} rejected`,
    ...tally.samples.map((s) => `  rejected: ${s}`),
  ];
}

/** Stops a profiled server and prints where its time went. */
async function stopAndReport(server: ServerProcess): Promise<void> {
  await server.stop();
  if (!profiling) return;
  const spec = server.child.spawnargs.find((a) => a.startsWith('--cpu-prof-name='));
  if (!spec) return;
  const file = join(PROFILE_DIR, spec.slice('--cpu-prof-name='.length));
  try {
    log(`\nCPU profile of ${server.name} (${file}):\n${formatTop(topSelfTime(file, 20))}`);
  } catch (error) {
    log(`  no profile from ${server.name}: ${(error as Error).message}`);
  }
}

/** One request by hand before measuring, so a wrong key or route fails loudly instead of being measured. */
async function checkLookup(server: LoadTarget, db: BenchDatabase): Promise<void> {
  const number = db.numbers[Math.floor(db.numbers.length / 2)] as string;
  const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/aanvragen/${number}`, {
    headers: { authorization: `Bearer ${db.key}` },
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes(number)) {
    throw new Error(`look-up check on ${server.name} failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
}

function lookupRequests(server: LoadTarget, db: BenchDatabase) {
  const head = `Host: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${db.key}\r\n\r\n`;
  const { numbers } = db;
  return () => {
    const number = numbers[Math.floor(Math.random() * numbers.length)] as string;
    return { bytes: Buffer.from(`GET /api/v1/aanvragen/${number} HTTP/1.1\r\n${head}`, 'latin1') };
  };
}

/**
 * Conditional look-ups of `sample` aanvragen, each with the ETag a first look-up gave: what a
 * back-office system that polls its aanvragen sends while nothing changes (answered 304).
 */
async function conditionalRequests(server: LoadTarget, db: BenchDatabase, sample: number) {
  const picked = db.numbers.slice(0, sample);
  const requests: Buffer[] = [];
  for (const number of picked) {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/aanvragen/${number}`, {
      headers: { authorization: `Bearer ${db.key}` },
    });
    await res.arrayBuffer();
    const etag = res.headers.get('etag');
    if (res.status !== 200 || !etag) throw new Error(`look-up of ${number} gave ${res.status} without an ETag`);
    requests.push(
      Buffer.from(
        `GET /api/v1/aanvragen/${number} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${db.key}\r\nIf-None-Match: ${etag}\r\n\r\n`,
        'latin1',
      ),
    );
  }
  return () => ({ bytes: requests[Math.floor(Math.random() * requests.length)] as Buffer });
}

/** Responses in the window that were not 2xx, plus requests cut off by socket errors. */
const notOk = (r: LoadResult) => [...r.failed.values()].reduce((s, n) => s + n, r.socketErrors);

function statusSummary(r: LoadResult): string {
  const parts = [...r.failed].map(([status, n]) => `${fmt(n)}× HTTP ${status}`);
  if (r.socketErrors) parts.push(`${fmt(r.socketErrors)} socket errors`);
  return parts.join(', ');
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const [header, ...body] = rows;
  return [line(header ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The look-up's figures and goals alone (--only look-up): the same fields as the whole run's. */
function lookUpReport(m: {
  lookup: Measured;
  conditional: Measured;
  bareBefore: Measured;
  bareAfter: Measured;
  bareBody: Measured;
  bodyBytes: number;
  lookupRssMb: number;
  apiReadyS: number;
}): number {
  const bareRps = (m.bareBefore.perSecond + m.bareAfter.perSecond) / 2;
  const lookupVsBody = m.lookup.perSecond / m.bareBody.perSecond;
  const lookup304VsHello = m.conditional.perSecond / bareRps;
  const pass = (ok: boolean) => (ok ? 'PASS' : 'BELOW');
  const measurements = [m.bareBefore, m.lookup, m.conditional, m.bareAfter, m.bareBody];
  const problems = measurements.flatMap((r) => [
    ...(statusSummary(r) ? [`${r.label}: ${statusSummary(r)}`] : []),
    ...suspicions(r).map((warning) => `${r.label}: ${warning}`),
  ]);
  const lines = [
    `bare /hello ${fmt(bareRps)} req/s (before ${fmt(m.bareBefore.perSecond)}, after ${fmt(m.bareAfter.perSecond)}); bare /body (${fmt(m.bodyBytes)} B) ${fmt(m.bareBody.perSecond)} req/s`,
    `look-up ${fmt(m.lookup.perSecond)} req/s; with If-None-Match (304) ${fmt(m.conditional.perSecond)} req/s`,
    `goal lookupVsBody ≥ ${GOAL_LOOKUP_VS_BODY}: ${fmt(lookupVsBody, 3)}  ${pass(lookupVsBody >= GOAL_LOOKUP_VS_BODY)}`,
    `goal lookup304VsHello ≥ ${GOAL_LOOKUP_304_VS_HELLO} (304 answers ÷ bare /hello, same run): ${fmt(lookup304VsHello, 3)}  ${pass(lookup304VsHello >= GOAL_LOOKUP_304_VS_HELLO)}`,
    `goal lookupRssMb ≤ ${GOAL_LOOKUP_RSS_MB}: ${fmt(m.lookupRssMb)}  ${pass(m.lookupRssMb <= GOAL_LOOKUP_RSS_MB)}`,
    `goal lookupReadyS ≤ ${GOAL_READY_S}: ${fmt(m.apiReadyS, 2)}  ${pass(m.apiReadyS <= GOAL_READY_S)}`,
    ...problems.map((p) => `NOT TRUSTWORTHY — ${p}`),
  ];
  const json = {
    only: 'look-up',
    bareRps: Math.round(bareRps),
    bareBodyRps: Math.round(m.bareBody.perSecond),
    lookupRps: Math.round(m.lookup.perSecond),
    lookup304Rps: Math.round(m.conditional.perSecond),
    lookupVsBody: Math.round(lookupVsBody * 1000) / 1000,
    lookup304VsHello: Math.round(lookup304VsHello * 1000) / 1000,
    lookupRssMb: Math.round(m.lookupRssMb),
    lookupReadyS: Math.round(m.apiReadyS * 100) / 100,
    trustworthy: problems.length === 0,
    loadAverage: loadavg(),
  };
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(json)}\n`);
  return problems.length === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const wallStart = performance.now();
  log(
    `Benchmark on ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; ` +
      `${connections} connections for look-ups, ${ingestConnections} for ingestion.`,
  );
  const loadStart = loadavg();
  log(`load average at the start: ${loadStart.map((n) => fmt(n, 2)).join(' / ')} (1 / 5 / 15 min)`);

  // 0. The widgets: bytes, not speed.
  const widgets = await unlessLookUpOnly(() => {
    buildSiteIfNeeded();
    const sizes = widgetSizes(join(ROOT, 'dist'));
    log(`widgets (gzip): loader ${fmt(sizes.loader)} B, survey UI ${fmt(sizes.ui)} B, together ${fmt(sizes.total)} B`);
    return sizes;
  });

  // 1. The databases (built once, then reused).
  const big = await prepareDatabase(BIG_DB, BIG, log);
  log(`${BIG_DB}: ${fmt(big.requests)} aanvragen, ${fmt(big.messages)} messages`);
  // Before any server runs: it may keep the windows a database from an older release lacks.
  const calibration = await unlessLookUpOnly(() => windowCalibrationOf(BIG_DB, log));
  // The werklijst of the busiest contractor, in this process before any server runs (bench/worklist.ts).
  const worklist = await unlessLookUpOnly(() => worklistTimes(BIG_DB, { log }));
  // A builder's portfolio of one project of 300 addresses, likewise (bench/portfolio.ts).
  const portfolio = await unlessLookUpOnly(() => portfolioTimes(BIG_DB, { log }));
  const small = await unlessLookUpOnly(async () => {
    const db = await prepareDatabase(SMALL_DB, SMALL, log);
    log(`${SMALL_DB}: ${fmt(db.requests)} aanvragen, ${fmt(db.messages)} messages`);
    return db;
  });

  const started: ServerProcess[] = [];
  let pg: Awaited<ReturnType<typeof postgresCopyOf>> | undefined;
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  let resend: FakeResend | undefined;
  let sms: FakeSms | undefined;
  const nginxDir = mkdtempSync(join(tmpdir(), 'traject-bench-nginx-'));
  const track = async (p: Promise<ServerProcess>) => {
    const s = await p;
    started.push(s);
    return s;
  };
  try {
    // 2. The baseline, bare Hono GET /hello, measured right before and right after the look-up (3):
    //    the ratio takes their mean, so a machine that speeds up or slows down meanwhile cannot tilt it.
    const bare = await track(
      startServerProcess({ name: 'bare', script: join(import.meta.dirname, 'bare-server.ts'), readyPath: '/hello', env: {} }),
    );
    const helloBytes = Buffer.from(`GET /hello HTTP/1.1\r\nHost: 127.0.0.1:${bare.port}\r\n\r\n`, 'latin1');
    const measureBare = (when: string) =>
      measure(`bare GET /hello, ${when}`, bare, { connections, next: () => ({ bytes: helloBytes }) });

    // 3. The look-up on 100,000+ aanvragen (the bare server waits, idle).
    const api = await track(apiServer('api-100k', { file: BIG_DB }));
    const apiReadyS = api.readyS;
    await checkLookup(api, big);
    const bareBefore = await measureBare('before the look-up');
    const lookup = await measure(`GET /aanvragen/{nummer}, ${fmt(big.requests)} aanvragen`, api, {
      connections,
      next: lookupRequests(api, big),
    });
    const lookupRssMb = api.residentMb();
    log(
      `  server ready (/readyz 200) ${fmt(apiReadyS, 2)} s after its spawn; ${fmt(lookupRssMb)} MB resident after the look-ups`,
    );
    // 3a. The same server polled as a back-office system polls: If-None-Match with the ETag it has.
    const conditional = await measure(
      `GET /aanvragen/{nummer} with If-None-Match, ${fmt(CONDITIONAL_SAMPLE)} aanvragen polled`,
      api,
      { connections, alsoOk: 304, next: await conditionalRequests(api, big, CONDITIONAL_SAMPLE) },
    );
    await stopAndReport(api);
    const bareAfter = await measureBare('after the look-up');
    await bare.stop();
    const bareRps = (bareBefore.perSecond + bareAfter.perSecond) / 2;
    const lookup304VsHello = conditional.perSecond / bareRps;

    // 3b. A bare route answering as many bytes as a status: what the size alone costs.
    const bodyBytes = typicalStatusBytes(BIG_DB);
    const bareBody = await track(
      startServerProcess({
        name: 'bare-body',
        script: join(import.meta.dirname, 'bare-server.ts'),
        readyPath: '/hello',
        env: { BODY_BYTES: String(bodyBytes) },
      }),
    );
    const bodyRequest = Buffer.from(`GET /body HTTP/1.1\r\nHost: 127.0.0.1:${bareBody.port}\r\n\r\n`, 'latin1');
    const bareBodyResult = await measure(`bare GET /body, ${fmt(bodyBytes)} B`, bareBody, {
      connections,
      next: () => ({ bytes: bodyRequest }),
    });
    await bareBody.stop();
    if (lookUpOnly)
      return lookUpReport({
        lookup,
        conditional,
        bareBefore,
        bareAfter,
        bareBody: bareBodyResult,
        bodyBytes,
        lookupRssMb,
        apiReadyS,
      });

    // 4. The same look-up on 10,000 aanvragen.
    const api10k = await track(apiServer('api-10k', { file: SMALL_DB }));
    await checkLookup(api10k, small);
    const lookup10k = await measure(`GET /aanvragen/{nummer}, ${fmt(small.requests)} aanvragen`, api10k, {
      connections,
      next: lookupRequests(api10k, small),
    });
    await stopAndReport(api10k);

    // 5. Batched ingestion of new aanvragen into the big database.
    const ingestServer = await track(apiServer('api-ingest', { file: BIG_DB }));
    const pool = ingestionPool(warmupMs + durationMs);
    const sqliteIngestion = await measureIngestion('SQLite', ingestServer, big.key, big.nextIndex, ingestConnections);
    const { result: ingest, tally } = sqliteIngestion;
    await stopAndReport(ingestServer);

    // 6. The track & trace page: 100 customers, each a session and a connection of their own.
    const customers = await customersFor(BIG_DB, big.numbers, PAGE_CUSTOMERS);
    const times = requestTimes((path) => path.startsWith('/volg/'), { afterStart: true });
    const pageServer = await track(
      startApiServer({ name: 'site-100k', where: { file: BIG_DB }, site: true, logLevel: 'info', onLine: times.onLine }),
    );
    setTimeout(times.start, warmupMs);
    const page = await measure(`GET /volg/{nummer}, ${PAGE_CUSTOMERS} customers`, pageServer, {
      connections: PAGE_CUSTOMERS,
      next: pageRequests(pageServer.port, customers),
    });
    await stopAndReport(pageServer);
    const serverMs = Float64Array.from(times.times).sort();
    const pageP50 = percentile(serverMs, 0.5);
    const pageP99 = percentile(serverMs, 0.99);
    log(`  server time per page: p50 ${fmt(pageP50, 2)} ms, p99 ${fmt(pageP99, 2)} ms over ${fmt(serverMs.length)} pages`);

    // 7. The dashboard over all aanvragen (the platform's view): one staff member, one view at a time.
    //    First a server on a database without stored facts (the first start after this release, or
    //    after the content's norms changed): its first view computes them from every state and
    //    stores them. Then the server that is measured, started as after any restart.
    log(`\nDashboard of ${DASHBOARD_ORGANISATION}: a first view that builds the stored facts, then after a restart`);
    log(`  the first view, 5 more to warm up, ${DASHBOARD_VIEWS} measured`);
    const cookie = await dashboardCookie(BIG_DB);
    forgetDashboardFacts(BIG_DB);
    const dashboardServer = (name: string, onLine: (line: string) => boolean) =>
      track(startApiServer({ name, where: { file: BIG_DB }, site: true, logLevel: 'info', onLine }));
    const buildLog = requestTimes((path) => path === DASHBOARD_PATH);
    const buildServer = await dashboardServer('dashboard-build', buildLog.onLine);
    const dashboardBuildMs = await Promise.race([firstDashboardView(buildServer, cookie, buildLog.times), buildServer.died]);
    await stopAndReport(buildServer);
    log(`  the first view without stored facts: ${fmt(dashboardBuildMs)} ms`);
    const dashboardLog = requestTimes((path) => path === DASHBOARD_PATH);
    const restarted = await dashboardServer('dashboard-100k', dashboardLog.onLine);
    const dashboard = await Promise.race([
      measureDashboard(restarted, cookie, dashboardLog.times, { views: DASHBOARD_VIEWS }),
      restarted.died,
    ]);
    await stopAndReport(restarted);
    log(
      `  ${fmt(dashboard.aanvragen)} aanvragen in the view; after the restart the first view ${fmt(dashboard.firstMs)} ms; then p50 ${fmt(dashboard.p50, 1)} ms,` +
        ` p99 ${fmt(dashboard.p99, 1)} ms over ${dashboard.views} views; server ${fmt(dashboard.rssMb)} MB resident`,
    );

    // 8. PostgreSQL: the same rows (copied), the same look-up and ingestion.
    log(`\nPostgreSQL: a throwaway cluster with a copy of ${BIG_DB}`);
    pg = await postgresCopyOf(BIG_DB, log);
    const pgUrl = pg.url;
    const pgPid = () => pg?.cluster.pid();
    const pgRequests = pg.rows.get('requests') ?? 0;
    const pgMessages = pg.rows.get('messages') ?? 0;
    const pgCopyS = pg.copySeconds;
    const pgApi = await track(apiServer('api-pg', { url: pgUrl }));
    const pgTarget = combined('api-pg', pgApi.port, [pgApi], [pgPid]);
    await checkLookup(pgTarget, big);
    const pgLookup = await measure(`PostgreSQL: GET /aanvragen/{nummer}, ${fmt(pgRequests)} aanvragen`, pgTarget, {
      connections,
      next: lookupRequests(pgTarget, big),
    });
    const pgLookupRssMb = pgApi.residentMb();
    log(`  server ready ${fmt(pgApi.readyS, 2)} s after its spawn; ${fmt(pgLookupRssMb)} MB resident after the look-ups`);
    // New aanvragen after those the SQLite ingestion used (which the copy holds).
    const pgFrom = big.nextIndex + pool;
    const pgIngestion = await measureIngestion('PostgreSQL', pgTarget, big.key, pgFrom, ingestConnections);
    await stopAndReport(pgApi);

    // 9. A fleet: two processes on that PostgreSQL behind nginx with the repository's configuration.
    const fleetServers = [await track(apiServer('fleet-1', { url: pgUrl })), await track(apiServer('fleet-2', { url: pgUrl }))];
    const listen = await freePort();
    nginx = await startNginx({ dir: nginxDir, listen, upstreams: fleetServers.map((s) => s.port) });
    const nginxPid = nginx.pid;
    log(`\nFleet: nginx on port ${listen} in front of ${fleetServers.map((s) => `${s.name} (${s.port})`).join(' and ')}`);
    const fleet = combined('fleet', listen, fleetServers, [pgPid, () => nginxPid]);
    await checkLookup(fleet, big);
    const fleetLookup = await measure(`fleet: GET /aanvragen/{nummer} through nginx`, fleet, {
      connections,
      next: lookupRequests(fleet, big),
    });
    const fleetIngestion = await measureIngestion('fleet', fleet, big.key, pgFrom + pool, ingestConnections * 2);
    await stopNginx(nginx);
    for (const server of fleetServers) await stopAndReport(server);
    // After the PostgreSQL and fleet ingestion: the copy (COPY, compact) plus what the store wrote.
    const pgSize = await postgresStorageSize(pgUrl);
    log(
      `\nPostgreSQL on disk: ${fmt(pgSize.mb)} MB for ${fmt(pgSize.messages)} messages, ${fmt(pgSize.mbPer100kMessages)} MB per 100,000`,
    );
    await pg.cluster.remove();
    pg = undefined;

    // 10. SQLite under full ingestion with its mail flowing (fake mail and SMS providers) and a few
    //     look-ups beside it: the oldest pending mail's age, and the look-up's p99 meanwhile.
    const backlog = markBacklogSent(BIG_DB);
    log(`\nMail under load: ${fmt(backlog)} mails left pending by the runs without a mail provider marked sent`);
    resend = await startFakeResend();
    sms = await startFakeSms();
    const busy = await track(
      startApiServer({
        name: 'api-mail',
        where: { file: BIG_DB },
        log,
        env: fakeProvidersEnv({ resend: resend.url, sms: sms.url }, String(MAIL_BATCHES_IN_FLIGHT)),
      }),
    );
    const lag = mailLagSampler(BIG_DB, new Date());
    const busyStart = performance.now();
    setTimeout(lag.start, warmupMs);
    const [busyIngestion, busyLookup] = await Promise.all([
      measureIngestion('SQLite with mail', busy, big.key, pgFrom + 2 * pool, ingestConnections),
      measure(`look-ups during that ingestion`, busy, { connections: BUSY_LOOKUP_CONNECTIONS, next: lookupRequests(busy, big) }),
    ]);
    const mailLag = lag.stop();
    const busySeconds = (performance.now() - busyStart) / 1000;
    await stopAndReport(busy);
    const mailsSent = resend.mails.length + sms.messages.length;
    // After every SQLite ingestion of the run, the server stopped: the file and what is left of its WAL.
    const sqliteSize = sqliteStorageSize(BIG_DB);
    log(
      `\nSQLite on disk: ${fmt(sqliteSize.mb)} MB (WAL ${fmt(sqliteSize.walMb)} MB) for ${fmt(sqliteSize.messages)} messages,` +
        ` ${fmt(sqliteSize.mbPer100kMessages)} MB per 100,000`,
    );
    // The window bounds the age a run can see; what is left says where the age goes on a longer run.
    const mailSendRate = mailsSent / busySeconds;
    const mailBacklogDrainS = mailLag.pendingAtEnd === 0 ? 0 : mailLag.pendingAtEnd / mailSendRate;
    log(
      `  oldest pending mail: p99 ${fmt(mailLag.p99, 1)} s, max ${fmt(mailLag.max, 1)} s over ${fmt(mailLag.samples)} samples;` +
        ` ${fmt(mailLag.pendingAtEnd)} pending at the end; ${fmt(resend.mails.length)} mails and ${fmt(sms.messages.length)} SMS sent`,
    );

    // 11. The report.
    const ratio = lookup.perSecond / bareRps;
    const ingestMsgs = ingest.unitsPerSecond;
    const lookupVsBody = lookup.perSecond / bareBodyResult.perSecond;
    const pgLookupVsBody = pgLookup.perSecond / bareBodyResult.perSecond;
    const pgIngestMsgs = pgIngestion.result.unitsPerSecond;
    const fleetIngestMsgs = fleetIngestion.result.unitsPerSecond;
    const measurements = [
      bareBefore,
      lookup,
      conditional,
      bareAfter,
      bareBodyResult,
      lookup10k,
      ingest,
      page,
      pgLookup,
      pgIngestion.result,
      fleetLookup,
      fleetIngestion.result,
      busyIngestion.result,
      busyLookup,
    ];
    const loadEnd = loadavg();
    const mailLagP99 = mailLag.p99;
    const mailKeepsUp = mailLagP99 < GOAL_MAIL_LAG_S && mailBacklogDrainS < GOAL_MAIL_LAG_S;
    const rows = [
      ['measurement', 'req/s', 'p50 ms', 'p99 ms', 'responses', 'not 2xx', 'server CPU', 'client CPU', 'other CPU', 'disk wait'],
      ...measurements.map((r) => [
        r.label,
        fmt(r.perSecond),
        fmt(r.p50, 2),
        fmt(r.p99, 2),
        fmt(r.ok),
        fmt(notOk(r)),
        `${fmt(r.serverCpu * 100)}%`,
        `${fmt(r.clientCpu * 100)}%`,
        `${fmt(r.otherCpu * 100)}%`,
        `${fmt(r.iowait * 100)}%`,
      ]),
    ];
    const pass = (ok: boolean) => (ok ? 'PASS' : 'BELOW');
    const out = [
      '',
      `Benchmark: ${cpus().length} cores, Node ${process.version}, loopback HTTP/1.1 keep-alive, ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s per measurement`,
      '',
      table(rows),
      '',
      ...ingestionSummary('ingestion, SQLite', sqliteIngestion),
      ...ingestionSummary('ingestion, PostgreSQL', pgIngestion),
      ...ingestionSummary(`ingestion, fleet (${ingestConnections * 2} connections through nginx)`, fleetIngestion),
      `look-up growth: ${fmt(lookup10k.perSecond)} req/s at ${fmt(small.requests)} → ${fmt(lookup.perSecond)} req/s at ${fmt(big.requests)} aanvragen` +
        ` (×${fmt(lookup.perSecond / lookup10k.perSecond, 2)})`,
      '',
      `goal look-up/bare ≥ ${GOAL_RATIO}:   ${fmt(ratio, 3)}  ${pass(ratio >= GOAL_RATIO)}`,
      `  bare /hello ${fmt(bareBefore.perSecond)} req/s before and ${fmt(bareAfter.perSecond)} after the look-up: ${fmt(bareRps)} req/s as the baseline`,
      `  where it goes: a bare route answering ${fmt(bodyBytes)} B (a status's size) reaches ${fmt(bareBodyResult.perSecond)} req/s,` +
        ` ${fmt(bareBodyResult.perSecond / bareRps, 3)} of /hello; the look-up is ${fmt(lookup.perSecond / bareBodyResult.perSecond, 3)} of that`,
      `goal lookupVsBody ≥ ${GOAL_LOOKUP_VS_BODY} (look-up ÷ bare /body, same run): ${fmt(lookupVsBody, 3)}  ${pass(lookupVsBody >= GOAL_LOOKUP_VS_BODY)}`,
      `goal lookup304VsHello ≥ ${GOAL_LOOKUP_304_VS_HELLO} (304 answers ÷ bare /hello, same run): ${fmt(lookup304VsHello, 3)}  ${pass(lookup304VsHello >= GOAL_LOOKUP_304_VS_HELLO)}`,
      `goal lookupRssMb ≤ ${GOAL_LOOKUP_RSS_MB} (after the look-ups, ${fmt(big.requests)} aanvragen): ${fmt(lookupRssMb)}  ${pass(lookupRssMb <= GOAL_LOOKUP_RSS_MB)}`,
      `goal lookupReadyS ≤ ${GOAL_READY_S} (spawn to /readyz 200, ${fmt(big.requests)} aanvragen): ${fmt(apiReadyS, 2)}  ${pass(apiReadyS <= GOAL_READY_S)}`,
      `goal ingestion ≥ ${fmt(GOAL_INGEST)} msg/s, SQLite: ${fmt(ingestMsgs)}  ${pass(ingestMsgs >= GOAL_INGEST)}`,
      `PostgreSQL (${postgresBinDir()}): a throwaway cluster (no fsync) holding a copy of ${BIG_DB}'s rows (${fmt(pgRequests)} aanvragen,` +
        ` ${fmt(pgMessages)} messages, copied in ${fmt(pgCopyS, 1)} s with COPY, not seeded through the store)`,
      `  look-up ${fmt(pgLookup.perSecond)} req/s (p99 ${fmt(pgLookup.p99, 2)} ms), server ${fmt(pgLookupRssMb)} MB resident after it, ready ${fmt(pgApi.readyS, 2)} s after its spawn`,
      `goal pgLookupVsBody ≥ ${GOAL_PG_LOOKUP_VS_BODY}: ${fmt(pgLookupVsBody, 3)}  ${pass(pgLookupVsBody >= GOAL_PG_LOOKUP_VS_BODY)}`,
      `goal ingestion ≥ ${fmt(GOAL_INGEST)} msg/s, PostgreSQL: ${fmt(pgIngestMsgs)}  ${pass(pgIngestMsgs >= GOAL_INGEST)}`,
      `fleet, 2 processes behind nginx on that PostgreSQL (everything on these ${cpus().length} cores): look-up ${fmt(fleetLookup.perSecond)} req/s` +
        ` (p99 ${fmt(fleetLookup.p99, 2)} ms), ingestion ${fmt(fleetIngestMsgs)} msg/s (no goal)`,
      `track & trace page, server time with ${PAGE_CUSTOMERS} customers: p50 ${fmt(pageP50, 2)} ms, p99 ${fmt(pageP99, 2)} ms` +
        ` (${fmt(serverMs.length)} pages)`,
      `goal page p99 ≤ ${GOAL_PAGE_P99_MS} ms: ${fmt(pageP99, 2)}  ${pass(pageP99 <= GOAL_PAGE_P99_MS)}`,
      `dashboard over ${fmt(dashboard.aanvragen)} aanvragen (the platform's view of both combi areas), server time: p50 ${fmt(dashboard.p50, 1)} ms, p99 ${fmt(dashboard.p99, 1)} ms` +
        ` (${dashboard.views} views, one at a time); the first view after a restart ${fmt(dashboard.firstMs)} ms` +
        ` (${fmt(dashboardBuildMs)} ms on a database without stored facts, which it then stores)`,
      ...ingestionSummary('ingestion, SQLite, mail flowing, look-ups beside it', busyIngestion),
      `  mail: ${fmt(resend.mails.length)} mails and ${fmt(sms.messages.length)} SMS sent to fake providers; ${fmt(mailLag.pendingAtEnd)} pending at the end` +
        ` (${fmt(backlog)} left pending by earlier runs without a provider were marked sent first)`,
      `  the worker sent ${fmt(mailSendRate, 1)} mails/s; at that rate the ${fmt(mailLag.pendingAtEnd)} left take ${fmt(mailBacklogDrainS)} s (mailBacklogDrainS):` +
        ` a run of ${fmt((warmupMs + durationMs) / 1000)} s cannot see an older mail than that, so the goal needs both under ${GOAL_MAIL_LAG_S} s`,
      `  (the worker with ${MAIL_BATCHES_IN_FLIGHT} batches of 100 mails in flight, MAIL_BATCHES_IN_FLIGHT; ${fmt(resend.requests.total)} requests to the fake Resend)`,
      `goal mailLagP99S < ${GOAL_MAIL_LAG_S} (oldest pending mail, sampled every 250 ms): ${fmt(mailLagP99, 1)}  ${pass(mailKeepsUp)}`,
      `goal dbMbPer100kMessages ≤ ${GOAL_DB_MB_PER_100K_MESSAGES} (database + WAL on disk per 100,000 messages in the log), SQLite: ${fmt(sqliteSize.mbPer100kMessages)}` +
        ` (${fmt(sqliteSize.mb)} MB, WAL ${fmt(sqliteSize.walMb)} MB, ${fmt(sqliteSize.messages)} messages)  ${pass(sqliteSize.mbPer100kMessages <= GOAL_DB_MB_PER_100K_MESSAGES)}`,
      `goal pgDbMbPer100kMessages ≤ ${GOAL_DB_MB_PER_100K_MESSAGES} (pg_database_size; COPY of the SQLite rows plus the store's ingestion): ${fmt(pgSize.mbPer100kMessages)}` +
        ` (${fmt(pgSize.mb)} MB, ${fmt(pgSize.messages)} messages)  ${pass(pgSize.mbPer100kMessages <= GOAL_DB_MB_PER_100K_MESSAGES)}`,
      `goal lookupP99DuringIngestMs ≤ ${GOAL_LOOKUP_P99_DURING_INGEST_MS} (${BUSY_LOOKUP_CONNECTIONS} look-up connections beside it, ${fmt(busyLookup.perSecond)} req/s): ${fmt(busyLookup.p99, 1)}  ${pass(busyLookup.p99 <= GOAL_LOOKUP_P99_DURING_INGEST_MS)}`,
      `goal dashboard p99 ≤ ${GOAL_DASHBOARD_P99_MS} ms: ${fmt(dashboard.p99, 1)}  ${pass(dashboard.p99 <= GOAL_DASHBOARD_P99_MS)}`,
      `goal dashboardFirstMs ≤ ${GOAL_DASHBOARD_FIRST_MS}: ${fmt(dashboard.firstMs)}  ${pass(dashboard.firstMs <= GOAL_DASHBOARD_FIRST_MS)}`,
      `goal dashboardRssMb ≤ ${GOAL_DASHBOARD_RSS_MB}: ${fmt(dashboard.rssMb)}  ${pass(dashboard.rssMb <= GOAL_DASHBOARD_RSS_MB)}`,
      `goal worklistP99Ms ≤ ${GOAL_WORKLIST_P99_MS} (werklijst of ${worklist.organisation}, ${fmt(worklist.steps)} open steps, p50 ${fmt(worklist.p50, 1)} ms, ${worklist.views} views): ${fmt(worklist.p99, 1)}  ${pass(worklist.withinGoal)}`,
      `goal portfolioP99Ms ≤ ${GOAL_PORTFOLIO_P99_MS} (project ${portfolio.project} of ${fmt(portfolio.aanvragen)} addresses, p50 ${fmt(portfolio.p50, 1)} ms, first view ${fmt(portfolio.firstMs)} ms, ${portfolio.views} views): ${fmt(portfolio.p99, 1)}  ${pass(portfolio.withinGoal)}`,
      '',
      `machine: load average ${loadStart.map((n) => fmt(n, 2)).join(' / ')} at the start, ${loadEnd.map((n) => fmt(n, 2)).join(' / ')} at the end (1 / 5 / 15 min, ${cpus().length} cores); the machine is shared`,
      '',
      `expected window, ${fmt(calibration.measured)} windows with a known outcome (${fmt(calibration.unknown)} not known yet): ${calibration.share === null ? '–' : `${fmt(calibration.share * 100, 1)}%`} started inside, stated ${calibration.stated === null ? '–' : `${fmt(calibration.stated * 100, 0)}%`} (goal: within ${GOAL_POINTS} points)`,
      `widgets, gzip: loader ${fmt(widgets.loader)} B (budget 2,000), loader + survey UI ${fmt(widgets.total)} B (budget 12,000, Preact included)`,
      widgets.formbricksLoader === null
        ? '  @formbricks/js: not measured (npm registry not reachable)'
        : `  @formbricks/js ${widgets.formbricksVersion} from npm, same run: its package (the loader only) ${fmt(widgets.formbricksLoader)} B; its surveys UI comes from the Formbricks server at run time`,
    ];
    const problems = measurements
      .map((r) => [r.label, statusSummary(r)] as const)
      .filter(([, s]) => s)
      .map(([label, s]) => `${label}: ${s}`);
    for (const r of measurements) {
      for (const warning of suspicions(r)) problems.push(`${r.label}: ${warning}`);
    }
    if (dashboard.otherCpu > BUSY_MACHINE) {
      problems.push(`dashboard: other processes used ${fmt(dashboard.otherCpu * 100)}% of a core meanwhile`);
    }
    for (const [label, i] of [
      ['SQLite', sqliteIngestion],
      ['PostgreSQL', pgIngestion],
      ['fleet', fleetIngestion],
      ['SQLite with mail', busyIngestion],
    ] as const) {
      if (i.tally.rejected > 0 || i.tally.badStatuses.size > 0) {
        problems.push(`ingestion, ${label}: ${fmt(i.tally.rejected)} messages rejected`);
      }
    }
    for (const p of problems) out.push(`NOT TRUSTWORTHY — ${p}`);

    const round = (n: number, d = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);
    const json = {
      windowCalibration: calibration,
      worklistP99Ms: worklist.p99,
      worklistP50Ms: worklist.p50,
      worklistSteps: worklist.steps,
      portfolioP99Ms: portfolio.p99,
      portfolioP50Ms: portfolio.p50,
      portfolioFirstMs: portfolio.firstMs,
      portfolioAanvragen: portfolio.aanvragen,
      lookupRps: round(lookup.perSecond, 0),
      bareRps: round(bareRps, 0),
      bareBeforeRps: round(bareBefore.perSecond, 0),
      bareAfterRps: round(bareAfter.perSecond, 0),
      bareBodyRps: round(bareBodyResult.perSecond, 0),
      lookupVsBody: round(lookupVsBody, 3),
      lookup304Rps: round(conditional.perSecond, 0),
      lookup304VsHello: round(lookup304VsHello, 3),
      lookupRssMb: round(lookupRssMb, 0),
      lookupReadyS: round(apiReadyS, 2),
      pgLookupRps: round(pgLookup.perSecond, 0),
      pgLookupVsBody: round(pgLookupVsBody, 3),
      pgIngestMsgsPerSec: round(pgIngestMsgs, 0),
      fleetIngestMsgsPerSec: round(fleetIngestMsgs, 0),
      fleetLookupRps: round(fleetLookup.perSecond, 0),
      pgLookupP99Ms: round(pgLookup.p99),
      pgLookupRssMb: round(pgLookupRssMb, 0),
      fleetLookupP99Ms: round(fleetLookup.p99),
      mailLagP99S: round(mailLagP99, 1),
      dbMbPer100kMessages: round(sqliteSize.mbPer100kMessages, 0),
      pgDbMbPer100kMessages: round(pgSize.mbPer100kMessages, 0),
      dbMb: { sqlite: round(sqliteSize.mb, 0), sqliteWal: round(sqliteSize.walMb, 0), postgresql: round(pgSize.mb, 0) },
      mailBatchesInFlight: MAIL_BATCHES_IN_FLIGHT,
      lookupP99DuringIngestMs: round(busyLookup.p99, 1),
      ingestWithMailMsgsPerSec: round(busyIngestion.result.unitsPerSecond, 0),
      mailsSent,
      mailsPendingAtEnd: mailLag.pendingAtEnd,
      mailBacklogDrainS: round(mailBacklogDrainS, 0),
      pgAanvragen: pgRequests,
      pgData: 'copy of the SQLite rows (COPY), not seeded through the store',
      statusBytes: bodyBytes,
      ratio: round(ratio, 3),
      ingestMsgsPerSec: round(ingestMsgs, 0),
      lookup10kRps: round(lookup10k.perSecond, 0),
      bareP50Ms: round(bareBefore.p50),
      bareP99Ms: round(bareBefore.p99),
      lookupP50Ms: round(lookup.p50),
      lookupP99Ms: round(lookup.p99),
      lookup10kP50Ms: round(lookup10k.p50),
      lookup10kP99Ms: round(lookup10k.p99),
      widgetLoaderGzip: widgets.loader,
      widgetTotalGzip: widgets.total,
      formbricksJsGzip: widgets.formbricksLoader,
      pageServerP50Ms: round(pageP50),
      pageServerP99Ms: round(pageP99),
      pageRps: round(page.perSecond, 0),
      dashboardP50Ms: round(dashboard.p50),
      dashboardP99Ms: round(dashboard.p99),
      dashboardFirstMs: round(dashboard.firstMs, 0),
      dashboardBuildMs: round(dashboardBuildMs, 0),
      dashboardAanvragen: dashboard.aanvragen,
      dashboardRssMb: round(dashboard.rssMb, 0),
      ingestBatchP50Ms: round(ingest.p50),
      ingestBatchP99Ms: round(ingest.p99),
      ingestBatchSize: batchSize,
      ingestBatches: ingest.ok,
      ingestMessages: ingest.units,
      ingestAccepted: tally.accepted,
      ingestRejected: tally.rejected,
      requests: { bare: bareBefore.ok, lookup: lookup.ok, lookup10k: lookup10k.ok, ingestBatches: ingest.ok },
      notOk: Object.fromEntries(measurements.map((r) => [r.label, notOk(r)])),
      aanvragen: { big: big.requests, small: small.requests },
      serverCpu: {
        bare: round(bareBefore.serverCpu),
        lookup: round(lookup.serverCpu),
        lookup10k: round(lookup10k.serverCpu),
        ingest: round(ingest.serverCpu),
        pgLookup: round(pgLookup.serverCpu),
        pgIngest: round(pgIngestion.result.serverCpu),
        fleetLookup: round(fleetLookup.serverCpu),
        fleetIngest: round(fleetIngestion.result.serverCpu),
      },
      diskWait: {
        bare: round(bareBefore.iowait),
        lookup: round(lookup.iowait),
        lookup10k: round(lookup10k.iowait),
        ingest: round(ingest.iowait),
      },
      otherCpu: {
        bare: round(bareBefore.otherCpu),
        lookup: round(lookup.otherCpu),
        lookup10k: round(lookup10k.otherCpu),
        ingest: round(ingest.otherCpu),
        pgLookup: round(pgLookup.otherCpu),
        pgIngest: round(pgIngestion.result.otherCpu),
        fleetLookup: round(fleetLookup.otherCpu),
        fleetIngest: round(fleetIngestion.result.otherCpu),
      },
      loadAverage: { start: loadStart.map((n) => round(n)), end: loadEnd.map((n) => round(n)) },
      connections,
      ingestConnections,
      durationS: durationMs / 1000,
      warmupS: warmupMs / 1000,
      goals: {
        ratio: pass(ratio >= GOAL_RATIO),
        ingest: pass(ingestMsgs >= GOAL_INGEST),
        lookupVsBody: pass(lookupVsBody >= GOAL_LOOKUP_VS_BODY),
        lookup304VsHello: pass(lookup304VsHello >= GOAL_LOOKUP_304_VS_HELLO),
        lookupRssMb: pass(lookupRssMb <= GOAL_LOOKUP_RSS_MB),
        lookupReadyS: pass(apiReadyS <= GOAL_READY_S),
        pgLookupVsBody: pass(pgLookupVsBody >= GOAL_PG_LOOKUP_VS_BODY),
        pgIngest: pass(pgIngestMsgs >= GOAL_INGEST),
        dashboardFirstMs: pass(dashboard.firstMs <= GOAL_DASHBOARD_FIRST_MS),
        dashboardRssMb: pass(dashboard.rssMb <= GOAL_DASHBOARD_RSS_MB),
        mailLagP99S: pass(mailKeepsUp),
        dbMbPer100kMessages: pass(sqliteSize.mbPer100kMessages <= GOAL_DB_MB_PER_100K_MESSAGES),
        pgDbMbPer100kMessages: pass(pgSize.mbPer100kMessages <= GOAL_DB_MB_PER_100K_MESSAGES),
        lookupP99DuringIngestMs: pass(busyLookup.p99 <= GOAL_LOOKUP_P99_DURING_INGEST_MS),
        pageP99: pass(pageP99 <= GOAL_PAGE_P99_MS),
        dashboardP99: pass(dashboard.p99 <= GOAL_DASHBOARD_P99_MS),
        worklistP99: pass(worklist.withinGoal),
        portfolioP99: pass(portfolio.withinGoal),
      },
      trustworthy: problems.length === 0,
      cores: cpus().length,
      node: process.version,
    };
    log(`\nDone in ${fmt((performance.now() - wallStart) / 1000)} s.`);
    process.stdout.write(`${out.join('\n')}\n${JSON.stringify(json)}\n`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    if (nginx) await stopNginx(nginx);
    await Promise.all(started.map((s) => s.stop()));
    await pg?.cluster.remove();
    await resend?.close();
    await sms?.close();
    rmSync(nginxDir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  log(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  // The servers are stopped by now (main's finally); an 'exit' hook SIGKILLs anything left.
  process.exit(1);
}
