/**
 * Customer access (CustomerAccessStore) between records and rows, for both databases: their
 * schemas hold moments as ISO 8601 strings and addresses in lower case, so one mapping serves
 * api/storage/sqlite/access.ts and api/storage/postgres/access.ts.
 */
import type { AccessLink, LoginCode, NotificationMode, Session } from './store.ts';

type LoginCodeRow = Omit<LoginCode, 'expiresAt' | 'usedAt'> & { expiresAt: string; usedAt: string | null };
type SessionRow = Omit<Session, 'createdAt' | 'expiresAt'> & { createdAt: string; expiresAt: string };
type AccessLinkRow = Omit<AccessLink, 'requestNumber' | 'expiresAt' | 'usedAt'> & {
  expiresAt: string;
  usedAt: string | null;
};

export const loginCodeRow = (code: Omit<LoginCode, 'attempts' | 'usedAt'>) => ({
  ...code,
  email: code.email.toLowerCase(),
  expiresAt: code.expiresAt.toISOString(),
});

export const toLoginCode = (row: LoginCodeRow): LoginCode => ({
  id: row.id,
  email: row.email,
  codeHash: row.codeHash,
  expiresAt: new Date(row.expiresAt),
  attempts: row.attempts,
  usedAt: row.usedAt ? new Date(row.usedAt) : null,
});

export const sessionRow = (session: Session): SessionRow => ({
  ...session,
  email: session.email.toLowerCase(),
  createdAt: session.createdAt.toISOString(),
  expiresAt: session.expiresAt.toISOString(),
});

export const toSession = (row: SessionRow): Session => ({
  id: row.id,
  secretHash: row.secretHash,
  email: row.email,
  createdAt: new Date(row.createdAt),
  expiresAt: new Date(row.expiresAt),
});

export const accessLinkRow = (link: Omit<AccessLink, 'usedAt' | 'requestNumber'>, requestId: number) => ({
  id: link.id,
  secretHash: link.secretHash,
  requestId,
  email: link.email.toLowerCase(),
  purpose: link.purpose,
  expiresAt: link.expiresAt.toISOString(),
});

export const toAccessLink = (link: AccessLinkRow, requestNumber: string): AccessLink => ({
  id: link.id,
  secretHash: link.secretHash,
  requestNumber,
  email: link.email,
  purpose: link.purpose,
  expiresAt: new Date(link.expiresAt),
  usedAt: link.usedAt ? new Date(link.usedAt) : null,
});

/** An aanvraagnummer as a customer types it, as it is stored. */
export const typedRequestNumber = (number: string) => number.trim().toUpperCase();

/**
 * The applicant's address when the postcode (spaces and case aside) and the house number the
 * customer typed match the aanvraag's; undefined otherwise.
 */
export function applicantEmailWhenAddressMatches(
  row: { email: string | null; postcode: string | null; houseNumber: string | null } | undefined,
  postcode: string,
  houseNumber: string,
): string | undefined {
  const normalised = postcode.replace(/\s+/g, '').toUpperCase();
  if (!row?.email || row.postcode?.replace(/\s+/g, '') !== normalised || row.houseNumber !== houseNumber.trim()) return undefined;
  return row.email;
}

/** The numbers an address follows, as applicant and by grants: each once, in code-point order. */
export const followedNumbers = (rows: { number: string }[]): string[] => [...new Set(rows.map((r) => r.number))].sort();

export const grantRow = (requestId: number, email: string, grantedBy: string, at: Date) => ({
  requestId,
  email: email.toLowerCase(),
  grantedBy: grantedBy.toLowerCase(),
  createdAt: at.toISOString(),
});

/** What an address chose to be mailed about an aanvraag: everything when it never chose. */
export const chosenMode = (row: { mode: NotificationMode } | undefined): NotificationMode => row?.mode ?? 'alles';
