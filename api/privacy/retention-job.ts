/**
 * The retention job (AVG) in the server process: shortly after start and then every six hours it
 * anonymises aanvragen delivered or cancelled longer ago than RETENTION_DAYS and purges expired
 * sessions, sign-in codes and personal links, and deletes sent mails from the outbox once they are
 * older than OUTBOX_RETENTION_DAYS. One JSON log line per run, with the counts.
 * Of several server processes on one database, one runs it per period: each timer first claims
 * the period's run (Store.claimScheduledRun), and only the process that gets it goes on.
 */
import { outboxCutoff, retentionCutoff } from '../../domain/retention.ts';
import type { Logger } from '../http/logger.ts';
import type { AnonymiseCounts, OutboxStore, PurgeCounts, RetentionStore } from '../storage/store.ts';

export type RetentionRun = { before: Date; anonymised: AnonymiseCounts; purged: PurgeCounts; outboxPruned: number };

export type RetentionJobOptions = {
  retention: RetentionStore;
  days: number;
  /** Sent and finally failed mails leave the outbox `days` after their last attempt; without it they stay. */
  outbox?: { store: Pick<OutboxStore, 'prune'>; days: number };
  log: Logger;
  /** After start: long enough not to slow the start, short enough that a restart does not skip a run. */
  firstRunMs?: number;
  intervalMs?: number;
  now?: () => Date;
  /** Claims this period's run for this process; without it every timer runs (one process). */
  claim?: (job: string, periodMs: number, at: Date) => Promise<boolean>;
};

export function startRetentionJob({
  retention,
  days,
  outbox,
  log,
  firstRunMs = 60_000,
  intervalMs = 6 * 3_600_000,
  now = () => new Date(),
  claim,
}: RetentionJobOptions) {
  // A little short of the interval, so that a timer firing a moment early still gets its turn.
  const period = intervalMs - Math.min(60_000, intervalMs / 10);
  const stopping = new AbortController();
  let running: Promise<RetentionRun | undefined> | undefined;

  /** One run; a run still going when the timer fires again is not started twice. */
  function run(): Promise<RetentionRun | undefined> {
    running ??= (async () => {
      const started = performance.now();
      try {
        const at = now();
        const before = retentionCutoff(at, days);
        const anonymised = await retention.anonymise({ before, now: at, signal: stopping.signal });
        const purged = await retention.purgeExpired(at);
        const outboxPruned = outbox ? await outbox.store.prune(outboxCutoff(at, outbox.days), { signal: stopping.signal }) : 0;
        log({
          msg: 'retention',
          retentionDays: days,
          before: before.toISOString(),
          anonymised,
          purged,
          outboxPruned,
          ms: Math.round(performance.now() - started),
        });
        return { before, anonymised, purged, outboxPruned };
      } catch (error) {
        log({ level: 'error', msg: 'retention failed', error: (error as Error).message });
        return undefined;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  /** A timer's run: only when this process gets the period's turn. */
  async function scheduled(): Promise<void> {
    try {
      if (claim && !(await claim('retention', period, now()))) return;
    } catch (error) {
      log({ level: 'error', msg: 'retention failed', error: (error as Error).message });
      return;
    }
    await run();
  }

  const first = setTimeout(scheduled, firstRunMs);
  first.unref();
  const timer = setInterval(scheduled, intervalMs);
  timer.unref();

  return {
    run,
    /** Stops the timers; a run in progress ends after its current batch. */
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
