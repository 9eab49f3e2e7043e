/**
 * A fleet as an operator runs it: Debian's nginx with the repository's own configuration
 * (deploy/nginx/traject.conf, only its addresses replaced) in front of two server processes on
 * one PostgreSQL database, all over real HTTP:
 * - SIGKILL one process in the middle of a large ingestion spread over both, start it again, send
 *   everything again: every message applied once, each caused mail in the outbox once, sent once;
 * - a key revoked through one process is refused by the other within a second;
 * - sign-in tries spread over both processes trip one shared limit, and a forged X-Forwarded-For
 *   from an address that is not the proxy's is limited by that real address;
 * - the retention job runs once per period, not once per process.
 * Runs in Vitest's `postgresql` project only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRequest } from '../demo/generator.ts';
import { seedDirectory } from '../demo/seed.ts';
import type { Message } from '../domain/messages.ts';
import { SERVER_NODE_FLAGS } from './boot/node-flags.ts';
import { openPostgresStore } from './core/open-store.ts';
import { type FakeResend, startFakeResend } from './mail/fake-resend.ts';
import { type FakeSms, startFakeSms } from './mail/fake-sms.ts';
import { MAX_BATCH } from './routes/berichten.ts';
import type { Store } from './storage/store.ts';
import { startNginx, stopNginx } from './storage/testing/nginx.ts';
import { createTestDatabase, type TestDatabase } from './storage/testing/test-database.ts';
import { TEST_SECRET_KEY } from './storage/testing/test-store.ts';
import { staffCookie } from './testing.ts';

const ROOT = join(import.meta.dirname, '..');
const REQUESTS = 300;
const NOW = new Date('2026-11-20T12:00:00Z');
/** nginx connects to the processes from this address; the test's own requests come from 127.0.0.1. */
const PROXY_ADDRESS = '127.0.0.2';
const RETENTION_SECONDS = 2;

const dir = mkdtempSync(join(tmpdir(), 'traject-fleet-'));
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type LogLine = { msg: string; time?: string; [field: string]: unknown };
type Process = { child: ChildProcess; port: number; url: string; log: LogLine[] };

let database: TestDatabase;
let store: Store;
let resend: FakeResend;
let sms: FakeSms;
let keys: Map<string, string>;
let proxyUrl: string;
let nginx: ChildProcess | undefined;
const servers: Process[] = [];

function startProcess(port: number): Promise<Process> {
  const log: LogLine[] = [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(ROOT, 'api', 'main.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      SECRET_KEY: TEST_SECRET_KEY,
      TRUST_PROXY: PROXY_ADDRESS,
      SITE_DIR: join(dir, 'no-site'),
      LOG_LEVEL: 'info',
      DRAIN_SECONDS: '0',
      RESEND_API_KEY: 're_fleet',
      RESEND_BASE_URL: resend.url,
      SMS_API_URL: sms.url,
      SMS_API_KEY: 'sms_fleet',
      RETENTION_INTERVAL_SECONDS: String(RETENTION_SECONDS),
      RATE_LIMIT_WINDOW_SECONDS: '600',
      // Mails the killed process had claimed are sent by the other after this lease.
      OUTBOX_LEASE_SECONDS: '10',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = JSON.parse(line) as LogLine;
      log.push(entry);
      if (entry.msg === 'listening') resolve({ child, port, url: `http://127.0.0.1:${port}`, log });
    });
  });
}

/** POST /api/v1/berichten through the proxy, keeping the connection short as clients on the Internet do. */
async function send(key: string, messages: Message[]): Promise<number> {
  const res = await fetch(`${proxyUrl}/api/v1/berichten`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ berichten: messages }),
  });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  database = await createTestDatabase();
  store = await openPostgresStore(database.url);
  keys = await seedDirectory(store);
  resend = await startFakeResend();
  sms = await startFakeSms();
  const [a, b, listen] = [await freePort(), await freePort(), await freePort()];
  servers.push(...(await Promise.all([startProcess(a as number), startProcess(b as number)])));
  nginx = await startNginx({ dir, listen: listen as number, upstreams: [a as number, b as number], proxyBind: PROXY_ADDRESS });
  proxyUrl = `http://127.0.0.1:${listen}`;
}, 120_000);

afterAll(async () => {
  if (nginx) await stopNginx(nginx);
  // Every process ended before the test file ends, so none holds the worker open.
  await Promise.all(
    children
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'))),
  );
  await store?.close();
  await resend?.close();
  await sms?.close();
  await database?.drop();
});

describe('two server processes behind nginx on one PostgreSQL database', () => {
  it('loses and doubles nothing when one process is killed mid-ingestion: every message once, every mail once', {
    timeout: 240_000,
  }, async () => {
    const key = keys.get('traject') as string;
    const aanvragen = Array.from({ length: REQUESTS }, (_, i) => generateRequest(i, NOW).map((m) => m.message));
    const messages = aanvragen.flat();
    // Each aanvraag's messages in one batch: batches that run at once on two processes then never
    // depend on each other's order (a planning message before its aanvraag exists is refused).
    const batches: Message[][] = [];
    for (let i = 0; i < aanvragen.length; i += 10) batches.push(aanvragen.slice(i, i + 10).flat());
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(MAX_BATCH);
    const victim = servers[0] as Process;

    // Four clients at once; the victim dies when a third of the batches are in.
    let next = 0;
    let done = 0;
    const statuses: number[] = [];
    const client = async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Message[];
        statuses.push(await send(key, batch).catch(() => 0));
        if (++done === Math.floor(batches.length / 3)) victim.child.kill('SIGKILL');
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    // nginx sends what reached the dead process to the other one; a failure would show as 502.
    expect(statuses.filter((s) => s !== 201 && s !== 200)).toEqual([]);

    servers[0] = await startProcess(victim.port);
    // Everything again, as a client that is not sure what arrived would: all already applied.
    for (const batch of batches) expect(await send(key, batch)).toBe(200);

    const totals = await store.counts();
    expect(totals).toMatchObject({ requests: REQUESTS, messages: messages.length });
    // Every mail sent, each once: the fake provider saw each place in each batch (its key) once.
    const outbox = await until('the outbox is empty', 120_000, async () => {
      const counts = await store.outbox.counts();
      return counts.pending === 0 ? counts : undefined;
    });
    expect(outbox.failed).toBe(0);
    const mailKeys = resend.mails.map((m) => `${m.idempotencyKey}#${m.batchIndex}`);
    expect(new Set(mailKeys).size).toBe(mailKeys.length);
    expect(resend.mails.length + sms.messages.length).toBe(outbox.sent);
  });

  it('refuses a key revoked through one process on the other within a second', async () => {
    const admin = await staffCookie(store, { organisation: 'netbeheer-zuid', role: 'admin' });
    const key = keys.get('netbeheer-zuid') as string;
    const [one, two] = servers as [Process, Process];
    const lookUp = async (server: Process) =>
      (await fetch(`${server.url}/api/v1/organisaties`, { headers: { authorization: `Bearer ${key}` } })).status;
    expect(await lookUp(one)).toBe(200);
    expect(await lookUp(two)).toBe(200);
    const [listed] = await store.staff.apiKeys('netbeheer-zuid');
    const revoked = await fetch(`${one.url}/beheer/organisatie/sleutels/${listed?.id}/intrekken`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin.cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(revoked.headers.get('location')).toBe('/beheer/organisatie?gelukt=ingetrokken');
    const started = performance.now();
    await until('the other process refuses the key', 1000, async () => ((await lookUp(two)) === 401 ? true : undefined));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts sign-in tries over both processes in one limit; a forged X-Forwarded-For is limited by the real address', async () => {
    const ask = (base: string, forwardedFor?: string) =>
      fetch(`${base}/beheer/inloggen`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          ...(forwardedFor && { 'x-forwarded-for': forwardedFor }),
        },
        body: new URLSearchParams({ email: 'iemand@netbeheer-zuid.example' }),
      }).then((res) => res.status);
    // Through nginx, which spreads them over both processes: five per source and account.
    const viaProxy: number[] = [];
    for (let i = 0; i < 7; i++) viaProxy.push(await ask(proxyUrl));
    expect(viaProxy).toEqual([303, 303, 303, 303, 303, 429, 429]);
    // Straight at a process, not from the proxy: the header is not believed, the socket counts.
    const [one, two] = servers as [Process, Process];
    const forged: number[] = [];
    for (let i = 0; i < 6; i++) forged.push(await ask((i % 2 ? one : two).url, `198.51.100.${i}`));
    // 127.0.0.1 is the address nginx's clients came from too, so its budget for this account is spent.
    expect(forged).toEqual([429, 429, 429, 429, 429, 429]);
  });

  it('runs the retention job once per period, not once per process', { timeout: 30_000 }, async () => {
    const runs = () =>
      servers
        .flatMap((s) => s.log)
        .filter((line) => line.msg === 'retention')
        // When the run started (it claimed its period then): its line comes at its end, `ms` later.
        .map((line) => Date.parse(line.time as string) - Number(line.ms))
        .sort((x, y) => x - y);
    const before = runs().length;
    await until('three more periods', 20_000, () => (runs().length >= before + 3 ? true : undefined));
    // Both processes have a timer every period; each period's run happened on one of them. A run
    // by both would start twice within moments; under load a late timer can bring two single
    // runs somewhat closer than a period, never within half of one.
    const times = runs();
    for (let i = 1; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(RETENTION_SECONDS * 1000 * 0.5);
    }
  });
});
