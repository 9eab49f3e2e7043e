/**
 * The queries of the customer's right of access (AVG art. 15) in SQLite, SQL only; what is shown
 * to whom is api/core/subject-access.ts.
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SubjectAccessQueries } from '../contract.ts';
import { aboutSubject } from '../retention-rows.ts';
import type { AnswerValue, SubjectData } from '../store.ts';
import {
  callbackColumns,
  delegationColumns,
  endSurveyColumns,
  helpdeskColumns,
  mailColumns,
  membershipColumns,
  panelInvitationColumns,
  portfolioFeedColumns,
} from '../subject-access-rows.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const { requests: r, accessGrants: g } = schema;

export class SqliteSubjectAccess implements SubjectAccessQueries {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async ownRequests(email: string) {
    return this.#db
      .select({ number: r.number, state: r.state, phone: r.applicantPhone })
      .from(r)
      .where(eq(r.applicantEmail, email))
      .all();
  }

  async grantedRequests(email: string) {
    return this.#db
      .select({ number: r.number, state: r.state })
      .from(g)
      .innerJoin(r, eq(r.id, g.requestId))
      .where(and(eq(g.email, email), isNull(g.revokedAt)))
      .all();
  }

  async grants(number: string, onlyTo?: string) {
    return this.#db
      .select({ email: g.email, grantedBy: g.grantedBy, createdAt: g.createdAt })
      .from(g)
      .innerJoin(r, eq(r.id, g.requestId))
      .where(and(eq(r.number, number), isNull(g.revokedAt), onlyTo === undefined ? undefined : eq(g.email, onlyTo)))
      .orderBy(asc(g.email))
      .all();
  }

  async notificationMode(number: string, email: string) {
    const p = schema.notificationPreferences;
    return this.#db
      .select({ mode: p.mode })
      .from(p)
      .innerJoin(r, eq(r.id, p.requestId))
      .where(and(eq(r.number, number), eq(p.email, email)))
      .get()?.mode;
  }

  async calendarFeeds(number: string, email: string) {
    const f = schema.calendarFeeds;
    return this.#db
      .select({ createdAt: f.createdAt, revokedAt: f.revokedAt })
      .from(f)
      .innerJoin(r, eq(r.id, f.requestId))
      .where(and(eq(r.number, number), eq(f.email, email)))
      .orderBy(asc(f.createdAt))
      .all();
  }

  async endSurvey(number: string, email: string) {
    const e = schema.endSurveyInvitations;
    return this.#db
      .select(endSurveyColumns(e))
      .from(e)
      .innerJoin(r, eq(r.id, e.requestId))
      .where(and(eq(r.number, number), eq(e.email, email)))
      .get();
  }

  async mails(email: string): Promise<SubjectData['mails']> {
    const o = schema.outbox;
    return this.#db
      .select(mailColumns(o, r))
      .from(o)
      .leftJoin(r, eq(r.id, o.requestId))
      .where(sql`lower(${o.to}) = ${email}`)
      .orderBy(asc(o.id))
      .all();
  }

  async helpdeskContacts(email: string, numbers: string[]) {
    const { helpdeskContacts: h, organisations } = schema;
    return this.#db
      .select(helpdeskColumns(h, organisations))
      .from(h)
      .innerJoin(organisations, eq(organisations.id, h.organisationId))
      .where(or(inArray(h.requestNumber, numbers), sql`lower(${h.account}) = ${email}`, sql`lower(${h.recipient}) = ${email}`))
      .orderBy(asc(h.occurredAt))
      .all();
  }

  async surveyResponses(numbers: string[], invitations: string[]): Promise<SubjectData['surveyResponses']> {
    const { surveyResponses: s, surveyAnswers: a } = schema;
    const rows = this.#db
      .select()
      .from(s)
      .where(aboutSubject(s, numbers, invitations))
      .orderBy(asc(s.createdAt))
      .all();
    return rows.map((row) => ({
      survey: row.survey,
      requestNumber: row.requestNumber,
      createdAt: row.createdAt,
      completedAt: row.completedAt,
      answers: Object.fromEntries(
        this.#db
          .select({ question: a.question, value: a.value })
          .from(a)
          .where(eq(a.responseId, row.id))
          .all()
          .map((x) => [x.question, x.value as AnswerValue]),
      ),
    }));
  }

  async callbacks(numbers: string[], invitations: string[]): Promise<SubjectData['callbacks']> {
    const { callbackRequests: c, organisations } = schema;
    return this.#db
      .select(callbackColumns(c, organisations))
      .from(c)
      .innerJoin(organisations, eq(organisations.id, c.organisationId))
      .where(aboutSubject(c, numbers, invitations))
      .orderBy(asc(c.createdAt))
      .all();
  }

  async language(email: string) {
    const c = schema.customerLanguages;
    return this.#db.select({ language: c.language }).from(c).where(eq(c.email, email)).get()?.language;
  }

  async sessions(email: string): Promise<SubjectData['sessions']> {
    const s = schema.sessions;
    return this.#db
      .select({ createdAt: s.createdAt, expiresAt: s.expiresAt })
      .from(s)
      .where(eq(s.email, email))
      .orderBy(asc(s.createdAt))
      .all();
  }

  async portfolio(email: string): Promise<SubjectData['portfolio']> {
    const { organisationMembers: m, projectDelegates: d, portfolioCalendarFeeds: f } = schema;
    return {
      memberships: this.#db.select(membershipColumns(m)).from(m).where(eq(m.email, email)).orderBy(asc(m.addedAt)).all(),
      delegations: this.#db.select(delegationColumns(d)).from(d).where(eq(d.email, email)).orderBy(asc(d.addedAt)).all(),
      calendarFeeds: this.#db.select(portfolioFeedColumns(f)).from(f).where(eq(f.email, email)).orderBy(asc(f.createdAt)).all(),
    };
  }

  async panelInvitations(email: string) {
    const { panelInvitations: i, customerPanels: p } = schema;
    return this.#db
      .select(panelInvitationColumns(i, p))
      .from(i)
      .innerJoin(p, eq(p.id, i.panelId))
      .where(sql`lower(${i.email}) = ${email}`)
      .orderBy(asc(i.invitedAt))
      .all();
  }
}
