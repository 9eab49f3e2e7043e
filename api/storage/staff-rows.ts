/**
 * What the staff stores of both databases share (api/storage/sqlite/staff.ts,
 * api/storage/postgres/staff.ts): rows to records, and the search of the staff portal's
 * aanvragen list. Only the SQL differs between them.
 */
import { type Column, or, type SQL, sql } from 'drizzle-orm';
import type { DirectoryIds } from './scope-sql.ts';
import type { RequestSummary, StaffLoginCode, StaffRecord, StaffSession } from './store.ts';

type MemberRow = Omit<StaffRecord, 'organisation'> & { organisationId: number; totpLastStep: number | null };

/** A member as the store returns it: the organisation by its code, the last TOTP step left out. */
export function staffRecord(row: MemberRow, ids: DirectoryIds): StaffRecord {
  const { organisationId, totpLastStep: _, ...rest } = row;
  return { ...rest, organisation: ids.organisationCode(organisationId) ?? '?' };
}

export function staffLoginCode(row: Omit<StaffLoginCode, 'expiresAt' | 'usedAt'> & { expiresAt: string; usedAt: string | null }) {
  return { ...row, expiresAt: new Date(row.expiresAt), usedAt: row.usedAt ? new Date(row.usedAt) : null };
}

export function staffSession(
  row: Omit<StaffSession, 'createdAt' | 'expiresAt'> & { createdAt: string; expiresAt: string },
): StaffSession {
  return {
    id: row.id,
    secretHash: row.secretHash,
    staffId: row.staffId,
    twoFactorVerified: row.twoFactorVerified,
    createdAt: new Date(row.createdAt),
    expiresAt: new Date(row.expiresAt),
  };
}

type SearchColumns = { number: Column; postcode: Column; applicantName: Column };

/**
 * The search of `StaffStore.findRequests`: number, postcode (with or without space) or applicant
 * name starts with the query, letters in any case. `startsWith` is the database's case-blind
 * prefix match of a column with a LIKE pattern escaped by backslash. Undefined for an empty query.
 */
export function requestSearch(
  r: SearchColumns,
  query: string,
  startsWith: (column: Column | SQL, pattern: string) => SQL,
): SQL | undefined {
  const q = query.trim();
  if (!q) return undefined;
  const prefix = `${q.replace(/[\\%_]/g, '\\$&')}%`;
  return or(
    startsWith(r.number, prefix.toUpperCase()),
    startsWith(sql`replace(${r.postcode}, ' ', '')`, prefix.replace(/\s+/g, '').toUpperCase()),
    startsWith(r.applicantName, prefix),
  );
}

type SummaryRow = {
  number: string;
  phase: string;
  combiId: number | null;
  applicantName: string | null;
  street: string | null;
  houseNumber: string | null;
  addition: string | null;
  postcode: string | null;
  city: string | null;
  updatedAt: string;
};

type RequestsColumns = Record<
  | 'number'
  | 'phase'
  | 'combiId'
  | 'applicantName'
  | 'street'
  | 'houseNumber'
  | 'houseNumberAddition'
  | 'postcode'
  | 'city'
  | 'updatedAt',
  unknown
>;

/** The columns `requestSummary` reads, from either schema's `requests`. */
export function summaryColumns<R extends RequestsColumns>(
  r: R,
): { [K in Exclude<keyof RequestsColumns, 'houseNumberAddition'>]: R[K] } & { addition: R['houseNumberAddition'] } {
  return {
    number: r.number,
    phase: r.phase,
    combiId: r.combiId,
    applicantName: r.applicantName,
    street: r.street,
    houseNumber: r.houseNumber,
    addition: r.houseNumberAddition,
    postcode: r.postcode,
    city: r.city,
    updatedAt: r.updatedAt,
  };
}

export function requestSummary(row: SummaryRow, ids: DirectoryIds): RequestSummary {
  return {
    number: row.number,
    phase: row.phase,
    combi: row.combiId === null ? null : (ids.combiCode(row.combiId) ?? null),
    applicantName: row.applicantName,
    address: [
      [row.street, row.houseNumber, row.addition].filter(Boolean).join(' '),
      [row.postcode, row.city].filter(Boolean).join(' '),
    ]
      .filter(Boolean)
      .join(', '),
    updatedAt: row.updatedAt,
  };
}
