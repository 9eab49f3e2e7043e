/**
 * Keeping, at delivery, the expected window the customer last saw and the actual start, for the
 * window's calibration (domain/window-calibration.ts, docs/decisions/0037-window-calibration.md).
 * The window is rebuilt as the page built it then: from the comparable deliveries before the
 * moment it was last shown, whatever order the messages arrived in.
 */
import { leadTimeDays } from '../../domain/expected-window.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { shownWindowRecord, windowLastShownAt } from '../../domain/window-calibration.ts';
import type { IngestStorage, IngestTransaction } from '../storage/contract.ts';

/** Once per aanvraag, in the transaction that delivers it: `deliveredBefore` says the batch found it delivered already. */
export async function recordShownWindow(tx: IngestTransaction, state: RequestState, deliveredBefore: boolean): Promise<void> {
  if (deliveredBefore || !state.combi || !state.kind) return;
  const shownAt = windowLastShownAt(state);
  if (!shownAt) return;
  const deliveries = await tx.deliveriesBefore(state.combi, state.kind, shownAt);
  const record = shownWindowRecord(
    state,
    deliveries.map((d) => leadTimeDays(d.submittedAt, d.deliveredAt)),
  );
  if (record) await tx.recordShownWindow(record);
}

/**
 * Keeps the windows of aanvragen delivered before windows were kept (a database from an older
 * release), a chunk per transaction: each rebuilt from the deliveries before it was last shown,
 * as at delivery. Those not delivered, or already kept, are left as they are. Returns how many
 * aanvragen it read.
 */
export async function keepMissingShownWindows(
  storage: IngestStorage,
  numbers: readonly string[],
  onProgress?: (done: number) => void,
): Promise<number> {
  const CHUNK = 200;
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const chunk = numbers.slice(i, i + CHUNK);
    await storage.transaction(async (tx) => {
      await tx.readAhead({ numbers: chunk, messages: [] });
      for (const number of chunk) {
        const state = await tx.aanvraag(number);
        if (state) await recordShownWindow(tx, state, false);
      }
    });
    onProgress?.(Math.min(i + CHUNK, numbers.length));
  }
  return numbers.length;
}
