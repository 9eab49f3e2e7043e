/**
 * A business applicant's portfolio (issue 16.1), as its page, its CSV export and its calendar feed
 * read it: who may see which part (members all of it, a delegate only their projects), and the
 * portfolio of that part. The rules are domain/portfolio.ts; the rows come from the store, read by
 * the organisation's KvK number (and project) only, so an organisation never reads an aanvraag
 * where it is not the applicant.
 */
import type { MemberRole } from '../../domain/applicant-organisations.ts';
import { dutchDate } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import {
  addressLine,
  type Portfolio,
  type PortfolioEntry,
  type PortfolioFilters,
  portfolio,
  portfolioEntry,
} from '../../domain/portfolio.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { PortfolioRow, Store } from '../storage/store.ts';

/** What one address may see of one organisation's portfolio: all of it, or (a delegate) some projects. */
export type PortfolioAccess = { kvk: string; domain: string; role: MemberRole | 'gedelegeerde'; projects?: string[] };

/** The portfolios this address may see: all of each organisation it is a member of, the projects it is a delegate of. */
export async function portfolioAccessOf(store: Store, email: string): Promise<PortfolioAccess[]> {
  const [memberships, delegations] = await Promise.all([
    store.applicantOrganisations.memberships(email),
    store.applicantOrganisations.delegations(email),
  ]);
  const out: PortfolioAccess[] = memberships.map((m) => ({ kvk: m.kvk, domain: m.domain, role: m.role }));
  for (const d of delegations) {
    const known = out.find((a) => a.kvk === d.kvk);
    if (!known) out.push({ kvk: d.kvk, domain: d.domain, role: 'gedelegeerde', projects: [d.project] });
    // A member sees everything already; a delegate of several projects sees each.
    else if (known.projects) known.projects.push(d.project);
  }
  return out;
}

/** The access of this address to the portfolio of `kvk`, or undefined when it has none. */
export async function portfolioAccess(store: Store, email: string, kvk: string): Promise<PortfolioAccess | undefined> {
  return (await portfolioAccessOf(store, email)).find((a) => a.kvk === kvk);
}

/** The rows the access lets through, of one project when the filters name one (undefined when it may not). */
async function rowsOf(store: Store, access: PortfolioAccess, project: string | undefined): Promise<PortfolioRow[] | undefined> {
  const organisations = store.applicantOrganisations;
  const asked = project === undefined ? undefined : project === '' ? null : project;
  if (!access.projects) return organisations.portfolio(access.kvk, asked);
  if (asked === undefined) return (await Promise.all(access.projects.map((p) => organisations.portfolio(access.kvk, p)))).flat();
  return asked !== null && access.projects.includes(asked) ? organisations.portfolio(access.kvk, asked) : undefined;
}

/**
 * What the portfolio shows of an aanvraag, kept per store: it changes only when the aanvraag's row
 * is written again (its updatedAt), the day turns or the content is reloaded, so a view reads the
 * states of the changed ones only. Like the dashboard's facts, the first view pays for all.
 */
type Kept = { version: string; today: string; content: Content; entry: PortfolioEntry };
const KEPT_LIMIT = 50_000;
const kept = new WeakMap<Store, Map<string, Kept>>();

/** What the portfolio shows of each row the access lets through; undefined when it asks for a project it may not see. */
export async function portfolioEntries(
  store: Store,
  content: Content,
  access: PortfolioAccess,
  project: string | undefined,
  now: Date,
): Promise<PortfolioEntry[] | undefined> {
  const rows = await rowsOf(store, access, project);
  if (!rows) return undefined;
  const today = dutchDate(now);
  const cache = kept.get(store) ?? new Map<string, Kept>();
  kept.set(store, cache);
  const fresh = (row: PortfolioRow) => {
    const k = cache.get(row.number);
    return k && k.version === row.updatedAt && k.today === today && k.content === content && k.entry.project === row.project;
  };
  const stale = rows.filter((row) => !fresh(row));
  if (stale.length > 0) {
    if (cache.size + stale.length > KEPT_LIMIT) cache.clear();
    const states = new Map(
      (
        await store.applicantOrganisations.portfolioStates(
          access.kvk,
          stale.map((r) => r.number),
        )
      ).map((s) => [s.number, s.state]),
    );
    const organisation = (code: string) => store.organisation(code);
    for (const row of stale) {
      const state = states.get(row.number);
      if (!state) continue;
      const entry = portfolioEntry(
        { number: row.number, project: row.project, address: addressLine(row), state },
        content,
        organisation,
        now,
        today,
      );
      cache.set(row.number, { version: row.updatedAt, today, content, entry });
    }
  }
  return rows.flatMap((row) => {
    const k = cache.get(row.number);
    return k ? [k.entry] : [];
  });
}

/** The states of every aanvraag the access lets through (the calendar feed's appointments). */
export async function portfolioStatesOf(store: Store, access: PortfolioAccess): Promise<RequestState[]> {
  const rows = (await rowsOf(store, access, undefined)) ?? [];
  const states = await store.applicantOrganisations.portfolioStates(
    access.kvk,
    rows.map((r) => r.number),
  );
  return states.map((s) => s.state);
}

export type PortfolioView = {
  portfolio: Portfolio;
  /** Every project this access may see, with its number of aanvragen, to choose from. */
  projects: { project: string | null; aanvragen: number }[];
};

/** The portfolio page's view: undefined when the filters name a project this access may not see. */
export async function portfolioView(
  store: Store,
  content: Content,
  access: PortfolioAccess,
  filters: PortfolioFilters,
  now: Date,
  /** Rows at most: the page's PORTFOLIO_LIMIT unless the export asks for every one. */
  limit?: number,
): Promise<PortfolioView | undefined> {
  const entries = await portfolioEntries(store, content, access, filters.project, now);
  if (!entries) return undefined;
  const all = await store.applicantOrganisations.projects(access.kvk);
  const projects = access.projects ? all.filter((p) => p.project !== null && access.projects?.includes(p.project)) : all;
  return { portfolio: portfolio(entries, filters, dutchDate(now), limit), projects };
}
