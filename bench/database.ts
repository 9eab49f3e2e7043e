/**
 * The benchmark databases: built once through the real ingestion path (demo/seed.ts) and reused
 * while they hold enough aanvragen. Each run adds a fresh API key for the platform organisation
 * `traject` (keys are stored hashed, so an old one cannot be read back).
 */
import { closeSync, existsSync, fsyncSync, openSync, readSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../api/core/open-store.ts';
import { generateApiKey } from '../api/http/api-key.ts';
import { progressBar } from '../demo/progress.ts';
import { seedDirectory, seedRequests } from '../demo/seed.ts';
import { loadContent } from '../domain/content.ts';

export const PLATFORM = 'traject';

export type BenchDatabase = {
  file: string;
  /** A key of `traject`, the platform, which may read every aanvraag and send any message. */
  key: string;
  /** Every aanvraagnummer in the database. */
  numbers: string[];
  requests: number;
  messages: number;
  /** The first generator index not yet used by any aanvraag in the database. */
  nextIndex: number;
  /** Whether this run seeded aanvragen, and how long that took. */
  seededSeconds: number | undefined;
};

/** Larger than any benchmark database (SQLite's LIMIT takes a 64-bit integer). */
const ALL = 1_000_000_000;
const NUMBER = /^MA-2026-(\d{7})$/;

export async function prepareDatabase(file: string, minimum: number, log: (line: string) => void): Promise<BenchDatabase> {
  let fresh = !existsSync(file);
  let store: ReturnType<typeof openSqliteStore>;
  try {
    store = openSqliteStore(file, { content: loadContent() });
  } catch (error) {
    if (fresh) throw error;
    // A cache, nothing more: built with a schema whose migrations have since been rewritten.
    log(`${file} cannot be migrated to the current schema (${(error as Error).message.split('\n')[0]}); rebuilding it`);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) rmSync(path, { force: true });
    fresh = true;
    store = openSqliteStore(file, { content: loadContent() });
  }
  let flushPending = false;
  try {
    if ((await store.counts()).organisations === 0) await seedDirectory(store);
    let numbers = await store.sampleRequestNumbers(ALL);
    let seededSeconds: number | undefined;
    if (numbers.length < minimum) {
      const count = minimum - numbers.length;
      const from = nextIndexAfter(numbers);
      log(
        `${fresh ? 'Building' : 'Topping up'} ${file}: ${count.toLocaleString('en-US')} aanvragen through the ingestion path` +
          ` (once; reused by later runs)`,
      );
      const started = performance.now();
      await seedRequests(store, { count, from, onProgress: progressBar('  aanvragen', count) });
      seededSeconds = (performance.now() - started) / 1000;
      numbers = await store.sampleRequestNumbers(ALL);
      flushPending = true;
    }
    // The status each look-up serves is stored with the aanvraag; fill it where it is missing or stale.
    let bar: ((done: number) => void) | undefined;
    const refreshed = await store.refreshStatuses((done, total) => {
      bar ??= progressBar('  stored statuses', total);
      bar(done);
    });
    if (refreshed > 0) {
      log(`  stored the status of ${refreshed.toLocaleString('en-US')} aanvragen`);
      flushPending = true;
    }
    const { key, prefix, hash } = generateApiKey();
    await store.addApiKey(PLATFORM, hash, prefix, 'bench');
    const counts = await store.counts();
    return {
      file,
      key,
      numbers,
      requests: counts.requests,
      messages: counts.messages,
      nextIndex: nextIndexAfter(numbers),
      seededSeconds,
    };
  } finally {
    await store.close();
    if (flushPending) flushToDisk(file, log);
  }
}

/**
 * Waits until a freshly written file is on disk. Otherwise the kernel writes the gigabyte or so
 * back while the first measurements run, and they measure that instead of the server.
 */
function flushToDisk(file: string, log: (line: string) => void): void {
  const started = performance.now();
  for (const path of [file, `${file}-wal`]) {
    if (!existsSync(path)) continue;
    const fd = openSync(path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  log(`  written to disk in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Generator index after the highest aanvraagnummer present (numbers are index + 1). */
function nextIndexAfter(numbers: string[]): number {
  let max = 0;
  for (const n of numbers) {
    const m = NUMBER.exec(n);
    if (m?.[1]) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/**
 * Reads what the look-ups read (every aanvraag's folded state, the index on its number) just
 * before a measurement, so it starts from the OS page cache, as on a server that has been
 * running for a while. Without this, a machine that has dropped the file from its cache (this
 * VM does so for page-cache pages unused for about a minute) measures its disk, not the server.
 * Falls back to reading the whole file when the schema is not what it expects.
 */
export function warmPageCache(file: string): { mb: number; seconds: number; how: string } {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('select count(*) as n, total(length(state)) as bytes from requests').get() as {
        n: number;
        bytes: number;
      };
      db.prepare("select count(*) from requests where number >= ''").get();
      return { mb: row.bytes / 1024 / 1024, seconds: seconds(), how: `${row.n.toLocaleString('en-US')} aanvragen read` };
    } finally {
      db.close();
    }
  } catch {
    // Not the schema this expects: read the whole file instead.
  }
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let bytes = 0;
  for (const path of [file, `${file}-wal`]) {
    if (!existsSync(path)) continue;
    const fd = openSync(path, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        bytes += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  return { mb: bytes / 1024 / 1024, seconds: seconds(), how: 'whole file read' };
}

/** The average size of the kept statuses, in bytes (8,000 when none is kept yet): the body the look-up answers. */
export function typicalStatusBytes(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('select avg(length(json)) as bytes from (select json from request_statuses limit 2000)').get() as
      | { bytes: number | null }
      | undefined;
    return Math.round(row?.bytes ?? 8000);
  } finally {
    db.close();
  }
}
