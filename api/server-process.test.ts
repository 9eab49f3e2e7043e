/**
 * The server as a process. Nothing accepted is ever lost, nothing is applied twice: SIGKILL the real server in the middle of
 * a large ingestion, start it again on the same database, send everything again, and compare every
 * aanvraag with a reference database that received each message once, in order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { generateRequest } from '../demo/generator.ts';
import { seedDirectory } from '../demo/seed.ts';
import type { Message } from '../domain/messages.ts';
import { openSqliteStore } from './data/sqlite-store.ts';
import { MAX_BATCH } from './routes/berichten.ts';

const REQUESTS = 1200;
const NOW = new Date('2026-11-20T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'traject-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `node api/server.ts` on a free port and resolves with its URL once it listens. */
function startServer(databaseFile: string): Promise<{ child: ChildProcess; url: string; log: string[] }> {
  const log: string[] = [];
  const child = spawn(process.execPath, [join(import.meta.dirname, 'server.ts')], {
    env: { ...process.env, PORT: '0', DATABASE_FILE: databaseFile, SITE_DIR: join(dir, 'no-site'), LOG_LEVEL: 'info' },
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

function post(url: string, key: string, berichten: Message[]) {
  return fetch(`${url}/api/v1/berichten`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ berichten }),
  });
}

it('survives SIGKILL mid-ingestion: every message applied exactly once, nothing lost', { timeout: 180_000 }, async () => {
  const databaseFile = join(dir, 'crash.sqlite');
  const setup = openSqliteStore(databaseFile);
  const key = (await seedDirectory(setup)).get('traject') as string;
  await setup.close();

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
  const databaseFile = join(dir, 'graceful.sqlite');
  const setup = openSqliteStore(databaseFile);
  const key = (await seedDirectory(setup)).get('traject') as string;
  await setup.close();
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
    setTimeout(() => req.end(body.slice(body.length / 2)), 400);
  });
  const res = await response;
  expect(res.status).toBe(201);
  expect(await exitCode).toBe(0);
  expect(log.filter((line) => /^(SIGTERM|request|stopped)/.test(line))).toEqual([
    'SIGTERM: finishing requests in flight, then stopping',
    'request /api/v1/berichten',
    'stopped',
  ]);
  const after = openSqliteStore(databaseFile);
  expect((await after.counts()).requests).toBe(1);
  await after.close();
});
