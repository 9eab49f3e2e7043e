import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimiter } from '../http/rate-limit.ts';
import type { Store } from './store.ts';
import { openTestStore, testDatabaseKind } from './testing/test-store.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-06T12:00:00Z');

describe(`rate limits on ${testDatabaseKind()}: one count for every process`, () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('counts hits per key in a fixed window, and starts again when it has ended', async () => {
    let t = T0;
    const limit = rateLimiter({ name: 'test:window', max: 2, windowMs: 15 * MINUTE, counts: store.rateLimits, now: () => t });
    expect(await limit.hit('203.0.113.9')).toEqual({ ok: true, count: 1, retryAfterSeconds: 900 });
    t += 5 * MINUTE;
    expect(await limit.hit('203.0.113.9')).toEqual({ ok: true, count: 2, retryAfterSeconds: 600 });
    expect(await limit.hit('203.0.113.9')).toEqual({ ok: false, count: 3, retryAfterSeconds: 600 });
    expect((await limit.hit('198.51.100.7')).count).toBe(1);
    t += 10 * MINUTE;
    expect(await limit.hit('203.0.113.9')).toEqual({ ok: true, count: 1, retryAfterSeconds: 900 });
  });

  it('keeps two limits on the same key apart', async () => {
    const now = () => T0;
    const a = rateLimiter({ name: 'test:a', max: 5, windowMs: MINUTE, counts: store.rateLimits, now });
    const b = rateLimiter({ name: 'test:b', max: 5, windowMs: MINUTE, counts: store.rateLimits, now });
    await a.hit('same');
    await a.hit('same');
    expect((await b.hit('same')).count).toBe(1);
  });

  it('loses no hit when two processes count at once', async () => {
    // Two limiters on one store stand for two processes: the count is the database's.
    const now = () => T0;
    const [one, two] = [1, 2].map(() =>
      rateLimiter({ name: 'test:race', max: 1000, windowMs: MINUTE, counts: store.rateLimits, now }),
    );
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ((i % 2 ? one : two) as ReturnType<typeof rateLimiter>).hit('k')),
    );
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('forgets ended windows', async () => {
    const limit = rateLimiter({ name: 'test:privacy', max: 5, windowMs: MINUTE, counts: store.rateLimits, now: () => T0 });
    await limit.hit('jan@example.nl');
    await store.rateLimits.prune(new Date(T0 + 2 * MINUTE));
    // Pruned: the next hit opens a new window.
    expect((await limit.hit('jan@example.nl')).count).toBe(1);
  });
});
