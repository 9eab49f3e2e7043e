/**
 * Keeping, once it is fixed (a firm date set, delivery, cancellation), the expected window the
 * customer last saw, for the window's calibration (domain/window-calibration.ts,
 * docs/decisions/0037-window-calibration.md), which measures it against the aanvraag's start day.
 * The window is rebuilt as the page built it then: from the comparable aanvragen as they stood at
 * the moment it was last shown (started, or waiting that long), whatever order the messages arrived in.
 */
import { startObservations } from '../../domain/expected-window.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { actualStart, shownWindowRecord, windowLastShownAt } from '../../domain/window-calibration.ts';
import type { IngestStorage, IngestTransaction } from '../storage/contract.ts';
import { aanvraagRow } from './aanvraag-rows.ts';

/** Once per aanvraag, in the transaction that fixes its window: `fixedBefore` says the batch found it fixed already. */
export async function recordShownWindow(tx: IngestTransaction, state: RequestState, fixedBefore: boolean): Promise<void> {
  if (fixedBefore || !state.combi || !state.kind) return;
  const shownAt = windowLastShownAt(state);
  if (!shownAt) return;
  const comparable = await tx.comparableAt(state.combi, state.kind, shownAt);
  const record = shownWindowRecord(state, startObservations(comparable, shownAt));
  if (record) await tx.recordShownWindow(record);
}

/** Runs `each` on every stored aanvraag of these numbers, a chunk per transaction; returns how many it read. */
async function eachStored(
  storage: IngestStorage,
  numbers: readonly string[],
  each: (tx: IngestTransaction, state: RequestState) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<number> {
  const CHUNK = 200;
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const chunk = numbers.slice(i, i + CHUNK);
    await storage.transaction(async (tx) => {
      await tx.readAhead({ numbers: chunk, messages: [] });
      for (const number of chunk) {
        const state = await tx.aanvraag(number);
        if (state) await each(tx, state);
      }
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
    async (tx, state) => {
      if (actualStart(state)) await tx.putAanvraag(aanvraagRow(state, now));
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
  return eachStored(storage, numbers, (tx, state) => recordShownWindow(tx, state, false), onProgress);
}
