/**
 * Applicant organisations (ApplicantOrganisationStore) between records and rows, for both
 * databases: moments as ISO 8601 strings, addresses and domains in lower case; one mapping for
 * api/storage/sqlite/applicant-organisations.ts and api/storage/postgres/applicant-organisations.ts.
 */
import type { MemberRole } from '../../domain/applicant-organisations.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { OrganisationCode, OrganisationMember, PortfolioFeed, PortfolioRow, ProjectDelegate } from './store.ts';

type CodeRow = Omit<OrganisationCode, 'expiresAt' | 'usedAt'> & { expiresAt: string; usedAt: string | null };
type MemberRow = { kvk: string; email: string; role: MemberRole; addedBy: string; addedAt: string };

export const organisationCodeRow = (code: Omit<OrganisationCode, 'attempts' | 'usedAt'>) => ({
  ...code,
  email: code.email.toLowerCase(),
  domain: code.domain.toLowerCase(),
  expiresAt: code.expiresAt.toISOString(),
});

export const toOrganisationCode = (row: CodeRow): OrganisationCode => ({
  ...row,
  expiresAt: new Date(row.expiresAt),
  usedAt: row.usedAt ? new Date(row.usedAt) : null,
});

export const memberRow = (kvk: string, email: string, role: MemberRole, addedBy: string, at: Date): MemberRow => ({
  kvk,
  email: email.toLowerCase(),
  role,
  addedBy: addedBy.toLowerCase(),
  addedAt: at.toISOString(),
});

export const toMember = (row: MemberRow): OrganisationMember => ({ ...row, addedAt: new Date(row.addedAt) });

/** The admin first, then by address: the same order from both databases. */
export const memberOrder = (a: OrganisationMember, b: OrganisationMember) =>
  a.role === b.role ? (a.email < b.email ? -1 : 1) : a.role === 'beheerder' ? -1 : 1;

/** The portfolio's rows in aanvraagnummer order, sorted in code so both databases agree. */
export const portfolioRows = (rows: PortfolioRow[]): PortfolioRow[] => rows.sort((a, b) => (a.number < b.number ? -1 : 1));

/** Numbers per query: well under either database's limit of bound parameters. */
export const STATE_CHUNK = 500;

export const portfolioStates = (rows: { number: string; state: unknown }[]) =>
  rows.map((r) => ({ number: r.number, state: r.state as RequestState }));

/** Projects by code, those without project last: the same order from both databases. */
export const projectOrder = (rows: { project: string | null; aanvragen: number }[]) =>
  rows
    .map((r) => ({ project: r.project, aanvragen: Number(r.aanvragen) }))
    .sort((a, b) => (a.project === null ? 1 : b.project === null ? -1 : a.project < b.project ? -1 : 1));

type FeedRow = { id: string; secretHash: string; kvk: string; email: string; createdAt: string; revokedAt: string | null };

export const portfolioFeedRow = (feed: Omit<PortfolioFeed, 'revokedAt'>) => ({
  ...feed,
  email: feed.email.toLowerCase(),
  createdAt: feed.createdAt.toISOString(),
});

export const toPortfolioFeed = (row: FeedRow): PortfolioFeed => ({
  ...row,
  createdAt: new Date(row.createdAt),
  revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
});

type DelegateRow = { kvk: string; project: string; email: string; addedBy: string; addedAt: string };

export const delegateRow = (kvk: string, project: string, email: string, addedBy: string, at: Date): DelegateRow => ({
  kvk,
  project,
  email: email.toLowerCase(),
  addedBy: addedBy.toLowerCase(),
  addedAt: at.toISOString(),
});

export const toDelegate = (row: DelegateRow): ProjectDelegate => ({ ...row, addedAt: new Date(row.addedAt) });

/** By project, then address: the same order from both databases. */
export const delegateOrder = (a: ProjectDelegate, b: ProjectDelegate) =>
  a.kvk !== b.kvk
    ? a.kvk < b.kvk
      ? -1
      : 1
    : a.project !== b.project
      ? a.project < b.project
        ? -1
        : 1
      : a.email < b.email
        ? -1
        : 1;
