/**
 * A full disk: SQLite made to refuse growth (PRAGMA max_page_count) on a real file, through the
 * real ingestion. The API answers 503 with Retry-After and a plain message instead of a 500 with
 * SQLite's words, writes nothing, and takes the same batch once there is room, without a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { expect, it, vi } from 'vitest';
import { generateRequest } from '../../demo/generator.ts';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import { createApp } from '../app.ts';
import { secretBox } from '../auth/secret-box.ts';
import { openSqliteStore } from '../core/open-store.ts';
import { createLogger, type LogLine } from './logger.ts';
import { onError } from './problem.ts';

const NOW = new Date('2026-11-20T12:00:00Z');

it('answers 503 with Retry-After when the disk is full, writes nothing, and takes the batch once there is room', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'traject-full-')), 'full.sqlite');
  // The store's own connection: the first one that sets a pragma while it opens.
  const pragma = vi.spyOn(Database.prototype, 'pragma');
  const store = openSqliteStore(file, { content: loadContent(join(import.meta.dirname, '..', '..', 'content')) });
  const sqlite = pragma.mock.contexts[0] as Database.Database;
  pragma.mockRestore();
  const key = (await seedDirectory(store)).get('traject') as string;
  const lines: LogLine[] = [];
  const log = createLogger('info', (t) => lines.push(JSON.parse(t)));
  const app = createApp({ store, log, maxBodyBytes: 2 * 1024 * 1024, box: secretBox(new Uint8Array(32)) });
  const berichten = Array.from({ length: 25 }, (_, i) => generateRequest(i, NOW).map((m) => m.message)).flat();
  const send = () =>
    app.request('/api/v1/berichten', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ berichten }),
    });

  // Not one page more than the file has now.
  sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true })}`);
  const full = await send();
  expect(full.status).toBe(503);
  expect(full.headers.get('retry-after')).toBe('60');
  expect(full.headers.get('content-type')).toContain('application/problem+json');
  const body = await full.json();
  expect(body).toEqual({ type: 'about:blank', status: 503, title: expect.stringContaining('Er is niets opgeslagen') });
  expect(body.title).toContain('Nothing was saved');
  expect(JSON.stringify(body)).not.toMatch(/sqlite|disk/i);
  expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'storage full', path: '/api/v1/berichten' }));
  expect(await store.counts()).toMatchObject({ requests: 0, messages: 0 });

  // Room again: the same batch, the same process.
  sqlite.pragma('max_page_count = 4294967294');
  const again = await send();
  expect(again.status).toBe(201);
  expect(await store.counts()).toMatchObject({ requests: 25, messages: berichten.length });
  const number = berichten[0]?.requestNumber as string;
  const status = await app.request(`/api/v1/aanvragen/${number}`, { headers: { authorization: `Bearer ${key}` } });
  expect(status.status).toBe(200);
  await store.close();
});

it('answers PostgreSQL’s disk_full (53100) the same way, also when a driver wraps it', async () => {
  const app = new Hono();
  const diskFull = Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), {
    code: '53100',
  });
  app.get('/plain', () => {
    throw diskFull;
  });
  app.get('/wrapped', () => {
    throw new Error('Failed query: insert into "messages" …', { cause: diskFull });
  });
  app.onError(onError(createLogger('silent')));
  for (const path of ['/plain', '/wrapped']) {
    const res = await app.request(path);
    expect(res.status, path).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
  }
});
