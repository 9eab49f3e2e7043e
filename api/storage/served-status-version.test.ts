/**
 * Issue 13, point 8: a stored status follows content and code. An editor changes a norm in
 * content/ (here a temporary copy), the server starts again on the same database, and the
 * served status of a delivered aanvraag, kept long before, shows the new norm.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import { contentWith } from '../../domain/content-fixture.ts';
import { openStore } from '../core/open-store.ts';
import { submission } from '../testing.ts';
import type { Store } from './store.ts';
import { createTestData, type TestData } from './testing/test-store.ts';

const contentDirs: string[] = [];
let data: TestData;
let store: Store | undefined;
beforeEach(async () => {
  data = await createTestData();
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await data.drop();
  for (const dir of contentDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * The store as a server would open it at start, on the same database, with content/ as it is
 * then: as in the repository, or with the working days of the opleverbevestiging's norm set by an editor.
 */
async function start(deliveryConfirmationDays?: number): Promise<Store> {
  const norm = (yaml: string) =>
    yaml.replace(/(- id: opleverbevestiging\n(?: {2}.*\n)*? {2}werkdagen: )\d+/, `$1${deliveryConfirmationDays}`);
  const dir = contentWith(deliveryConfirmationDays === undefined ? {} : { 'stappen.yaml': norm });
  contentDirs.push(dir);
  await store?.close();
  store = await openStore(data.where, { content: loadContent(dir), statusCacheBytes: 1024 * 1024 });
  return store;
}

const NUMBER = 'MA-NORM-1';
const NOW = new Date('2026-12-02T10:00:00+01:00');

async function deliver(s: Store) {
  await seedDirectory(s);
  const org = (code: string) => s.organisation(code) as NonNullable<ReturnType<Store['organisation']>>;
  const at = (id: string, occurredAt: string, body: Record<string, unknown>) => ({
    id,
    requestNumber: NUMBER,
    occurredAt,
    ...body,
  });
  const results = await s.ingest([
    { sender: org('netbeheer-zuid'), message: submission(NUMBER) },
    {
      sender: org('traject'),
      message: at('h', '2026-11-03T10:00:00+01:00', {
        type: 'handed_to_combi',
        workOrderIds: [`${NUMBER}-E`, `${NUMBER}-W`],
        contractor: 'van-der-berg-infra',
      }),
    },
    ...(['E', 'W'] as const).map((wo) => ({
      sender: org('van-der-berg-infra'),
      message: at(`tg-${wo}`, '2026-12-01T15:00:00+01:00', { type: 'work_order_completed', workOrderId: `${NUMBER}-${wo}` }),
    })),
  ] as Parameters<Store['ingest']>[0]);
  expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
}

const platform = (s: Store) => s.organisation('traject') as NonNullable<ReturnType<Store['organisation']>>;

/** The status as GET /api/v1/aanvragen/{nummer} serves it to the platform. */
async function served(s: Store) {
  const served = await s.statusJson(NUMBER, platform(s), NOW);
  if (typeof served !== 'object') throw new Error(`no status: ${served}`);
  return JSON.parse(Buffer.from(served.json).toString('utf8'));
}

describe('a stored status follows content and code', () => {
  it('is computed again with the new norm after an editor changes it, once, on every database', async () => {
    await deliver(await start());
    const before = await served(store as Store);
    // Delivered on 1 December: the grid operator confirms within 2 working days.
    expect(before.phase.current).toBe('nazorg');
    expect(before.nextStep).toMatchObject({ step: 'opleverbevestiging', dueDate: '2026-12-03' });
    // Kept: a restart on the same content serves it as it was, with nothing to refresh.
    expect(await (await start()).refreshStatuses(undefined, NOW)).toBe(0);
    expect(await (store as Store).statusETag(NUMBER, platform(store as Store), NOW)).toMatch(/^"/);

    // A conditional look-up after the change gets no tag to match (no 304 for the old text).
    expect(await (await start(10)).statusETag(NUMBER, platform(store as Store), NOW)).toBeUndefined();
    const after = await served(store as Store);
    expect(after.nextStep).toMatchObject({ step: 'opleverbevestiging', dueDate: '2026-12-15' });
    // The recomputed status is kept with its version: another process on this content finds it current.
    expect(await (await start(10)).refreshStatuses(undefined, NOW)).toBe(0);

    // A process on the old content (a release rolled back) recomputes in bulk at start, with progress.
    const progress: [number, number][] = [];
    expect(await (await start()).refreshStatuses((done, total) => progress.push([done, total]), NOW)).toBe(1);
    expect(progress).toEqual([[1, 1]]);
    expect((await served(store as Store)).nextStep).toMatchObject({ dueDate: '2026-12-03' });
  });
});
