/** Applicant organisations in SQLite: SQL only (api/storage/applicant-organisation-rows.ts maps the rows). */
import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
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
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const {
  applicantOrganisations: o,
  organisationMembers: m,
  organisationCodes: c,
  requests: r,
  portfolioCalendarFeeds: f,
  projectDelegates: d,
} = schema;

export class SqliteApplicantOrganisations implements ApplicantOrganisationStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async addLoginCode(code: Omit<OrganisationCode, 'attempts' | 'usedAt'>): Promise<void> {
    this.#db.insert(c).values(organisationCodeRow(code)).run();
  }

  async loginCode(id: string): Promise<OrganisationCode | undefined> {
    const row = this.#db.select().from(c).where(eq(c.id, id)).get();
    return row && toOrganisationCode(row);
  }

  async failLoginCode(id: string): Promise<number> {
    const row = this.#db
      .update(c)
      .set({ attempts: sql`${c.attempts} + 1` })
      .where(eq(c.id, id))
      .returning({ attempts: c.attempts })
      .get();
    return row?.attempts ?? 0;
  }

  async useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean> {
    const now = at.toISOString();
    const result = this.#db
      .update(c)
      .set({ usedAt: now })
      .where(and(eq(c.id, id), isNull(c.usedAt), lt(c.attempts, maxAttempts), gt(c.expiresAt, now)))
      .run();
    return result.changes === 1;
  }

  async applicantAddressOf(kvk: string, email: string): Promise<boolean> {
    const row = this.#db
      .select({ id: r.id })
      .from(r)
      .where(and(eq(r.applicantKvk, kvk), eq(sql`lower(${r.applicantEmail})`, email.toLowerCase())))
      .limit(1)
      .get();
    return row !== undefined;
  }

  async organisation(kvk: string): Promise<ApplicantOrganisation | undefined> {
    const row = this.#db.select().from(o).where(eq(o.kvk, kvk)).get();
    return row && { ...row, createdAt: new Date(row.createdAt) };
  }

  async register(kvk: string, domain: string, email: string, at: Date): Promise<boolean> {
    // One writer at a time: of two registrations of one KvK number, the second inserts nothing.
    return this.#db.transaction((tx) => {
      const added = tx
        .insert(o)
        .values({ kvk, domain: domain.toLowerCase(), createdAt: at.toISOString() })
        .onConflictDoNothing()
        .run();
      if (added.changes !== 1) return false;
      tx.insert(m)
        .values(memberRow(kvk, email, 'beheerder', email, at))
        .run();
      return true;
    });
  }

  async memberships(email: string): Promise<(OrganisationMember & { domain: string })[]> {
    return this.#db
      .select({ member: m, domain: o.domain })
      .from(m)
      .innerJoin(o, eq(o.kvk, m.kvk))
      .where(eq(m.email, email.toLowerCase()))
      .all()
      .map((row) => ({ ...toMember(row.member), domain: row.domain }))
      .sort((a, b) => (a.kvk < b.kvk ? -1 : 1));
  }

  async members(kvk: string): Promise<OrganisationMember[]> {
    return this.#db.select().from(m).where(eq(m.kvk, kvk)).all().map(toMember).sort(memberOrder);
  }

  async addMember(kvk: string, email: string, addedBy: string, at: Date): Promise<void> {
    this.#db
      .insert(m)
      .values(memberRow(kvk, email, 'lid', addedBy, at))
      .onConflictDoNothing()
      .run();
  }

  async removeMember(kvk: string, email: string): Promise<void> {
    this.#db
      .delete(m)
      .where(and(eq(m.kvk, kvk), eq(m.email, email.toLowerCase())))
      .run();
  }

  async portfolio(kvk: string, project?: string | null): Promise<PortfolioRow[]> {
    const inProject = project === undefined ? undefined : project === null ? isNull(r.project) : eq(r.project, project);
    const rows = this.#db
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
      .where(and(eq(r.applicantKvk, kvk), inProject))
      .all();
    return portfolioRows(rows);
  }

  async projects(kvk: string): Promise<{ project: string | null; aanvragen: number }[]> {
    const rows = this.#db
      .select({ project: r.project, aanvragen: sql<number>`count(*)` })
      .from(r)
      .where(eq(r.applicantKvk, kvk))
      .groupBy(r.project)
      .all();
    return projectOrder(rows);
  }

  async portfolioStates(kvk: string, numbers: readonly string[]): Promise<{ number: string; state: RequestState }[]> {
    const out: { number: string; state: RequestState }[] = [];
    for (let i = 0; i < numbers.length; i += STATE_CHUNK) {
      const chunk = numbers.slice(i, i + STATE_CHUNK);
      const rows = this.#db
        .select({ number: r.number, state: r.state })
        .from(r)
        .where(and(eq(r.applicantKvk, kvk), inArray(r.number, chunk)))
        .all();
      out.push(...portfolioStates(rows));
    }
    return out;
  }

  async createFeed(feed: Omit<PortfolioFeed, 'revokedAt'>): Promise<void> {
    const row = portfolioFeedRow(feed);
    // One writer at a time: revoking the old feed and adding the new one cannot interleave with another.
    this.#db.transaction((tx) => {
      tx.update(f)
        .set({ revokedAt: row.createdAt })
        .where(and(eq(f.kvk, row.kvk), eq(f.email, row.email), isNull(f.revokedAt)))
        .run();
      tx.insert(f).values(row).run();
    });
  }

  async feed(id: string): Promise<PortfolioFeed | undefined> {
    const row = this.#db.select().from(f).where(eq(f.id, id)).get();
    return row && toPortfolioFeed(row);
  }

  async liveFeed(kvk: string, email: string): Promise<PortfolioFeed | undefined> {
    const row = this.#db
      .select()
      .from(f)
      .where(and(eq(f.kvk, kvk), eq(f.email, email.toLowerCase()), isNull(f.revokedAt)))
      .get();
    return row && toPortfolioFeed(row);
  }

  async revokeFeed(kvk: string, email: string, at: Date): Promise<void> {
    this.#db
      .update(f)
      .set({ revokedAt: at.toISOString() })
      .where(and(eq(f.kvk, kvk), eq(f.email, email.toLowerCase()), isNull(f.revokedAt)))
      .run();
  }

  async addDelegate(kvk: string, project: string, email: string, addedBy: string, at: Date): Promise<void> {
    this.#db
      .insert(d)
      .values(delegateRow(kvk, project, email, addedBy, at))
      .onConflictDoNothing()
      .run();
  }

  async removeDelegate(kvk: string, project: string, email: string): Promise<void> {
    this.#db
      .delete(d)
      .where(and(eq(d.kvk, kvk), eq(d.project, project), eq(d.email, email.toLowerCase())))
      .run();
  }

  async delegates(kvk: string): Promise<ProjectDelegate[]> {
    return this.#db.select().from(d).where(eq(d.kvk, kvk)).all().map(toDelegate).sort(delegateOrder);
  }

  async delegations(email: string): Promise<(ProjectDelegate & { domain: string })[]> {
    return this.#db
      .select({ delegate: d, domain: o.domain })
      .from(d)
      .innerJoin(o, eq(o.kvk, d.kvk))
      .where(eq(d.email, email.toLowerCase()))
      .all()
      .map((row) => ({ ...toDelegate(row.delegate), domain: row.domain }))
      .sort(delegateOrder);
  }
}
