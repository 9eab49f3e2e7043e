import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { generateRequest } from '../../../demo/generator.ts';
import { seedDirectory } from '../../../demo/seed.ts';
import { openSqliteStore } from '../../core/open-store.ts';
import { boundWal, SQLITE_DEFAULT_WAL_BYTES, startCheckpointer } from './checkpointer.ts';

it('checkpoints on its worker thread, not in the commits of the connection that writes', { timeout: 20_000 }, async () => {
  // One commit on a connection set up as the store sets up its own (boundWal). Through the store a
  // batch is several commits with turns of the event loop between them (decision 0048), and the
  // worker may rightly checkpoint between those.
  const file = join(mkdtempSync(join(tmpdir(), 'traject-checkpoint-')), 'db.sqlite');
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  boundWal(sqlite);
  sqlite.exec('create table pages (bytes blob)');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const worker = startCheckpointer(file, { onExit: () => {}, intervalMs: 250 });
  const before = statSync(file).size;
  const insert = sqlite.prepare('insert into pages values (randomblob(4000))');
  sqlite.transaction(() => {
    for (let i = 0; i < 1300; i++) insert.run();
  })();
  // 1,300 pages in one commit: SQLite's default would have checkpointed them into the file in it.
  expect(statSync(`${file}-wal`).size).toBeGreaterThan(SQLITE_DEFAULT_WAL_BYTES);
  expect(statSync(file).size).toBe(before);
  // The worker writes the pages into the file in page order, so the file grows in steps: wait for all of them.
  const deadline = Date.now() + 5000;
  while (statSync(file).size <= before + 4_000_000 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(statSync(file).size).toBeGreaterThan(before + 4_000_000);
  await worker.stop();
  sqlite.close();
});

it('keeps the WAL on disk near its bound under non-stop ingestion', { timeout: 60_000 }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'traject-checkpoint-')), 'db.sqlite');
  const limit = 4 * 1024 * 1024;
  // A sixteenth of the server's bound, checkpointed about as often for its size as the server's.
  const store = openSqliteStore(file, { checkpointInBackground: {}, walLimitBytes: limit, checkpointIntervalMs: 10 });
  await seedDirectory(store);
  const platform = store.organisation('traject');
  if (!platform) throw new Error('platform missing');
  const now = new Date('2026-11-20T12:00:00Z');
  const sizes: number[] = [];
  const start = statSync(file).size;
  // Commit after commit, as under full-rate ingestion: the worker's checkpoints never catch up.
  for (let b = 0; b < 20; b++) {
    const batch = Array.from({ length: 60 }, (_, i) => generateRequest(b * 60 + i, now)).flat();
    await store.ingest(
      batch.map((g) => ({ sender: platform, message: g.message })),
      { notify: false },
    );
    sizes.push(statSync(`${file}-wal`).size);
  }
  await store.close();
  // Far more went through the WAL than the bound (it is in the database file now), yet the WAL
  // file stayed near the bound: ingestion had it start over there (Checkpointer.beforeWrite). The
  // commits' own checkpoint, a safety net at SAFETY_FACTOR times the bound, would let it reach that.
  expect(statSync(file).size - start).toBeGreaterThan(3 * limit);
  expect(Math.max(...sizes)).toBeLessThan(2 * limit);
});

it('tells when its worker fails, so the store can checkpoint in its commits again', async () => {
  const missing = join(mkdtempSync(join(tmpdir(), 'traject-checkpoint-')), 'no-such-folder', 'db.sqlite');
  const error = await new Promise<Error | undefined>((resolve) => startCheckpointer(missing, { onExit: resolve }));
  expect(error?.message).toMatch(/directory does not exist/);
});
