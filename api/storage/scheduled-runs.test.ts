import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.ts';
import { openTestStore, testDatabaseKind } from './testing/test-store.ts';

const HOUR = 3_600_000;
const T0 = new Date('2026-12-06T12:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe(`scheduled runs on ${testDatabaseKind()}: one process per period`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('gives the first claim of a period, and refuses the others until the period has passed', async () => {
    expect(await store.claimScheduledRun('retention', 6 * HOUR, T0)).toBe(true);
    expect(await store.claimScheduledRun('retention', 6 * HOUR, later(2 * HOUR))).toBe(false);
    expect(await store.claimScheduledRun('another-job', 6 * HOUR, later(2 * HOUR))).toBe(true);
    expect(await store.claimScheduledRun('retention', 6 * HOUR, later(6 * HOUR))).toBe(true);
  });

  it('gives one of many claims made at the same moment', async () => {
    const at = later(30 * HOUR);
    const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimScheduledRun('retention', 6 * HOUR, at)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
