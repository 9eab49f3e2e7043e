/**
 * The server as a process. Nothing accepted is ever lost, nothing is applied twice: SIGKILL the real server in the middle of
 * a large ingestion, start it again on the same database, send everything again, and compare every
 * aanvraag with a reference database that received each message once, in order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { generateRequest } from '../demo/generator.ts';
import { seedDirectory } from '../demo/seed.ts';
import type { Message } from '../domain/messages.ts';
import { openSqliteStore } from './core/open-store.ts';
import { MAX_BATCH } from './routes/berichten.ts';

const REQUESTS = 1200;
const NOW = new Date('2026-11-20T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'traject-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `node api/main.ts` on a free port and resolves with its URL once it listens. */
function startServer(
  databaseFile: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; log: string[] }> {
  const log: string[] = [];
  const child = spawn(process.execPath, [join(import.meta.dirname, 'main.ts')], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_FILE: databaseFile,
      SITE_DIR: join(dir, 'no-site'),
      LOG_LEVEL: 'info',
      DRAIN_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg: string; url?: string; path?: string };
      log.push(entry.msg === 'request' ? `request ${entry.path}` : entry.msg);
      if (entry.msg === 'listening' && entry.url) resolve({ child, url: entry.url, log });
    });
  });
}

/** A database file with the demo organisations, and the platform's API key. */
async function seededDatabase(name: string): Promise<{ databaseFile: string; key: string }> {
  const databaseFile = join(dir, name);
  const setup = openSqliteStore(databaseFile);
  const key = (await seedDirectory(setup)).get('traject') as string;
  await setup.close();
  return { databaseFile, key };
}

function post(url: string, key: string, berichten: Message[]) {
  return fetch(`${url}/api/v1/berichten`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ berichten }),
  });
}

it('survives SIGKILL mid-ingestion: every message applied exactly once, nothing lost', { timeout: 180_000 }, async () => {
  const { databaseFile, key } = await seededDatabase('crash.sqlite');

  const messages = Array.from({ length: REQUESTS }, (_, i) => generateRequest(i, NOW).map((m) => m.message)).flat();
  const batches: Message[][] = [];
  for (let i = 0; i < messages.length; i += MAX_BATCH) batches.push(messages.slice(i, i + MAX_BATCH));
  expect(messages.length).toBeGreaterThan(10_000);

  // First run: send batches until ~40% are acknowledged, then kill the server while a batch is in flight.
  const first = await startServer(databaseFile);
  const killAfter = Math.floor(batches.length * 0.4);
  let acknowledged = 0;
  for (const batch of batches.slice(0, killAfter)) {
    const res = await post(first.url, key, batch);
    expect(res.status).toBe(201);
    acknowledged += batch.length;
  }
  const exited = new Promise((resolve) => first.child.once('exit', resolve));
  const inFlight = post(first.url, key, batches[killAfter] as Message[]).catch((error: Error) => error);
  setTimeout(() => first.child.kill('SIGKILL'), 15);
  const [, interrupted] = await Promise.all([exited, inFlight]);
  expect(interrupted, 'the batch in flight must have been cut off by the kill').toBeInstanceOf(Error);

  // Second run on the same file: send everything again, in order. Nothing may be refused.
  const second = await startServer(databaseFile);
  let accepted = 0;
  let duplicates = 0;
  for (const batch of batches) {
    const res = await post(second.url, key, batch);
    expect([200, 201]).toContain(res.status);
    const body = (await res.json()) as { accepted: number; duplicates: number; rejected: number };
    expect(body.rejected).toBe(0);
    accepted += body.accepted;
    duplicates += body.duplicates;
  }
  second.child.kill('SIGTERM');
  await new Promise((resolve) => second.child.once('exit', resolve));

  // Everything acknowledged before the crash was kept; everything else was applied now; once each.
  expect(duplicates).toBeGreaterThanOrEqual(acknowledged);
  expect(accepted + duplicates).toBe(messages.length);

  const reference = openSqliteStore(join(dir, 'reference.sqlite'));
  await seedDirectory(reference);
  const platform = reference.organisation('traject');
  if (!platform) throw new Error('platform organisation missing');
  for (const batch of batches) await reference.ingest(batch.map((message) => ({ sender: platform, message })));
  const crashed = openSqliteStore(databaseFile);
  expect(await crashed.counts()).toMatchObject({ requests: REQUESTS, messages: messages.length });
  for (const number of await reference.sampleRequestNumbers(REQUESTS)) {
    expect(await crashed.requestState(number), number).toEqual(await reference.requestState(number));
  }
  await crashed.close();
  await reference.close();
});

it('stops gracefully on SIGTERM: a request in flight is finished and answered, then the process exits 0', {
  timeout: 60_000,
}, async () => {
  const { databaseFile, key } = await seededDatabase('graceful.sqlite');
  const body = JSON.stringify({ berichten: generateRequest(0, NOW).map((m) => m.message) });

  const { child, url, log } = await startServer(databaseFile);
  const exitCode = new Promise((resolve) => child.once('exit', resolve));
  // A slow client: half the body, then SIGTERM, then the rest a moment later.
  const { port } = new URL(url);
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/berichten',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, body.length / 2));
    setTimeout(() => child.kill('SIGTERM'), 100);
    // The rest once the server says it drains, however long a busy machine takes to get there.
    const deadline = performance.now() + 20_000;
    const rest = () => {
      if (log.includes('draining') || performance.now() > deadline) req.end(body.slice(body.length / 2));
      else setTimeout(rest, 10);
    };
    rest();
  });
  const res = await response;
  expect(res.status).toBe(201);
  expect(await exitCode).toBe(0);
  expect(log.filter((line) => /^(SIGTERM|draining|request|stopped)/.test(line))).toEqual([
    'SIGTERM: draining (/readyz answers 503), then finishing requests in flight and stopping',
    'draining',
    'request /api/v1/berichten',
    'stopped',
  ]);
  const after = openSqliteStore(databaseFile);
  expect((await after.counts()).requests).toBe(1);
  await after.close();
});

/** One request over a keep-alive agent, as a proxy would send it; what came back, or how it failed. */
type Outcome = { client: string; sentAt: number; at: number; status?: number; connection?: string; error?: string };

function send(
  agent: Agent,
  url: string,
  client: string,
  {
    method = 'GET',
    path,
    headers = {},
    body,
  }: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Outcome> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { agent, method, headers, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ client, sentAt, at: performance.now(), status: res.statusCode, connection: res.headers.connection }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ client, sentAt, at: performance.now(), error: error.code ?? error.message }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ client, sentAt, at: performance.now(), error: error.code ?? error.message }),
    );
    req.end(body);
  });
}

it('drains on SIGTERM under load: /readyz answers 503 at once, requests are served with Connection: close until the proxy has stopped sending, and none is reset or answered 5xx', {
  timeout: 90_000,
}, async () => {
  const { databaseFile, key } = await seededDatabase('drain.sqlite');
  const { child, url } = await startServer(databaseFile, { DRAIN_SECONDS: '2' });
  const exitCode = new Promise((resolve) => child.once('exit', resolve));
  const auth = { authorization: `Bearer ${key}` };
  const requests = Array.from({ length: 400 }, (_, i) => generateRequest(i, NOW).map((m) => m.message));
  const numbers = requests.slice(0, 20).map((messages) => messages[0]?.requestNumber as string);
  for (const berichten of requests.slice(0, 20)) expect((await post(url, key, berichten)).status).toBe(201);

  // A proxy in front: clients on keep-alive connections (look-ups through the fast lane and through the Hono
  // route, batches) and a readiness probe. Once the probe has seen 503, the proxy takes a second to stop
  // sending (less than the drain); the probe goes on until the listener is closed: refused, or reset when its
  // connection was still in the kernel's queue as the listener closed (decision 0022), as a real probe may meet.
  const outcomes: Outcome[] = [];
  const deadline = performance.now() + 30_000;
  let proxyStopsAt = Infinity;
  const client = async (name: string, until: () => boolean, next: (i: number) => Parameters<typeof send>[3]) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; performance.now() < deadline && !until(); i++) {
      const outcome = await send(agent, url, name, next(i));
      outcomes.push(outcome);
      if (name === 'readyz' && outcome.status === 503) proxyStopsAt = Math.min(proxyStopsAt, performance.now() + 1000);
      if (outcome.error === 'ECONNREFUSED' || (name === 'readyz' && outcome.error === 'ECONNRESET')) break;
    }
    agent.destroy();
  };
  const proxyStopped = () => performance.now() >= proxyStopsAt;
  const lookUp = (i: number) => ({ path: `/api/v1/aanvragen/${numbers[i % numbers.length]}`, headers: auth });
  const clients = Promise.all([
    client('lane', proxyStopped, lookUp),
    client('lane', proxyStopped, (i) => lookUp(i + 7)),
    client('route', proxyStopped, (i) => ({ path: `${lookUp(i).path}?via=route`, headers: auth })),
    client('batch', proxyStopped, (i) => ({
      method: 'POST',
      path: '/api/v1/berichten',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ berichten: requests[20 + (i % 380)] }),
    })),
    client(
      'readyz',
      () => false,
      () => ({ path: '/readyz' }),
    ),
  ]);
  while (outcomes.filter((o) => o.status === 200).length < 300) await new Promise((resolve) => setTimeout(resolve, 20));
  const sigtermAt = performance.now();
  child.kill('SIGTERM');
  await clients;
  expect(await exitCode).toBe(0);

  const after = outcomes.filter((o) => o.sentAt >= sigtermAt);
  const probeEnd = outcomes.filter((o) => o.client === 'readyz').at(-1);
  expect(outcomes.filter((o) => o.error && o !== probeEnd)).toEqual([]);
  expect(outcomes.filter((o) => o.client !== 'readyz' && (o.status ?? 0) >= 500)).toEqual([]);
  // The probe sees 503 at once; the others are still served, each answer closing its connection.
  const notReady = after.find((o) => o.client === 'readyz' && o.status === 503);
  expect(notReady, '/readyz never answered 503').toBeDefined();
  expect((notReady?.at ?? Infinity) - sigtermAt).toBeLessThan(500);
  const whileDraining = after.filter((o) => o.client !== 'readyz' && o.sentAt > (notReady?.at ?? 0) && o.status);
  expect(new Set(whileDraining.map((o) => o.client))).toEqual(new Set(['lane', 'route', 'batch']));
  expect(whileDraining.filter((o) => o.connection !== 'close')).toEqual([]);
  // The listener closed after the drain period, not before: only the probe met it, with its last try.
  expect(['ECONNREFUSED', 'ECONNRESET']).toContain(probeEnd?.error);
  expect((probeEnd?.sentAt ?? 0) - sigtermAt).toBeGreaterThan(1800);
});

it('refuses to start on a database that a newer version of Traject migrated: a clear message, exit code 1', {
  timeout: 60_000,
}, async () => {
  const databaseFile = join(dir, 'newer.sqlite');
  await openSqliteStore(databaseFile).close();
  // A migration from a later release, which this code's migrations folder does not have.
  const db = new Database(databaseFile);
  db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('f'.repeat(64), Date.parse('2030-01-01'));
  db.close();

  const child = spawn(process.execPath, [join(import.meta.dirname, 'main.ts')], {
    env: { ...process.env, PORT: '0', DATABASE_FILE: databaseFile, SITE_DIR: join(dir, 'no-site') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const ended = new Promise<number | string>((resolve) => {
    child.once('exit', (code) => resolve(code ?? 'signal'));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk) => {
        output += chunk;
        if (output.includes('"listening"')) resolve('listening');
      });
    }
  });
  expect(await ended, output).toBe(1);
  expect(output).toContain('migrated by a newer version of Traject');
  expect(output).toContain('2030-01-01');
});
