import { describe, expect, it } from 'vitest';
import { createLogger, type LogLine } from '../http/logger.ts';
import type { AnonymiseOptions, RetentionStore } from '../storage/store.ts';
import { openTestStore } from '../storage/testing/test-store.ts';
import { startRetentionJob } from './retention-job.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const ANONYMISED = { requests: 3, messages: 20, sessions: 1, unlinked: 2 };
const PURGED = {
  sessions: 4,
  loginCodes: 5,
  accessLinks: 6,
  staffSessions: 0,
  staffLoginCodes: 1,
  parkedMessages: 2,
  organisationCodes: 0,
};

/** A store that records what it was asked; `anonymise` waits for `release` when given one. */
function fakeRetention(release?: Promise<void>) {
  const calls: AnonymiseOptions[] = [];
  const retention: RetentionStore = {
    async anonymise(options) {
      calls.push(options);
      await release;
      return ANONYMISED;
    },
    purgeExpired: async () => PURGED,
    preview: async () => ({ requests: 0, unlinked: 0, ...PURGED }),
    subjectAccess: async () => {
      throw new Error('not used');
    },
  };
  return { retention, calls };
}

function collect() {
  const lines: LogLine[] = [];
  const log = createLogger('debug', (text) => lines.push(JSON.parse(text)));
  return { lines, log };
}

describe('the retention job', () => {
  it('runs shortly after start with the cut-off of the period and logs one JSON line with its counts', async () => {
    const { retention, calls } = fakeRetention();
    const { lines, log } = collect();
    const pruned: Date[] = [];
    const outbox = {
      store: {
        prune: async (before: Date) => {
          pruned.push(before);
          return 7;
        },
      },
      days: 30,
    };
    const job = startRetentionJob({ retention, days: 730, outbox, log, firstRunMs: 5, now: () => NOW });
    const deadline = Date.now() + 5000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await job.stop();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.before.toISOString()).toBe('2024-11-22T12:00:00.000Z');
    expect(calls[0]?.now).toBe(NOW);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'retention',
        retentionDays: 730,
        before: '2024-11-22T12:00:00.000Z',
        anonymised: ANONYMISED,
        purged: PURGED,
        outboxPruned: 7,
        ms: expect.any(Number),
      }),
    ]);
    // Sent mails go after their own, shorter period.
    expect(pruned.map((d) => d.toISOString())).toEqual(['2026-10-23T12:00:00.000Z']);
  });

  it('does not start a second run while one is going, and stopping ends it after its batch', async () => {
    let release = () => {};
    const { retention, calls } = fakeRetention(new Promise<void>((resolve) => (release = resolve)));
    const { log } = collect();
    const job = startRetentionJob({ retention, days: 30, log, firstRunMs: 60_000, now: () => NOW });
    const first = job.run();
    expect(job.run()).toBe(first);
    const stopped = job.stop();
    expect(calls[0]?.signal?.aborted).toBe(true);
    release();
    await stopped;
    expect(calls).toHaveLength(1);
  });

  it('logs an error instead of throwing when a run fails', async () => {
    const { retention } = fakeRetention();
    retention.purgeExpired = async () => {
      throw new Error('database is locked');
    };
    const { lines, log } = collect();
    const job = startRetentionJob({ retention, days: 730, log, firstRunMs: 60_000 });
    expect(await job.run()).toBeUndefined();
    await job.stop();
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'retention failed', error: 'database is locked' })]);
  });

  it('runs once per period however many server processes share the database', async () => {
    const store = await openTestStore();
    const { retention, calls } = fakeRetention();
    const { log } = collect();
    let claims = 0;
    const claim = async (job: string, periodMs: number, at: Date) => {
      claims++;
      return store.claimScheduledRun(job, periodMs, at);
    };
    // Three processes started together, each with its own timers.
    const jobs = [1, 2, 3].map(() => startRetentionJob({ retention, days: 730, log, firstRunMs: 5, now: () => NOW, claim }));
    const deadline = Date.now() + 5000;
    while (claims < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all(jobs.map((job) => job.stop()));
    await store.close();
    expect(claims).toBe(3);
    expect(calls).toHaveLength(1);
  });
});
