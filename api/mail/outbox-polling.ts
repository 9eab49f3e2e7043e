/**
 * What the outbox's workers share (api/mail/outbox-worker.ts for mail and SMS,
 * api/webhooks/webhook-worker.ts for webhooks): rounds of delivering what is due, one drain at a
 * time, a poll every interval, and a stop that waits for the drain in progress.
 */
import type { Logger } from '../http/logger.ts';

/** Runs the tasks, at most `concurrency` at once; results in order. */
export async function limited<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, lane));
  return results;
}

/**
 * Drains with `round`: each round delivers some of what is due and says, per item, whether it
 * went; undefined when nothing is due (or `stopped()` says the worker is stopping). Rounds repeat
 * until nothing is due or nothing of a round went (the rest waits for its backoff).
 */
export function outboxPolling(
  round: (stopped: () => boolean) => Promise<boolean[] | undefined>,
  { intervalMs, log, name }: { intervalMs: number; log: Logger; name: string },
) {
  let running: Promise<number> | undefined;
  let stopped = false;

  /** Delivers everything that is due now; returns how many went. One run at a time. */
  function drain(): Promise<number> {
    running ??= (async () => {
      let delivered = 0;
      try {
        for (;;) {
          const results = await round(() => stopped);
          if (!results) break;
          delivered += results.filter(Boolean).length;
          if (results.every((ok) => !ok)) break;
        }
      } finally {
        running = undefined;
      }
      return delivered;
    })();
    return running;
  }

  const timer = setInterval(() => {
    drain().catch((error: Error) => log({ level: 'error', msg: `${name} error`, error: error.message }));
  }, intervalMs);
  timer.unref();

  return {
    drain,
    /** Stops polling and waits for the run in progress. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
