/**
 * WAL checkpoints on a thread of their own. By default SQLite checkpoints inside the commit that
 * pushes the WAL past 1,000 pages: on the event loop, with an fsync, in the middle of ingestion.
 * Here a worker with its own connection runs a PASSIVE checkpoint every INTERVAL_MS, which neither
 * blocks writers nor waits for readers; the server's connection checkpoints only as a safety net
 * when the WAL passes ~400 MB (sqlite-store.ts), which under non-stop ingestion it may: the WAL
 * starts over only when a checkpoint has caught up with the last commit. Measured on ingestion
 * (bench, 2 cores): about 6,300 messages/s against about 5,000 with checkpoints in the commits.
 * Should the worker fail, `onExit` hears why, so the store can checkpoint in its commits again.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const INTERVAL_MS = 1000;

// A failing checkpoint (other than SQLITE_BUSY, which PASSIVE does not raise) ends the worker.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

export type Checkpointer = { stop: () => Promise<void> };

export function startCheckpointer(
  file: string,
  { onExit, intervalMs = INTERVAL_MS }: { onExit: (error: Error | undefined) => void; intervalMs?: number },
): Checkpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, intervalMs, driver: fileURLToPath(import.meta.resolve('better-sqlite3')) },
  });
  worker.unref();
  let failure: Error | undefined;
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('error', (error) => {
      failure = error;
    });
    worker.once('exit', () => {
      if (!stopping) onExit(failure ?? new Error('the checkpoint worker stopped'));
      resolve();
    });
  });
  return {
    stop: () => {
      stopping = true;
      // Held while it stops: an unref'd worker would let the process exit before close() finishes.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
