/**
 * The dashboards on PostgreSQL (docs/decisions/0013-dashboards.md), with the same figures and rows
 * as api/data/sqlite-dashboard.ts: which aanvragen an organisation sees is decided in SQL by the
 * one scope rule, what is measured per aanvraag is domain/dashboard-metrics.ts (requestFacts), and
 * the view is computed by api/storage/dashboard-rows.ts.
 *
 * SQLite's single process keeps the facts in memory and catches up from the message log by `seq`.
 * Neither holds here: several servers write the same database, and an identity sequence does not
 * follow commit order (a message with a lower seq can commit after a view has read a higher one).
 * So the facts live in the table dashboard_facts (dashboard-schema.ts), one row per aanvraag,
 * and each row names what it was computed from: the content's fingerprint and the row version
 * (`xmin`) of the aanvraag's requests row. Every write to an aanvraag, by any process and in any
 * order of commits (ingestion, retention, imports), gives its row a new xmin; a view first
 * recomputes the facts whose source differs from their row's, then reads the facts of its
 * scope. Nothing that another process's write could make wrong is kept in memory, a server's
 * first view reads small facts instead of every state, and no process holds all of them.
 */
import { createHash } from 'node:crypto';
import { and, between, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { dayNumber } from '../../../domain/calendar.ts';
import { type Content, loadContent } from '../../../domain/content.ts';
import {
  type DashboardFigures,
  type DashboardFilters,
  type DashboardRow,
  type RequestFacts,
  requestFacts,
  selector,
} from '../../../domain/dashboard-metrics.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import type { SatisfactionInvitation, SatisfactionResponse } from '../../../domain/satisfaction.ts';
import type { Scope } from '../../../domain/staff.ts';
import type { DashboardStore } from '../../data/store.ts';
import {
  contentOfFacts,
  cutOf,
  type DashboardDirectory,
  dashboardFigures,
  dashboardRows,
  dashboardScope,
  SATISFACTION_QUESTIONS,
  type SatisfactionWindow,
  satisfactionInvitations,
  satisfactionResponses,
} from '../dashboard-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import { dashboardFacts as facts } from './dashboard-schema.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

/** States read per step while facts are recomputed: a few megabytes at a time. */
const CHUNK = 500;
/** Raise when requestFacts computes anything differently: every stored fact is then recomputed once. */
const FACTS_FORMAT = 1;

export class PgDashboard implements DashboardStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;
  readonly #directory: DashboardDirectory;
  #content: Content | undefined;
  #fingerprint: string | undefined;
  /** One recomputation at a time in this process; a later one finds what an earlier one did. */
  #refreshing: Promise<unknown> = Promise.resolve();

  /** Without `content` (scripts that open the store bare), the norms are read from content/ when first needed. */
  constructor(db: PgDb, ids: DirectoryIds, directory: DashboardDirectory, content: Content | undefined) {
    this.#db = db;
    this.#ids = ids;
    this.#directory = directory;
    this.#content = content;
  }

  async warm(): Promise<void> {
    await this.#refresh(sql`true`);
  }

  async figures(scope: Scope, filters: DashboardFilters, now = new Date()): Promise<DashboardFigures> {
    return dashboardFigures(await this.#selection(scope, filters), scope, filters, now, async (window) => {
      const [responses, invitations] = await Promise.all([this.#responses(scope, window), this.#invitations(scope, window)]);
      return { responses, invitations };
    });
  }

  async rows(scope: Scope, filters: DashboardFilters, now = new Date()): Promise<DashboardRow[]> {
    return dashboardRows(await this.#selection(scope, filters), this.#directory, now);
  }

  /** What the stored facts are computed with: the content and this code's format. */
  #source(): { content: Content; fingerprint: string } {
    this.#content ??= loadContent();
    this.#fingerprint ??= `${FACTS_FORMAT}.${createHash('sha256').update(contentOfFacts(this.#content)).digest('hex').slice(0, 16)}`;
    return { content: this.#content, fingerprint: this.#fingerprint };
  }

  /** The source a fact of the current requests row must name to be current. */
  #currentSource(fingerprint: string): SQL<string> {
    return sql<string>`${fingerprint}::text || ':' || ${schema.requests}.xmin::text`;
  }

  /** Recomputes the facts of the aanvragen under `condition` whose stored facts are missing or out of date. */
  #refresh(condition: SQL): Promise<void> {
    const run = this.#refreshing.then(() => this.#refreshNow(condition));
    this.#refreshing = run.catch(() => {});
    return run;
  }

  async #refreshNow(condition: SQL): Promise<void> {
    const { requests } = schema;
    const { content, fingerprint } = this.#source();
    const current = this.#currentSource(fingerprint);
    for (;;) {
      const stale = await this.#db
        .select({ id: requests.id, source: current, state: requests.state })
        .from(requests)
        .leftJoin(facts, eq(facts.requestId, requests.id))
        .where(and(condition, sql`${facts.source} is distinct from ${current}`))
        .limit(CHUNK);
      if (stale.length === 0) return;
      const rows = stale.map(({ id, source, state }) => {
        const f = requestFacts(state as RequestState, content, this.#directory.organisations);
        return { requestId: id, source, submitted: f?.submitted ?? null, facts: f ?? null };
      });
      // Another process may store facts of the same row meanwhile, older or newer: each names its
      // source, so a stale one is recomputed by the next view. An aanvraag deleted meanwhile
      // (foreign key) is simply not found by the next round.
      await this.#db
        .insert(facts)
        .values(rows)
        .onConflictDoUpdate({
          target: facts.requestId,
          set: { source: sql`excluded.source`, submitted: sql`excluded.submitted`, facts: sql`excluded.facts` },
        })
        .catch((error: { code?: string }) => {
          if (error.code !== '23503') throw error;
        });
      if (stale.length < CHUNK) return;
    }
  }

  /** The facts of the aanvragen in the scope that match the filters, current as of this view. */
  async #selection(scope: Scope, filters: DashboardFilters): Promise<RequestFacts[]> {
    // The whole scope, not only the filters: the satisfaction figures read the cuts of its aanvragen.
    await this.#refresh(this.#inScope(scope, undefined));
    const { requests } = schema;
    const rows = await this.#db
      .select({ facts: facts.facts })
      .from(facts)
      .innerJoin(requests, eq(requests.id, facts.requestId))
      .where(and(this.#inScope(scope, filters.combi), between(facts.submitted, dayNumber(filters.from), dayNumber(filters.to))));
    const matches = selector(filters);
    const out: RequestFacts[] = [];
    for (const { facts: f } of rows) if (f && matches(f)) out.push(f);
    return out;
  }

  #inScope(scope: Scope, combi: string | undefined): SQL {
    return dashboardScope(scope, combi, this.#ids, schema);
  }

  /**
   * The responses to surveys about aanvragen in the scope whose quarter may be in the window, with
   * the answers the dashboard reads. A response's day is its invitation's (personal links), else
   * its own start.
   */
  async #responses(scope: Scope, window: SatisfactionWindow): Promise<SatisfactionResponse[]> {
    const {
      surveyResponses: responses,
      surveyAnswers: answers,
      requests,
      endSurveyInvitations: ends,
      helpdeskContacts: help,
    } = schema;
    const day = sql<string>`coalesce(${ends.createdAt}, ${help.createdAt}, ${responses.createdAt})`;
    const rows = await this.#db
      .select({
        facts: facts.facts,
        id: responses.id,
        survey: responses.survey,
        at: day.mapWith(responses.createdAt),
        question: answers.question,
        value: answers.value,
        answeredAt: answers.answeredAt,
      })
      .from(responses)
      .innerJoin(requests, eq(requests.number, responses.requestNumber))
      .leftJoin(facts, eq(facts.requestId, requests.id))
      .leftJoin(ends, eq(ends.id, responses.invitationId))
      .leftJoin(help, eq(help.id, responses.invitationId))
      .leftJoin(answers, and(eq(answers.responseId, responses.id), inArray(answers.question, SATISFACTION_QUESTIONS)))
      .where(and(this.#inScope(scope, undefined), gte(day, window.from), lt(day, window.to)));
    // jsonb arrives decoded.
    return satisfactionResponses(
      rows.map(({ facts: f, ...row }) => ({ ...row, cut: cutOf(f ?? undefined) })),
      (value) => value,
    );
  }

  /** Invitations sent by personal link (eindmeting, helpdesk) for aanvragen in the scope in the window, and whether each was answered. */
  async #invitations(scope: Scope, window: SatisfactionWindow): Promise<SatisfactionInvitation[]> {
    const { endSurveyInvitations: invitations, helpdeskContacts: contacts, surveyResponses: responses, requests } = schema;
    const answered = (id: typeof invitations.id | typeof contacts.id) =>
      sql<boolean>`exists (select 1 from ${responses} where ${responses.invitationId} = ${id})`;
    const where = this.#inScope(scope, undefined);
    const [ends, helpdesk] = await Promise.all([
      this.#db
        .select({ facts: facts.facts, at: invitations.createdAt, responded: answered(invitations.id) })
        .from(invitations)
        .innerJoin(requests, eq(requests.id, invitations.requestId))
        .leftJoin(facts, eq(facts.requestId, requests.id))
        .where(
          and(
            eq(invitations.status, 'uitgenodigd'),
            gte(invitations.createdAt, window.from),
            lt(invitations.createdAt, window.to),
            where,
          ),
        ),
      this.#db
        .select({ facts: facts.facts, at: contacts.createdAt, responded: answered(contacts.id) })
        .from(contacts)
        .innerJoin(requests, eq(requests.number, contacts.requestNumber))
        .leftJoin(facts, eq(facts.requestId, requests.id))
        .where(
          and(sql`${contacts.route} <> 'geen'`, gte(contacts.createdAt, window.from), lt(contacts.createdAt, window.to), where),
        ),
    ]);
    const cut = (survey: string) => (r: { facts: RequestFacts | null; at: string; responded: boolean }) => ({
      survey,
      cut: cutOf(r.facts ?? undefined),
      at: r.at,
      responded: r.responded,
    });
    return satisfactionInvitations([...ends.map(cut('eindmeting')), ...helpdesk.map(cut('helpdesk'))]);
  }
}
