/**
 * The comparable curve behind the expected window is computed once per combi area and kind and
 * kept, until ten minutes pass or ingestion brings new or moved starts for it (issue 12's
 * follow-up): first on its own over a counted read, then through the store on both databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRequest } from '../../demo/generator.ts';
import { seedDirectory } from '../../demo/seed.ts';
import { dutchDate } from '../../domain/calendar.ts';
import { type ComparableRow, startCurve, startObservations } from '../../domain/expected-window.ts';
import { message } from '../../domain/messages.ts';
import { foldMessages } from '../../domain/request-state.ts';
import { actualStart } from '../../domain/window-calibration.ts';
import type { IngestEntry, Store } from '../storage/store.ts';
import { openTestStore } from '../storage/testing/test-store.ts';
import { ComparableStarts, comparableAt, curveAt } from './comparable-starts.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const rows: ComparableRow[] = Array.from({ length: 30 }, (_, i) => ({
  submittedAt: new Date(Date.UTC(2026, 5, 1 + i)).toISOString(),
  startsOn: i % 2 ? `2026-09-${String(1 + (i % 28)).padStart(2, '0')}` : null,
  cancelledAt: null,
}));

describe('the comparable curve, kept per combi area and kind', () => {
  let reads: { combi: string; at: string }[];
  /** While set, a read waits for it: a read still under way. */
  let gate: Promise<void> | undefined;
  const starts = () =>
    new ComparableStarts(async (combi, _kind, at) => {
      reads.push({ combi, at });
      await gate;
      return rows;
    });
  beforeEach(() => {
    reads = [];
    gate = undefined;
  });

  it('is read and computed once, then served as it is, until ten minutes pass', async () => {
    const cs = starts();
    const first = await cs.of('oost', 'nieuwe_aansluiting', NOW);
    expect(first.started).toBe(15);
    expect(await cs.of('oost', 'nieuwe_aansluiting', new Date(NOW.getTime() + 599_000))).toBe(first);
    expect(reads).toEqual([{ combi: 'oost', at: NOW.toISOString() }]);
    await cs.of('oost', 'nieuwe_aansluiting', new Date(NOW.getTime() + 600_000));
    // An earlier moment than the kept one (a test or the bench reading the past) is read for that moment.
    await cs.of('oost', 'nieuwe_aansluiting', new Date(NOW.getTime() - 1000));
    expect(reads).toHaveLength(3);
  });

  it('is read once for views that come while its read is under way, and read again after a failed read', async () => {
    let open: () => void = () => {};
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const cs = starts();
    const views = Array.from({ length: 5 }, () => cs.of('oost', 'nieuwe_aansluiting', NOW));
    expect(reads).toHaveLength(1);
    open();
    const curves = await Promise.all(views);
    expect(new Set(curves).size).toBe(1);
    const failing = new ComparableStarts(async () => {
      reads.push({ combi: 'peel', at: '' });
      throw new Error('database weg');
    });
    await expect(failing.of('peel', 'nieuwe_aansluiting', NOW)).rejects.toThrow('database weg');
    await expect(failing.of('peel', 'nieuwe_aansluiting', NOW)).rejects.toThrow('database weg');
    expect(reads.filter((r) => r.combi === 'peel')).toHaveLength(2);
  });

  it('is read again once ingestion brings new starts for its group, and only for that group', async () => {
    const cs = starts();
    await cs.of('oost', 'nieuwe_aansluiting', NOW);
    await cs.of('peel', 'nieuwe_aansluiting', NOW);
    cs.startsChanged([{ combi: 'oost', kind: 'nieuwe_aansluiting' }]);
    await cs.of('oost', 'nieuwe_aansluiting', NOW);
    await cs.of('peel', 'nieuwe_aansluiting', NOW);
    expect(reads.map((r) => r.combi)).toEqual(['oost', 'peel', 'oost']);
  });

  it('does not keep a read that began before new starts arrived', async () => {
    const cs = starts();
    let open = () => {};
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const underWay = cs.of('oost', 'nieuwe_aansluiting', NOW);
    cs.startsChanged([{ combi: 'oost', kind: 'nieuwe_aansluiting' }]);
    open();
    gate = undefined;
    await underWay;
    await cs.of('oost', 'nieuwe_aansluiting', NOW);
    expect(reads).toHaveLength(2);
  });
});

describe('the curve at a moment (curveAt)', () => {
  it('is the curve of the comparable aanvragen picked at that moment, counted in Dutch days', () => {
    // Instants with offsets and around midnight in the Netherlands, a cancellation, starts on both sides of the moment.
    const mixed: ComparableRow[] = [
      ...rows,
      { submittedAt: '2026-07-15T23:30:00Z', startsOn: '2026-08-01', cancelledAt: null },
      { submittedAt: '2026-07-16T00:30:00+02:00', startsOn: '2026-12-01', cancelledAt: null },
      { submittedAt: '2026-07-20T10:00:00Z', startsOn: null, cancelledAt: '2026-08-20T10:00:00Z' },
      { submittedAt: '2026-10-25T00:30:00Z', startsOn: '2026-11-30', cancelledAt: '2026-12-24T10:00:00+01:00' },
    ].sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt));
    for (const at of [
      '2026-08-01T10:00:00Z',
      '2026-08-31T22:30:00Z',
      '2026-10-25T01:00:00Z',
      NOW.toISOString(),
      '2027-01-01T00:00:00Z',
    ]) {
      const expected = startCurve(startObservations(comparableAt(mixed, at), at));
      expect(curveAt(mixed, at), at).toEqual(expected);
      expect(curveAt(mixed, new Date(at)), at).toEqual(expected);
    }
  });
});

describe('the store’s comparable curve after ingestion', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore();
    await seedDirectory(store);
  });
  afterEach(() => store.close());

  it('counts a start that arrived a moment ago, not ten minutes later', async () => {
    const now = new Date();
    const today = dutchDate(now);
    const entries = (messages: ReturnType<typeof generateRequest>): IngestEntry[] =>
      messages.map((m) => ({ sender: store.organisation(m.sender) as IngestEntry['sender'], message: message.parse(m.message) }));
    // Forty demo aanvragen; of one that has started, the messages from the one that starts it on are held back.
    const all = Array.from({ length: 40 }, (_, i) => generateRequest(i, now));
    const startedAt = (messages: ReturnType<typeof generateRequest>) => {
      for (let n = 1; n <= messages.length; n++) {
        const state = foldMessages(
          'x',
          messages.slice(0, n).map((m) => ({ ...m.message, sender: m.sender })),
        );
        const start = actualStart(state);
        if (start && start <= today) return { n, combi: state.combi as string, kind: state.kind as string };
      }
      return undefined;
    };
    const held = all.findIndex((messages) => startedAt(messages));
    const { n, combi, kind } = startedAt(all[held] as ReturnType<typeof generateRequest>) as {
      n: number;
      combi: string;
      kind: string;
    };
    await store.ingest(
      all.flatMap((messages, i) => entries(i === held ? messages.slice(0, n - 1) : messages)),
      { notify: false },
    );
    const before = await store.comparableStarts(combi, kind, now);
    await store.ingest(entries((all[held] as ReturnType<typeof generateRequest>).slice(n - 1)), { notify: false });
    const after = await store.comparableStarts(combi, kind, now);
    expect(after.started).toBe(before.started + 1);
  }, 60_000);
});
