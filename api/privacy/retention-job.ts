/**
 * The retention job (AVG) in the server process: shortly after start and then every six hours it
 * anonymises aanvragen delivered or cancelled longer ago than RETENTION_DAYS and purges expired
 * sessions, sign-in codes and personal links. One JSON log line per run, with the counts.
 */
import { retentionCutoff } from '../../domain/retention.ts';
import type { AnonymiseCounts, PurgeCounts, RetentionStore } from '../data/store.ts';
import type { Logger } from '../http/logger.ts';

export type RetentionRun = { before: Date; anonymised: AnonymiseCounts; purged: PurgeCounts };

export type RetentionJobOptions = {
  retention: RetentionStore;
  days: number;
  log: Logger;
  /** After start: long enough not to slow the start, short enough that a restart does not skip a run. */
  firstRunMs?: number;
  intervalMs?: number;
  now?: () => Date;
};

export function startRetentionJob({
  retention,
  days,
  log,
  firstRunMs = 60_000,
  intervalMs = 6 * 3_600_000,
  now = () => new Date(),
}: RetentionJobOptions) {
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
        log({
          msg: 'retention',
          retentionDays: days,
          before: before.toISOString(),
          anonymised,
          purged,
          ms: Math.round(performance.now() - started),
        });
        return { before, anonymised, purged };
      } catch (error) {
        log({ level: 'error', msg: 'retention failed', error: (error as Error).message });
        return undefined;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const first = setTimeout(run, firstRunMs);
  first.unref();
  const timer = setInterval(run, intervalMs);
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
