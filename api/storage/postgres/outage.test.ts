/**
 * PostgreSQL goes down under a running server and comes back: while it is down /readyz and the
 * API answer 503 with Retry-After and a message in Dutch and English, nothing is half-written,
 * and the server serves again by itself once the database is back — no restart.
 * Uses a PostgreSQL server of its own, since it stops it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../../demo/seed.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../http/logger.ts';
import { type RunningServer, startServer } from '../../server.ts';
import { submission } from '../../testing.ts';
import { type PostgresCluster, startPostgresCluster } from '../testing/postgres-cluster.ts';
import { TEST_SECRET_KEY } from '../testing/test-store.ts';

let cluster: PostgresCluster;
let server: RunningServer;
let keys: Map<string, string>;

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ready = async () => (await fetch(`${server.url}/readyz`)).status;
const send = (key: string, number: string) =>
  fetch(`${server.url}/api/v1/berichten`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ berichten: [submission(number)] }),
  });

beforeAll(async () => {
  cluster = await startPostgresCluster();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: cluster.url,
    SECRET_KEY: TEST_SECRET_KEY,
    SITE_DIR: '/nonexistent',
    RESEND_API_KEY: 're_outage',
    RESEND_BASE_URL: 'http://127.0.0.1:9',
  });
  server = await startServer(config, createLogger('silent'));
  keys = await seedDirectory(server.store);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await cluster?.remove();
});

describe('a PostgreSQL outage', () => {
  it('answers 503 while the database is down, writes nothing half, and serves again by itself', { timeout: 90_000 }, async () => {
    const key = keys.get('netbeheer-zuid') as string;
    expect(await ready()).toBe(200);
    expect((await send(key, 'MA-2026-OUT001')).status).toBe(201);

    await cluster.stop();
    await until('/readyz turns 503', 10_000, async () => (await ready()) === 503);
    const refused = await send(key, 'MA-2026-OUT002');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const problem = await refused.json();
    expect(problem.title).toContain('De database is even niet bereikbaar');
    expect(problem.title).toContain('The database cannot be reached');
    // A key never seen before cannot be checked either: 503, not 401.
    const unknownKey = await fetch(`${server.url}/api/v1/aanvragen/MA-2026-OUT001`, {
      headers: { authorization: `Bearer ${keys.get('combi-peelland')}` },
    });
    expect(unknownKey.status).toBe(503);

    await cluster.start();
    await until('/readyz turns 200 again', 30_000, async () => (await ready()) === 200);
    // What was refused was not written: sending it again applies it now, once.
    expect((await send(key, 'MA-2026-OUT002')).status).toBe(201);
    expect((await send(key, 'MA-2026-OUT002')).status).toBe(200);
    expect((await server.store.counts()).requests).toBe(2);
  });
});
