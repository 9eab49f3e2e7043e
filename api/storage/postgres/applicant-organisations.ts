/**
 * Applicant organisations in PostgreSQL: SQL only (api/storage/applicant-organisation-rows.ts maps
 * the rows). Several processes serve the same codes, so using one is a single conditional update;
 * registering inserts the organisation with `on conflict do nothing`, so of two at once one wins.
 */
import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { RequestState } from '../../../domain/request-state.ts';
import {
  delegateOrder,
  delegateRow,
  memberOrder,
  memberRow,
  organisationCodeRow,
  portfolioFeedRow,
  portfolioRows,
  portfolioStates,
  projectOrder,
  STATE_CHUNK,
  toDelegate,
  toMember,
  toOrganisationCode,
  toPortfolioFeed,
} from '../applicant-organisation-rows.ts';
import type {
  ApplicantOrganisation,
  ApplicantOrganisationStore,
  OrganisationCode,
  OrganisationMember,
  PortfolioFeed,
  PortfolioRow,
  ProjectDelegate,
} from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const {
  applicantOrganisations: o,
  organisationMembers: m,
  organisationCodes: c,
  requests: r,
  portfolioCalendarFeeds: f,
  projectDelegates: d,
} = schema;

export class PgApplicantOrganisations implements ApplicantOrganisationStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async addLoginCode(code: Omit<OrganisationCode, 'attempts' | 'usedAt'>): Promise<void> {
    await this.#db.insert(c).values(organisationCodeRow(code));
  }

  async loginCode(id: string): Promise<OrganisationCode | undefined> {
    const [row] = await this.#db.select().from(c).where(eq(c.id, id));
    return row && toOrganisationCode(row);
  }

  async failLoginCode(id: string): Promise<number> {
    const [row] = await this.#db
      .update(c)
      .set({ attempts: sql`${c.attempts} + 1` })
      .where(eq(c.id, id))
      .returning({ attempts: c.attempts });
    return row?.attempts ?? 0;
  }

  async useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean> {
    const now = at.toISOString();
    const used = await this.#db
      .update(c)
      .set({ usedAt: now })
      .where(and(eq(c.id, id), isNull(c.usedAt), lt(c.attempts, maxAttempts), gt(c.expiresAt, now)))
      .returning({ id: c.id });
    return used.length === 1;
  }

  async applicantAddressOf(kvk: string, email: string): Promise<boolean> {
    const rows = await this.#db
      .select({ id: r.id })
      .from(r)
      .where(and(eq(r.applicantKvk, kvk), eq(sql`lower(${r.applicantEmail})`, email.toLowerCase())))
      .limit(1);
    return rows.length > 0;
  }

  async organisation(kvk: string): Promise<ApplicantOrganisation | undefined> {
    const [row] = await this.#db.select().from(o).where(eq(o.kvk, kvk));
    return row && { ...row, createdAt: new Date(row.createdAt) };
  }

  async register(kvk: string, domain: string, email: string, at: Date): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const added = await tx
        .insert(o)
        .values({ kvk, domain: domain.toLowerCase(), createdAt: at.toISOString() })
        .onConflictDoNothing()
        .returning({ kvk: o.kvk });
      if (added.length !== 1) return false;
      await tx.insert(m).values(memberRow(kvk, email, 'beheerder', email, at));
      return true;
    });
  }

  async memberships(email: string): Promise<(OrganisationMember & { domain: string })[]> {
    const rows = await this.#db
      .select({ member: m, domain: o.domain })
      .from(m)
      .innerJoin(o, eq(o.kvk, m.kvk))
      .where(eq(m.email, email.toLowerCase()));
    return rows.map((row) => ({ ...toMember(row.member), domain: row.domain })).sort((a, b) => (a.kvk < b.kvk ? -1 : 1));
  }

  async members(kvk: string): Promise<OrganisationMember[]> {
    return (await this.#db.select().from(m).where(eq(m.kvk, kvk))).map(toMember).sort(memberOrder);
  }

  async addMember(kvk: string, email: string, addedBy: string, at: Date): Promise<void> {
    await this.#db
      .insert(m)
      .values(memberRow(kvk, email, 'lid', addedBy, at))
      .onConflictDoNothing();
  }

  async removeMember(kvk: string, email: string): Promise<void> {
    await this.#db.delete(m).where(and(eq(m.kvk, kvk), eq(m.email, email.toLowerCase())));
  }

  async portfolio(kvk: string, project?: string | null): Promise<PortfolioRow[]> {
    const inProject = project === undefined ? undefined : project === null ? isNull(r.project) : eq(r.project, project);
    const rows = await this.#db
      .select({
        number: r.number,
        project: r.project,
        street: r.street,
        houseNumber: r.houseNumber,
        houseNumberAddition: r.houseNumberAddition,
        postcode: r.postcode,
        city: r.city,
        updatedAt: r.updatedAt,
      })
      .from(r)
      .where(and(eq(r.applicantKvk, kvk), inProject));
    return portfolioRows(rows);
  }

  async projects(kvk: string): Promise<{ project: string | null; aanvragen: number }[]> {
    const rows = await this.#db
      .select({ project: r.project, aanvragen: sql<number>`count(*)` })
      .from(r)
      .where(eq(r.applicantKvk, kvk))
      .groupBy(r.project);
    return projectOrder(rows);
  }

  async portfolioStates(kvk: string, numbers: readonly string[]): Promise<{ number: string; state: RequestState }[]> {
    const out: { number: string; state: RequestState }[] = [];
    for (let i = 0; i < numbers.length; i += STATE_CHUNK) {
      const chunk = numbers.slice(i, i + STATE_CHUNK);
      const rows = await this.#db
        .select({ number: r.number, state: r.state })
        .from(r)
        .where(and(eq(r.applicantKvk, kvk), inArray(r.number, chunk)));
      out.push(...portfolioStates(rows));
    }
    return out;
  }

  async createFeed(feed: Omit<PortfolioFeed, 'revokedAt'>): Promise<void> {
    const row = portfolioFeedRow(feed);
    await this.#db.transaction(async (tx) => {
      // The organisation's row locked first: two feeds made at once for one member leave one live.
      await tx.select({ kvk: o.kvk }).from(o).where(eq(o.kvk, row.kvk)).for('update');
      await tx
        .update(f)
        .set({ revokedAt: row.createdAt })
        .where(and(eq(f.kvk, row.kvk), eq(f.email, row.email), isNull(f.revokedAt)));
      await tx.insert(f).values(row);
    });
  }

  async feed(id: string): Promise<PortfolioFeed | undefined> {
    const [row] = await this.#db.select().from(f).where(eq(f.id, id));
    return row && toPortfolioFeed(row);
  }

  async liveFeed(kvk: string, email: string): Promise<PortfolioFeed | undefined> {
    const [row] = await this.#db
      .select()
      .from(f)
      .where(and(eq(f.kvk, kvk), eq(f.email, email.toLowerCase()), isNull(f.revokedAt)));
    return row && toPortfolioFeed(row);
  }

  async revokeFeed(kvk: string, email: string, at: Date): Promise<void> {
    await this.#db
      .update(f)
      .set({ revokedAt: at.toISOString() })
      .where(and(eq(f.kvk, kvk), eq(f.email, email.toLowerCase()), isNull(f.revokedAt)));
  }

  async addDelegate(kvk: string, project: string, email: string, addedBy: string, at: Date): Promise<void> {
    await this.#db
      .insert(d)
      .values(delegateRow(kvk, project, email, addedBy, at))
      .onConflictDoNothing();
  }

  async removeDelegate(kvk: string, project: string, email: string): Promise<void> {
    await this.#db.delete(d).where(and(eq(d.kvk, kvk), eq(d.project, project), eq(d.email, email.toLowerCase())));
  }

  async delegates(kvk: string): Promise<ProjectDelegate[]> {
    return (await this.#db.select().from(d).where(eq(d.kvk, kvk))).map(toDelegate).sort(delegateOrder);
  }

  async delegations(email: string): Promise<(ProjectDelegate & { domain: string })[]> {
    const rows = await this.#db
      .select({ delegate: d, domain: o.domain })
      .from(d)
      .innerJoin(o, eq(o.kvk, d.kvk))
      .where(eq(d.email, email.toLowerCase()));
    return rows.map((row) => ({ ...toDelegate(row.delegate), domain: row.domain })).sort(delegateOrder);
  }
}
