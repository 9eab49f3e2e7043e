/**
 * Keeping, at delivery, the expected window the customer last saw and the actual start, for the
 * window's calibration (domain/window-calibration.ts, docs/decisions/0037-window-calibration.md).
 * The window is rebuilt as the page built it then: from the comparable deliveries before the
 * moment it was last shown, whatever order the messages arrived in.
 */
import { leadTimeDays } from '../../domain/expected-window.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { shownWindowRecord, windowLastShownAt } from '../../domain/window-calibration.ts';
import type { IngestTransaction } from '../storage/contract.ts';

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
