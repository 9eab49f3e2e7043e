/** Call-back requests (CallbackStore) between records and rows, for both databases. */
import type { CallbackClose } from '../../domain/callback-handling.ts';
import type { DirectoryIds } from './scope-sql.ts';
import type { CallbackClaimResult, CallbackRequest, CallbackTask } from './store.ts';

type CallbackRow = Omit<CallbackRequest, 'organisation' | 'createdAt' | 'doneAt'> & {
  organisationId: number;
  createdAt: string;
  doneAt: string | null;
};

/** The row of a new request; its organisation must be in the directory. */
export function newCallbackRow(request: Omit<CallbackRequest, 'doneAt'>, ids: DirectoryIds) {
  const organisationId = ids.organisationId(request.organisation);
  if (organisationId === undefined) throw new Error(`unknown organisation ${request.organisation}`);
  const { organisation: _, ...row } = request;
  return { ...row, organisationId, createdAt: request.createdAt.toISOString() };
}

export const toCallbackRequest = (r: CallbackRow, ids: DirectoryIds): CallbackRequest => ({
  id: r.id,
  invitationId: r.invitationId,
  survey: r.survey,
  requestNumber: r.requestNumber,
  organisation: ids.organisationCode(r.organisationId) ?? String(r.organisationId),
  phone: r.phone,
  note: r.note,
  createdAt: new Date(r.createdAt),
  doneAt: r.doneAt ? new Date(r.doneAt) : null,
});

/** An open request with its claim: the row, and the claimant's id and name from a left join. */
export const toCallbackTask = (
  r: { request: CallbackRow; claimedAt: string | null; claimantId: number | null; claimantName: string | null },
  ids: DirectoryIds,
): CallbackTask => ({
  ...toCallbackRequest(r.request, ids),
  claimedBy: r.claimantId !== null ? { id: r.claimantId, name: r.claimantName ?? '' } : null,
  claimedAt: r.claimedAt ? new Date(r.claimedAt) : null,
});

/** What the retention job and an erasure leave of a request: no number, no customer's note, no staff's note about them. */
export const ERASED_CALLBACK = { phone: null, note: null, closeNote: null } as const;

/** The columns a close writes; the same on both databases. */
export function closeColumns(staffId: number, close: CallbackClose, at: Date) {
  return {
    doneAt: at.toISOString(),
    closedBy: staffId,
    closeReason: close.reason,
    closeNote: 'note' in close ? (close.note ?? null) : null,
    closeAttempts: close.reason === 'onbereikbaar' ? close.attempts : null,
    contactMessageId: close.reason === 'contactmoment' ? close.contactMessageId : null,
  };
}

/**
 * Why a conditional claim or close changed no row, from the request as it is now (of this
 * organisation and open, or undefined): a colleague's claim, or no such open request.
 */
export function refusal(task: CallbackTask | undefined): CallbackClaimResult {
  if (task?.claimedBy && task.claimedAt) return { result: 'taken', by: task.claimedBy.name, at: task.claimedAt };
  return { result: 'unknown' };
}

/** A request's moments for the dashboard's figures (domain/callback-handling.ts callbackFigures). */
export const toHandlingRow = (r: {
  createdAt: string;
  claimedAt: string | null;
  doneAt: string | null;
  closeReason: string | null;
}) => ({
  createdAt: new Date(r.createdAt),
  claimedAt: r.claimedAt ? new Date(r.claimedAt) : null,
  doneAt: r.doneAt ? new Date(r.doneAt) : null,
  closeReason: r.closeReason,
});
