/**
 * WAL checkpoints on a thread of their own. By default SQLite checkpoints inside the commit that
 * pushes the WAL past 1,000 pages: on the event loop, with an fsync, in the middle of ingestion.
 * Here a worker with its own connection runs a PASSIVE checkpoint every INTERVAL_MS, which neither
 * blocks writers nor waits for readers. Measured on ingestion (bench, 2 cores): about 6,300
 * messages/s against about 5,000 with checkpoints in the commits (decision 0016).
 * Should the worker fail, `onExit` hears why, so the store can checkpoint in its commits again.
 *
 * The WAL starts over when a write begins with every frame copied, which under non-stop ingestion
 * a worker that copies on its own time seldom sees (a commit lands while it copies). Before, the
 * server's connection then checkpointed in a commit once the WAL passed WAL_LIMIT_BYTES: an fsync
 * of the database file on the event loop, 110–170 ms, once a second at full rate, which every
 * look-up waited for. Now ingestion asks first (`beforeWrite`): past the bound, it waits (without
 * holding the event loop) for the worker to copy every frame, and its commit then starts the WAL
 * over. A checkpoint in a commit is left as a safety net at SAFETY_FACTOR times the bound, for
 * writers that do not ask (decision 0053).
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Often enough that a catch-up finds little left to copy, and the WAL's size is known. */
const INTERVAL_MS = 100;

/** SQLite's own default: a commit checkpoints past 1,000 pages (of 4 KB). */
export const SQLITE_DEFAULT_WAL_BYTES = 1000 * 4096;

/** With the worker: how large the WAL may grow before ingestion has it start over. */
export const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

/** With the worker: a commit checkpoints itself only past this many times the bound (a writer that does not ask). */
export const SAFETY_FACTOR = 4;

/**
 * Keeps the WAL file about `limitBytes` on disk: a WAL that starts over is cut back to it instead of
 * keeping its largest size, and a commit that leaves more than `checkpointAtBytes` in it
 * checkpoints (with the worker running, only what it has not copied yet).
 */
export function boundWal(sqlite: Database.Database, limitBytes = WAL_LIMIT_BYTES, checkpointAtBytes = limitBytes): void {
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(checkpointAtBytes / pageSize))}`);
  sqlite.pragma(`journal_size_limit = ${limitBytes}`);
}

// A failing checkpoint (other than SQLITE_BUSY, which PASSIVE does not raise) ends the worker.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const pageSize = db.pragma('page_size', { simple: true });
// Each checkpoint tells how large the WAL is, and whether it was asked for.
const checkpoint = (asked) => {
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ walBytes: log * pageSize, asked });
};
const timer = setInterval(checkpoint, workerData.intervalMs, false);
parentPort.on('message', (message) => {
  if (message === 'catch-up') return checkpoint(true);
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export type Checkpointer = {
  /**
   * Resolves at once while the WAL holds less than the bound; past it, once the worker has copied
   * every frame, so that a commit made right then starts the WAL over. Call it before a write.
   */
  beforeWrite: () => Promise<void>;
  stop: () => Promise<void>;
};

export function startCheckpointer(
  file: string,
  {
    onExit,
    intervalMs = INTERVAL_MS,
    limitBytes = WAL_LIMIT_BYTES,
  }: { onExit: (error: Error | undefined) => void; intervalMs?: number; limitBytes?: number },
): Checkpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, intervalMs, driver: fileURLToPath(import.meta.resolve('better-sqlite3')) },
  });
  worker.unref();
  let failure: Error | undefined;
  let stopping = false;
  let exitedYet = false;
  /** What the WAL held at the last checkpoint. */
  let walBytes = 0;
  /** The catch-up asked for and not answered yet: whoever comes meanwhile waits for the same one. */
  let caughtUp: { promise: Promise<void>; resolve: () => void } | undefined;
  const answer = () => {
    caughtUp?.resolve();
    caughtUp = undefined;
  };
  worker.on('message', (report: { walBytes: number; asked: boolean }) => {
    walBytes = report.walBytes;
    if (report.asked) answer();
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('error', (error) => {
      failure = error;
    });
    worker.once('exit', () => {
      exitedYet = true;
      answer();
      if (!stopping) onExit(failure ?? new Error('the checkpoint worker stopped'));
      resolve();
    });
  });
  return {
    beforeWrite: () => {
      if (exitedYet || walBytes < limitBytes / 2) return Promise.resolve();
      if (!caughtUp) {
        let resolve = () => {};
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        caughtUp = { promise, resolve };
        worker.postMessage('catch-up');
      }
      // Past half the bound the worker is asked at once, so the size known is fresh at the bound.
      return walBytes < limitBytes ? Promise.resolve() : caughtUp.promise;
    },
    stop: () => {
      stopping = true;
      // Held while it stops: an unref'd worker would let the process exit before close() finishes.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
