/** Call-back requests (CallbackStore) between records and rows, for both databases. */
import type { CallbackRequest } from '../data/store.ts';
import type { DirectoryIds } from './scope-sql.ts';

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
