/**
 * Keeping the window last shown, through the ingestion use case over the in-memory storage: when it
 * is fixed (firm date, delivery, cancellation), and afterwards for aanvragen fixed before windows were kept.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_COMBIS, DEMO_ORGANISATIONS } from '../../demo/directory.ts';
import { generateRequest } from '../../demo/generator.ts';
import type { Directory, Sender } from '../../domain/authorization.ts';
import { startCurve, startObservations } from '../../domain/expected-window.ts';
import { message } from '../../domain/messages.ts';
import { deliveredAt, foldMessages, type RequestState } from '../../domain/request-state.ts';
import { actualStart, shownWindowRecord, windowLastShownAt } from '../../domain/window-calibration.ts';
import { MemoryIngestStorage } from '../storage/testing/memory-ingest-storage.ts';
import { ComparableIndex } from './comparable-index.ts';
import { ingestMessages } from './ingest.ts';
import { keepMissingShownWindows, keepStartDays } from './shown-windows.ts';

const directory: Directory = {
  organisation: (code) => DEMO_ORGANISATIONS.find((o) => o.code === code),
  combi: (code) => {
    const c = DEMO_COMBIS.find((x) => x.code === code);
    return c && { code: c.code, name: c.name, organisation: c.organisation ?? null, members: new Set(c.members) };
  },
};
const NOW = new Date('2026-11-20T12:00:00Z');
const COUNT = 400;

/**
 * The window an aanvraag was last shown (when its first firm date was set, else at delivery or
 * cancellation), from every comparable aanvraag submitted before that moment and not cancelled by
 * then, started or not: what a complete history gives.
 */
function fromTheWholeHistory(state: RequestState, all: RequestState[]) {
  const firstFirm = state.planning.history.find((h) => h.field === 'confirmedStart')?.at;
  const shownAt = firstFirm ?? deliveredAt(state) ?? (state.cancelledAt as string);
  const before = (instant: string | undefined) => instant !== undefined && Date.parse(instant) < Date.parse(shownAt);
  const comparable = all
    .filter((o) => o.combi === state.combi && o.kind === state.kind && before(o.submittedAt) && !before(o.cancelledAt))
    .map((o) => ({ submittedAt: o.submittedAt as string, startsOn: actualStart(o) ?? null }));
  return shownWindowRecord(state, startCurve(startObservations(comparable, shownAt)));
}

describe('keeping the window last shown', () => {
  it('keeps one per aanvraag when its window is fixed, delivered or not, and rebuilds missing ones from the aanvragen as they stood when it was last shown', async () => {
    const storage = new MemoryIngestStorage();
    const numbers: string[] = [];
    const states: RequestState[] = [];
    // In batches of 50 aanvragen, as a seed sends them: a batch does not see its own deliveries.
    for (let from = 0; from < COUNT; from += 50) {
      const entries = [];
      for (let i = from; i < from + 50; i++) {
        const generated = generateRequest(i, NOW);
        const number = generated[0]?.message.requestNumber as string;
        numbers.push(number);
        states.push(
          foldMessages(
            number,
            generated.map((m) => ({ ...m.message, sender: m.sender })),
          ),
        );
        for (const m of generated)
          entries.push({ sender: directory.organisation(m.sender) as Sender, message: message.parse(m.message) });
      }
      const results = await ingestMessages(
        storage,
        { directory, capoActive: () => false, mail: undefined, comparable: new ComparableIndex() },
        entries,
        {
          now: NOW,
        },
      );
      expect(results.every((r) => r.result === 'accepted')).toBe(true);
    }
    const delivered = states.filter((s) => deliveredAt(s));
    const fixed = states.filter((s) => windowLastShownAt(s));
    expect(delivered.length).toBeGreaterThan(150);
    // Not only the delivered: those with a firm date (and the cancelled) have their window fixed too.
    expect(fixed.filter((s) => !deliveredAt(s) && !s.cancelledAt).length).toBeGreaterThan(0);
    expect(fixed.filter((s) => s.cancelledAt).length).toBeGreaterThan(0);
    expect([...storage.shownWindows.keys()].sort()).toEqual(fixed.map((s) => s.number).sort());
    const atDelivery = [...storage.shownWindows.values()].filter((w) => w.fromDate !== null).length;

    // A database from before windows and start days were kept: the same aanvragen, no records.
    storage.shownWindows.clear();
    const startDays = new Map([...storage.aanvragen].map(([n, a]) => [n, a.startsOn]));
    expect([...startDays.values()].filter(Boolean).length).toBeGreaterThan(delivered.length);
    for (const a of storage.aanvragen.values()) a.startsOn = null;
    await keepStartDays(storage, numbers, NOW);
    expect(new Map([...storage.aanvragen].map(([n, a]) => [n, a.startsOn]))).toEqual(startDays);
    await keepMissingShownWindows(storage, numbers);
    expect(storage.shownWindows.size).toBe(fixed.length);
    for (const s of fixed) expect(storage.shownWindows.get(s.number), s.number).toEqual(fromTheWholeHistory(s, states));
    // Some were shown a window, then and now (with aanvragen still waiting counted, not all: a young
    // history cannot say when 9 in 10 start).
    expect(atDelivery).toBeGreaterThan(0);
    expect([...storage.shownWindows.values()].filter((w) => w.fromDate !== null).length).toBeGreaterThan(0);

    // Kept ones stay as they are.
    const kept = structuredClone([...storage.shownWindows.values()]);
    await keepMissingShownWindows(storage, numbers);
    expect([...storage.shownWindows.values()]).toEqual(kept);
  }, 60_000);
});
