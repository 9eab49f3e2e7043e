/**
 * The ingestion contract's rows (api/storage/contract.ts) as table columns, the same on SQLite and
 * PostgreSQL: codes become the directory's row ids, moments ISO strings. Pure; each database's
 * ingestion storage writes what these return.
 */

import type { Message } from '../../domain/messages.ts';
import type { ShownWindowRecord } from '../../domain/window-calibration.ts';
import type { AanvraagRow, EndSurveyRow, MessageRow, ParkedOutcome, ParkedRow, Projection, WorkOrderRow } from './contract.ts';
import type { DirectoryIds } from './scope-sql.ts';
import { REQUEST_PERSON_COLUMNS } from './sqlite/schema.ts';

/** The row id of an organisation that must exist (a sender, a grid operator). */
export function organisationIdOf(ids: DirectoryIds, code: string): number {
  const id = ids.organisationId(code);
  if (id === undefined) throw new Error(`unknown organisation ${code}`);
  return id;
}

/** An optional organisation (a contractor): null when absent or unknown. */
function optionalOrganisationId(ids: DirectoryIds, code: string | null): number | null {
  return code ? (ids.organisationId(code) ?? null) : null;
}

/** The columns of `requests` that ingestion writes. */
export function requestColumns({ workOrders: _, combi, ...row }: AanvraagRow, ids: DirectoryIds) {
  return { ...row, combiId: combi ? (ids.combiId(combi) ?? null) : null };
}

export function workOrderColumns(requestId: number, { gridOperator, contractor, ...wo }: WorkOrderRow, ids: DirectoryIds) {
  return {
    ...wo,
    requestId,
    gridOperatorId: organisationIdOf(ids, gridOperator),
    contractorId: optionalOrganisationId(ids, contractor),
  };
}

/** A logged message's columns (its projections go to their own tables). */
export function messageColumns({ projections: _, sender, ...m }: MessageRow & { seq: number }, ids: DirectoryIds) {
  return { ...m, senderId: organisationIdOf(ids, sender) };
}

/** A parked message's columns. */
export function parkedColumns({ sender, ...m }: ParkedRow, ids: DirectoryIds) {
  return { ...m, senderId: organisationIdOf(ids, sender) };
}

/** What an outcome sets on its parked row, and the row's key. */
export function outcomeColumns({ sender, messageId, ...outcome }: ParkedOutcome, ids: DirectoryIds) {
  return { key: { senderId: organisationIdOf(ids, sender), messageId }, set: outcome };
}

/** A waiting parked row as the core reads it. */
export function parkedRowOf(
  row: { senderId: number; body: unknown } & Omit<ParkedRow, 'sender' | 'body'>,
  ids: DirectoryIds,
): ParkedRow {
  const { senderId, body, ...rest } = row;
  return { ...rest, sender: ids.organisationCode(senderId) ?? String(senderId), body: body as Message };
}

/** The rows of one message's projections, by table. */
export function projectionColumns(m: MessageRow & { seq: number }, requestId: number, ids: DirectoryIds) {
  const per = { requestId, messageSeq: m.seq, organisationId: organisationIdOf(ids, m.sender) };
  const rows = { planning: [] as Row<'planning'>[], contact: [] as Row<'contact'>[], stagnation: [] as Row<'stagnation'>[] };
  for (const { kind, ...p } of m.projections) (rows[kind] as object[]).push({ ...per, ...p });
  return rows;
}
type Row<K extends Projection['kind']> = Omit<Extract<Projection, { kind: K }>, 'kind'> & {
  requestId: number;
  messageSeq: number;
  organisationId: number;
};

export function endSurveyColumns(
  { requestNumber: _, contractor, ...decision }: EndSurveyRow,
  requestId: number,
  ids: DirectoryIds,
) {
  return {
    ...decision,
    requestId,
    contractorId: optionalOrganisationId(ids, contractor),
    createdAt: decision.createdAt.toISOString(),
    expiresAt: decision.expiresAt?.toISOString() ?? null,
  };
}

/** The columns of `requests` that ingestion writes again on a stored aanvraag. */
export const REQUEST_UPDATED = [
  'combiId',
  'kind',
  ...REQUEST_PERSON_COLUMNS,
  'project',
  'phase',
  'submittedAt',
  'deliveredAt',
  'startsOn',
  'cancelledAt',
  'lastOccurredAt',
  'updatedAt',
  'state',
] as const;
/** The columns of a stored opdracht that ingestion writes again. */
export const WORK_ORDER_UPDATED = [
  'status',
  'contractorId',
  'quickscanAt',
  'quoteSentAt',
  'quoteDecision',
  'handedToCombiAt',
  'completedAt',
  'cancelledAt',
] as const;
/** The columns of an eindmeting decision that a later one replaces. */
export const END_SURVEY_UPDATED = [
  'id',
  'email',
  'contractorId',
  'trigger',
  'status',
  'skipReason',
  'secretHash',
  'createdAt',
  'expiresAt',
  'deliveredOn',
] as const;

/** The columns of a shown window (domain/window-calibration.ts); instants in UTC, as every stored instant. */
export function shownWindowColumns({ number: _, statedOutOf10, ...record }: ShownWindowRecord, requestId: number) {
  return {
    ...record,
    requestId,
    statedOutOfTen: statedOutOf10,
    shownAt: new Date(record.shownAt).toISOString(),
  };
}
