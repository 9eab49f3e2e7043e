/**
 * Quality samples (QualitySampleStore) between records and rows, for both databases: the columns
 * a sample and its items are read with, and the mapping back. One place for
 * api/storage/sqlite/quality-samples.ts and api/storage/postgres/quality-samples.ts.
 */
import { and, type Column, eq, type SQL, sql, type Table } from 'drizzle-orm';
import type { DirectoryIds } from './scope-sql.ts';
import type { QualitySample, QualitySampleItem } from './store.ts';

type SampleTable = Table &
  Record<'id' | 'organisationId' | 'fromDate' | 'toDate' | 'size' | 'seed' | 'drawnBy' | 'createdAt', Column>;
type ItemTable = Table &
  Record<
    'id' | 'sampleId' | 'contactMomentId' | 'position' | 'verdict' | 'failed' | 'note' | 'reviewedBy' | 'reviewedAt',
    Column
  >;
type MomentTable = Table &
  Record<
    | 'id'
    | 'requestId'
    | 'messageSeq'
    | 'code'
    | 'channel'
    | 'at'
    | 'organisationId'
    | 'staffName'
    | 'spokeWith'
    | 'subject'
    | 'summary',
    Column
  >;

/** The organisation's samples (an unknown organisation has none); only the one with `id` when given. */
export function ownSamples(
  s: Record<'id' | 'organisationId', Column>,
  ids: DirectoryIds,
  organisation: string,
  id?: number,
): SQL | undefined {
  const own = eq(s.organisationId, ids.organisationId(organisation) ?? -1);
  return id === undefined ? own : and(own, eq(s.id, id));
}

/** A sample's columns, with how many moments were drawn and how many have a verdict. */
export function sampleColumns<S extends SampleTable>(s: S, i: ItemTable) {
  return {
    ...(pick(s, ['id', 'organisationId', 'fromDate', 'toDate', 'size', 'seed', 'drawnBy', 'createdAt']) as Pick<
      S,
      'id' | 'organisationId' | 'fromDate' | 'toDate' | 'size' | 'seed' | 'drawnBy' | 'createdAt'
    >),
    drawn: sql<number>`(select count(*) from ${i} where ${eq(i.sampleId, s.id)})`.mapWith(Number),
    reviewed: sql<number>`(select count(*) from ${i} where ${eq(i.sampleId, s.id)} and ${i.verdict} is not null)`.mapWith(Number),
  };
}

type SampleRow = {
  id: number;
  organisationId: number;
  fromDate: string;
  toDate: string;
  size: number;
  seed: string;
  drawnBy: string;
  createdAt: string;
  drawn: number;
  reviewed: number;
};

export function sampleOf(row: SampleRow, ids: DirectoryIds): QualitySample {
  return {
    id: row.id,
    organisation: ids.organisationCode(row.organisationId) ?? String(row.organisationId),
    from: row.fromDate,
    to: row.toDate,
    size: row.size,
    seed: row.seed,
    drawnBy: row.drawnBy,
    createdAt: new Date(row.createdAt),
    drawn: row.drawn,
    reviewed: row.reviewed,
  };
}

/**
 * The outbox row of a contact moment's confirmation mail: queued with the key
 * `contactmoment:<the message's place in the log>` (api/core/customer-mails.ts queueKcmMail).
 */
export function confirmationMailJoin(o: Table & { idempotencyKey: Column }, c: MomentTable) {
  return sql`${o.idempotencyKey} = 'contactmoment:' || ${c.messageSeq}`;
}

/** An item's columns: the moment, its aanvraag and its mail's status. */
export function itemColumns<I extends ItemTable, C extends MomentTable>(
  i: I,
  c: C,
  r: Table & { number: Column },
  o: Table & { status: Column },
) {
  return {
    ...(pick(i, ['id', 'position', 'verdict', 'failed', 'note', 'reviewedBy', 'reviewedAt']) as Pick<
      I,
      'id' | 'position' | 'verdict' | 'failed' | 'note' | 'reviewedBy' | 'reviewedAt'
    >),
    ...(pick(c, ['code', 'channel', 'at', 'organisationId', 'staffName', 'spokeWith', 'subject', 'summary']) as Pick<
      C,
      'code' | 'channel' | 'at' | 'organisationId' | 'staffName' | 'spokeWith' | 'subject' | 'summary'
    >),
    requestNumber: sql<string>`${r.number}`,
    mailStatus: sql<string | null>`${o.status}`,
  };
}

function pick<T extends object>(table: T, keys: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, table[k]])) as Partial<T>;
}

type ItemRow = {
  id: number;
  position: number;
  requestNumber: string;
  code: string;
  channel: string;
  at: string;
  organisationId: number;
  staffName: string;
  spokeWith: string;
  subject: string;
  summary: string;
  mailStatus: string | null;
  verdict: string | null;
  failed: unknown;
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
};

export function itemOf(row: ItemRow, ids: DirectoryIds): QualitySampleItem {
  return {
    id: row.id,
    position: row.position,
    requestNumber: row.requestNumber,
    moment: {
      code: row.code,
      channel: row.channel,
      at: row.at,
      organisation: ids.organisationCode(row.organisationId) ?? String(row.organisationId),
      staffName: row.staffName,
      spokeWith: row.spokeWith,
      subject: row.subject,
      summary: row.summary,
    },
    mailStatus: (row.mailStatus as QualitySampleItem['mailStatus']) ?? null,
    verdict: (row.verdict as QualitySampleItem['verdict']) ?? null,
    failed: Array.isArray(row.failed) ? (row.failed as string[]) : [],
    note: row.note,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt ? new Date(row.reviewedAt) : null,
  };
}
