import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRequest, randomSource } from '../../../demo/generator.ts';
import { seedDirectory } from '../../../demo/seed.ts';
import { loadContent } from '../../../domain/content.ts';
import type { Message } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import { requestStatus } from '../../../domain/status.ts';
import { openSqliteStore } from '../../core/open-store.ts';
import { strongETag } from '../../http/etag.ts';
import type { ServedStatus } from '../contract.ts';
import type { Store } from '../store.ts';

/** A served status's JSON as text. */
const text = (served: ServedStatus | string | undefined) => Buffer.from((served as ServedStatus).json).toString();

const NOW = new Date('2026-11-20T12:00:00Z');

async function storeWithDirectory(): Promise<Store> {
  const store = openSqliteStore(':memory:');
  await seedDirectory(store);
  return store;
}

describe('the SQLite store', () => {
  it('runs on Node 24, as decided (the node devDependency)', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('reaches the same state for every aanvraag whatever order its messages arrive in', async () => {
    const inOrder = await storeWithDirectory();
    const shuffled = await storeWithDirectory();
    const platform = inOrder.organisation('traject');
    if (!platform) throw new Error('platform missing');
    const rng = randomSource(42);
    for (let i = 0; i < 60; i++) {
      const messages = generateRequest(i, NOW).map((m) => m.message);
      await inOrder.ingest(messages.map((message) => ({ sender: platform, message })));
      // The submission first (nothing can be said about an unknown aanvraag), then any order,
      // one message per call so every late arrival replays the log.
      const [submitted, ...rest] = messages as [Message, ...Message[]];
      for (let j = rest.length - 1; j > 0; j--) {
        const k = rng.int(0, j);
        [rest[j], rest[k]] = [rest[k] as Message, rest[j] as Message];
      }
      for (const message of [submitted, ...rest]) {
        const [result] = await shuffled.ingest([{ sender: platform, message }]);
        expect(result?.result).toBe('accepted');
      }
    }
    for (const number of await inOrder.sampleRequestNumbers(60)) {
      expect(await shuffled.requestState(number), number).toEqual(await inOrder.requestState(number));
    }
  });

  it('applies a batch in one transaction: a failure inside rolls back every message of it', async () => {
    const store = await storeWithDirectory();
    const platform = store.organisation('traject');
    if (!platform) throw new Error('platform missing');
    const [first, second] = generateRequest(0, NOW).map((m) => m.message);
    // An organisation that is not in the database makes the insert fail half-way through the batch.
    const ghost = { ...platform, id: 9999, code: 'ghost' };
    await expect(
      store.ingest([
        { sender: platform, message: first as Message },
        { sender: ghost, message: second as Message },
      ]),
    ).rejects.toThrow();
    expect(await store.counts()).toMatchObject({ requests: 0, messages: 0 });
  });

  it('looks up API keys by hash and ignores revoked ones', async () => {
    const store = await storeWithDirectory();
    await store.addApiKey('glasnet', 'a'.repeat(64), 'trj_aaaa', 'test');
    expect((await store.organisationByKeyHash('a'.repeat(64)))?.code).toBe('glasnet');
    expect(await store.organisationByKeyHash('b'.repeat(64))).toBeUndefined();
  });
});

describe('the stored status', () => {
  it.each([
    ['without', 0],
    ['with', 64 * 1024 * 1024],
  ])(
    'is the status the domain computes, kept by the first look-up, served until a due date passes, then recomputed (%s a status cache)',
    async (_, statusCacheBytes) => {
      const content = loadContent();
      const store = openSqliteStore(':memory:', { content, statusCacheBytes });
      await seedDirectory(store);
      const platform = store.organisation('traject');
      const outsider = store.organisation('peelbouw');
      if (!platform || !outsider) throw new Error('demo organisations missing');
      const submittedOn = new Date('2026-11-02T10:00:00+01:00');
      const messages = generateRequest(0, submittedOn).map((m) => m.message);
      await store.ingest(messages.map((message) => ({ sender: platform, message })));
      const [number] = await store.sampleRequestNumbers(1);
      const state = await store.requestState(number as string);
      const lookup = (code: string) => store.organisation(code);

      const justAfter = new Date(submittedOn.getTime() + 60_000);
      expect(text(await store.statusJson(number as string, platform, justAfter))).toBe(
        JSON.stringify(requestStatus(state as RequestState, content, lookup, justAfter)),
      );
      // Weeks later a due date has passed: the served status says overdue, as a fresh computation does.
      const later = new Date('2027-02-01T12:00:00+01:00');
      const served = JSON.parse(text(await store.statusJson(number as string, platform, later)));
      expect(served).toEqual(JSON.parse(JSON.stringify(requestStatus(state as RequestState, content, lookup, later))));
      expect(served.openSteps.some((s: { overdue: boolean }) => s.overdue)).toBe(true);
      expect(await store.statusJson(number as string, outsider, later)).toBe('niet-betrokken');
      expect(await store.statusJson('MA-NOPE-1', platform, later)).toBeUndefined();
    },
  );

  it('serves the kept bytes and their ETag again after a restart, and the ETag alone without reading them', async () => {
    const content = loadContent();
    const file = join(mkdtempSync(join(tmpdir(), 'traject-kept-')), 'db.sqlite');
    const writer = openSqliteStore(file, { content });
    await seedDirectory(writer);
    const platform = writer.organisation('traject');
    const outsider = writer.organisation('peelbouw');
    if (!platform || !outsider) throw new Error('demo organisations missing');
    const now = new Date('2026-11-20T12:00:00Z');
    for (let i = 0; i < 3; i++) {
      await writer.ingest(
        generateRequest(i, now).map((g) => ({ sender: platform, message: g.message })),
        { notify: false },
      );
    }
    expect(await writer.refreshStatuses(undefined, now)).toBe(3);
    const numbers = await writer.sampleRequestNumbers(3);
    const expected = new Map<string, ServedStatus>();
    const outsiderViews = new Map<string, unknown>();
    for (const n of numbers) {
      expected.set(n, (await writer.statusJson(n, platform, now)) as ServedStatus);
      outsiderViews.set(n, await writer.statusJson(n, outsider, now));
    }
    // The first generated aanvraag lies outside peelbouw's area (see the test above).
    expect([...outsiderViews.values()]).toContain('niet-betrokken');
    const writerView = async (n: string) => outsiderViews.get(n);
    await writer.close();

    const store = openSqliteStore(file, { content, statusCacheBytes: 1024 * 1024 });
    for (const n of numbers) {
      const kept = expected.get(n) as ServedStatus;
      expect(kept.etag).toBe(strongETag(kept.json));
      // From the database, not from memory: the cache of a new store is empty.
      expect(store.statusFromMemory(n, platform, now)).toBeUndefined();
      expect(await store.statusETag(n, platform, now)).toBe(kept.etag);
      const outsiderTakesPart = typeof (await writerView(n)) === 'object';
      expect(await store.statusETag(n, outsider, now)).toBe(outsiderTakesPart ? kept.etag : undefined);
      const served = (await store.statusJson(n, platform, now)) as ServedStatus;
      expect(text(served)).toBe(text(kept));
      expect(served.etag).toBe(kept.etag);
      // Read once: memory holds its tag, not yet its bytes (the cache keeps what is asked for again).
      expect(store.statusETagFromMemory(n, platform, now)).toBe(kept.etag);
      expect(store.statusETagFromMemory(n, outsider, now)).toBe(outsiderTakesPart ? kept.etag : undefined);
      expect(store.statusFromMemory(n, platform, now)).toBeUndefined();
      await store.statusJson(n, platform, now);
      expect(store.statusFromMemory(n, platform, now)?.etag).toBe(kept.etag);
    }
    await store.close();
  });
});
