/**
 * Keeping, once it is fixed (a firm date set, delivery, cancellation), the expected window the
 * customer last saw, for the window's calibration (domain/window-calibration.ts,
 * docs/decisions/0037-window-calibration.md), which measures it against the aanvraag's start day.
 * The window is rebuilt as the page built it then: from the comparable aanvragen as they stood at
 * the moment it was last shown (started, or waiting that long), whatever order the messages arrived in.
 */
import type { RequestState } from '../../domain/request-state.ts';
import { actualStart, shownWindowRecord, windowLastShownAt } from '../../domain/window-calibration.ts';
import type { IngestStorage, IngestTransaction } from '../storage/contract.ts';
import { aanvraagRow } from './aanvraag-rows.ts';
import { ComparableIndex } from './comparable-index.ts';

/**
 * Keeps the windows these aanvragen had fixed in this transaction (`fixedBefore`: the batch found
 * it fixed already), once per aanvraag, from the comparable aanvragen in `index`, caught up first
 * with what was committed (this transaction's own writes are not: they come at its end).
 */
export async function recordShownWindows(
  tx: IngestTransaction,
  index: ComparableIndex,
  aanvragen: Iterable<{ state: RequestState; fixedBefore: boolean }>,
): Promise<void> {
  const fixed: { state: RequestState; combi: string; kind: string; shownAt: string }[] = [];
  for (const { state, fixedBefore } of aanvragen) {
    const shownAt = windowLastShownAt(state);
    const { combi, kind } = state;
    if (!fixedBefore && shownAt && combi && kind) fixed.push({ state, combi, kind, shownAt });
  }
  if (!fixed.length) return;
  await index.catchUp(tx, fixed);
  for (const { state, combi, kind, shownAt } of fixed) {
    const record = shownWindowRecord(state, index.curveAt(combi, kind, shownAt));
    if (record) await tx.recordShownWindow(record);
  }
}

/** Runs `each` on the stored aanvragen of these numbers, a chunk per transaction; returns how many it read. */
async function eachStored(
  storage: IngestStorage,
  numbers: readonly string[],
  each: (tx: IngestTransaction, states: RequestState[]) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<number> {
  const CHUNK = 200;
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const chunk = numbers.slice(i, i + CHUNK);
    await storage.transaction(async (tx) => {
      await tx.readAhead({ numbers: chunk, messages: [] });
      const states: RequestState[] = [];
      for (const number of chunk) {
        const state = await tx.aanvraag(number);
        if (state) states.push(state);
      }
      await each(tx, states);
    });
    onProgress?.(Math.min(i + CHUNK, numbers.length));
  }
  return numbers.length;
}

/**
 * Keeps the day the work starts (AanvraagRow.startsOn) of aanvragen stored before it was kept (a
 * database from an older release): without it they would count as never started and the window
 * would go. Those with a start day get their row written again from their state, as ingestion
 * writes it. Run before keepMissingShownWindows, whose windows read these days.
 */
export async function keepStartDays(
  storage: IngestStorage,
  numbers: readonly string[],
  now: Date,
  onProgress?: (done: number) => void,
): Promise<number> {
  return eachStored(
    storage,
    numbers,
    async (tx, states) => {
      for (const state of states) if (actualStart(state)) await tx.putAanvraag(aanvraagRow(state, now));
    },
    onProgress,
  );
}

/**
 * Keeps the windows of aanvragen fixed before they were kept then (a database from an older
 * release: windows were kept at delivery only, or not at all), a chunk per transaction: each
 * rebuilt from the comparable aanvragen when it was last shown, as at the moment it was fixed.
 * Those not fixed, or already kept, are left as they are. Returns how many aanvragen it read.
 */
export async function keepMissingShownWindows(
  storage: IngestStorage,
  numbers: readonly string[],
  onProgress?: (done: number) => void,
): Promise<number> {
  const index = new ComparableIndex();
  return eachStored(
    storage,
    numbers,
    (tx, states) =>
      recordShownWindows(
        tx,
        index,
        states.map((state) => ({ state, fixedBefore: false })),
      ),
    onProgress,
  );
}
