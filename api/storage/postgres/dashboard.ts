/**
 * The dashboards on PostgreSQL (docs/decisions/0013-dashboards.md), with the same figures and rows
 * as api/storage/sqlite/dashboard.ts: which aanvragen an organisation sees is decided in SQL by the
 * one scope rule, what is measured per aanvraag is domain/dashboard-metrics.ts (requestFacts), and
 * the view is computed by api/storage/dashboard-rows.ts.
 *
 * SQLite's single process keeps the facts in memory besides storing them, and catches up by the
 * change position that every write gives an aanvraag in commit order. Neither holds here: several
 * servers write the same database, and a sequence does not follow commit order (a write with a
 * lower number can commit after a view has read a higher one). So the facts are read from the
 * table dashboard_facts (schema.ts), one row per aanvraag, and each row names what it was
 * computed from: the content's fingerprint and the row version (`xmin`) of the aanvraag's requests row. Every write to an aanvraag, by any process and in any
 * order of commits (ingestion, retention, imports), gives its row a new xmin; a view first
 * recomputes the facts whose source differs from their row's, then reads the facts of its
 * scope. Nothing that another process's write could make wrong is kept in memory (a view's facts
 * live as long as the view), and a server's first view reads small facts instead of every state.
 * xmin is a 32-bit transaction id: stale facts would look current only if their row were rewritten
 * exactly 2^32 transactions later with no view in between. Two releases with different content
 * running side by side recompute each other's facts (correct, only slower) until one is gone.
 */
import { and, between, eq, gte, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AlertSettings } from '../../../domain/alert-settings.ts';
import { dayNumber, dutchDate } from '../../../domain/calendar.ts';
import type { Content } from '../../../domain/content.ts';
import { type DailyDigest, dailyDigest } from '../../../domain/daily-digest.ts';
import {
  type ContactMomentRow,
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
import { type Worklist, type WorklistFilters, worklist, worklistSelection } from '../../../domain/worklist.ts';
import { encodeFacts, type FactsSource, factsDecoder, factsSource } from '../dashboard-facts.ts';
import {
  contactMoments,
  cutOf,
  type DashboardDirectory,
  dashboardFigures,
  dashboardRows,
  dashboardScope,
  notFixedYet,
  responseDay,
  SATISFACTION_QUESTIONS,
  type SatisfactionWindow,
  type ShownWindowRow,
  satisfactionInvitations,
  satisfactionResponses,
  type WorkloadStarts,
  windowsOfSelection,
  withContractor,
} from '../dashboard-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { DashboardStore } from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const { dashboardFacts: facts } = schema;

/** States read per step while facts are recomputed: a few megabytes at a time. */
const CHUNK = 500;

export class PgDashboard implements DashboardStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;
  readonly #directory: DashboardDirectory;
  readonly #source: () => FactsSource;
  /** One recomputation at a time in this process; a later one finds what an earlier one did. */
  #recomputing: Promise<unknown> = Promise.resolve();

  /** Without `content` (scripts that open the store bare), the norms are read from content/ when first needed. */
  constructor(db: PgDb, ids: DirectoryIds, directory: DashboardDirectory, content: Content | undefined) {
    this.#db = db;
    this.#ids = ids;
    this.#directory = directory;
    this.#source = factsSource(content);
  }

  async warm(): Promise<void> {
    await this.#recompute(await this.#staleIds(sql`true`));
  }

  async figures(scope: Scope, filters: DashboardFilters, now = new Date()): Promise<DashboardFigures> {
    const selection = await this.#selection(scope, filters);
    return dashboardFigures(
      selection,
      scope,
      filters,
      now,
      async (window) => {
        const [responses, invitations] = await Promise.all([this.#responses(scope, window), this.#invitations(scope, window)]);
        return { responses, invitations };
      },
      async () => windowsOfSelection(await this.shownWindows(scope, filters.combi), selection),
      (submitted) => this.#selection(scope, submitted),
      this.#directory.comparableStarts,
    );
  }

  async shownWindows(scope: Scope, combi?: string): Promise<ShownWindowRow[]> {
    const { shownWindows: kept, requests } = schema;
    const rows = await this.#db
      .select({
        number: requests.number,
        combiId: requests.combiId,
        kind: requests.kind,
        submittedAt: requests.submittedAt,
        startsOn: requests.startsOn,
        cancelledAt: requests.cancelledAt,
        keptId: kept.requestId,
        fromDate: kept.fromDate,
        toDate: kept.toDate,
        statedOutOf10: kept.statedOutOfTen,
      })
      .from(requests)
      .leftJoin(kept, eq(kept.requestId, requests.id))
      .where(and(this.#inScope(scope, combi), or(isNotNull(kept.requestId), notFixedYet(requests))));
    return rows.map(({ combiId, kind, submittedAt, cancelledAt, keptId, ...row }) => ({
      ...row,
      combi: (combiId !== null && this.#ids.combiCode(combiId)) || '',
      kind: kind ?? '',
      // Not null: kept windows have a submission, and notFixedYet asks for one.
      submittedAt: submittedAt as string,
      cancelledOn: cancelledAt && dutchDate(cancelledAt),
      kept: keptId !== null,
    }));
  }

  async workloadStarts(scope: Scope, { from, to }: { from: string; to: string }): Promise<WorkloadStarts> {
    const { requests, workOrders } = schema;
    // Per aanvraag and contractor once, however many of its opdrachten that contractor has.
    const contractor = and(
      eq(workOrders.requestId, requests.id),
      isNull(workOrders.cancelledAt),
      isNotNull(workOrders.contractorId),
    );
    const firm = sql<string | null>`${requests.state} #>> '{planning,confirmedStart,date}'`;
    const week = sql<string | null>`${requests.state} #>> '{planning,provisionalWeek}'`;
    const [planned, delivered] = await Promise.all([
      this.#db
        .selectDistinct({ id: requests.id, contractorId: workOrders.contractorId, firm, week })
        .from(requests)
        .innerJoin(workOrders, contractor)
        .where(
          and(
            this.#inScope(scope, undefined),
            isNotNull(requests.submittedAt),
            isNull(requests.deliveredAt),
            isNull(requests.cancelledAt),
            or(isNotNull(firm), isNotNull(week)),
          ),
        ),
      // The day the work began (requests.starts_on, actualStart), whether or not it is delivered yet.
      this.#db
        .selectDistinct({ id: requests.id, contractorId: workOrders.contractorId, start: requests.startsOn })
        .from(requests)
        .innerJoin(workOrders, contractor)
        .where(and(between(requests.startsOn, from, to), isNull(requests.cancelledAt), this.#inScope(scope, undefined))),
    ]);
    return {
      planned: withContractor(
        planned.map((r) => [r.contractorId as number, { confirmedStart: r.firm, provisionalWeek: r.week }]),
        this.#ids,
      ),
      delivered: withContractor(
        delivered.map((r) => [r.contractorId as number, { actualStart: r.start as string }]),
        this.#ids,
      ),
    };
  }

  async rows(scope: Scope, filters: DashboardFilters, now = new Date()): Promise<DashboardRow[]> {
    return dashboardRows(await this.#selection(scope, filters), this.#directory, now);
  }

  async contactMomentRows(scope: Scope, filters: DashboardFilters, now = new Date()): Promise<ContactMomentRow[]> {
    return contactMoments(await this.#selection(scope, filters), filters, this.#directory, now);
  }

  async worklist(scope: Scope, filters: WorklistFilters, now = new Date()): Promise<Worklist> {
    return worklist(await this.#selection(scope, worklistSelection(filters.combi)), filters, dutchDate(now));
  }

  async digest(scope: Scope, settings: AlertSettings, now = new Date()): Promise<DailyDigest> {
    return dailyDigest(await this.#selection(scope, worklistSelection(undefined)), settings, now);
  }

  /** The source a fact of the current requests row must name to be current. */
  #currentSource(): SQL<string> {
    return sql<string>`${this.#source().fingerprint}::text || ':' || ${schema.requests}.xmin::text`;
  }

  /** The aanvragen under `condition` whose stored facts are missing or out of date: one join, no state read. */
  async #staleIds(condition: SQL): Promise<number[]> {
    const { requests } = schema;
    const rows = await this.#db
      .select({ id: requests.id })
      .from(requests)
      .leftJoin(facts, eq(facts.requestId, requests.id))
      .where(and(condition, sql`${facts.source} is distinct from ${this.#currentSource()}`));
    return rows.map((r) => r.id);
  }

  /**
   * Computes and stores the facts of those of `ids` that are still stale when their state is read,
   * each with the source of the row version it read; returns them (null: not submitted). One at a
   * time in this process, so a view that comes during the first build waits for it instead of
   * doing the same work again.
   */
  #recompute(ids: number[]): Promise<Map<number, RequestFacts | null>> {
    const run = this.#recomputing.then(() => this.#recomputeNow(ids));
    this.#recomputing = run.catch(() => {});
    return run;
  }

  async #recomputeNow(ids: number[]): Promise<Map<number, RequestFacts | null>> {
    const { requests } = schema;
    const { content } = this.#source();
    const current = this.#currentSource();
    const out = new Map<number, RequestFacts | null>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const stale = await this.#db
        .select({ id: requests.id, source: current, state: requests.state })
        .from(requests)
        .leftJoin(facts, eq(facts.requestId, requests.id))
        .where(and(inArray(requests.id, ids.slice(i, i + CHUNK)), sql`${facts.source} is distinct from ${current}`));
      if (stale.length === 0) continue;
      const rows = stale.map(({ id, source, state }) => {
        const f = requestFacts(state as RequestState, content, this.#directory.organisations) ?? null;
        out.set(id, f);
        return { requestId: id, source, submitted: f?.submitted ?? null, facts: f && encodeFacts(f) };
      });
      // Another process may store facts of the same row meanwhile, older or newer: each names its
      // source, so a stale one is recomputed by the next view. An aanvraag deleted meanwhile
      // (foreign key) is not found by the next view.
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
    }
    return out;
  }

  /**
   * The facts of the aanvragen in the scope that match the filters, current as of this view. The
   * stored facts of the selection and the stale ones of the whole scope (the satisfaction figures
   * read the cuts of all its aanvragen) are read side by side; the stale ones are recomputed, and
   * those another process made current meanwhile are read again.
   */
  async #selection(scope: Scope, filters: DashboardFilters): Promise<RequestFacts[]> {
    const { requests } = schema;
    const [stale, rows] = await Promise.all([
      this.#staleIds(this.#inScope(scope, undefined)),
      this.#db
        .select({ id: facts.requestId, facts: facts.facts, current: sql<boolean>`${facts.source} = ${this.#currentSource()}` })
        .from(facts)
        .innerJoin(requests, eq(requests.id, facts.requestId))
        .where(
          and(this.#inScope(scope, filters.combi), between(facts.submitted, dayNumber(filters.from), dayNumber(filters.to))),
        ),
    ]);
    const ids = new Set(stale);
    for (const row of rows) if (!row.current) ids.add(row.id);
    const recomputed = await this.#recompute([...ids]);
    const meanwhile = [...ids].filter((id) => !recomputed.has(id));
    const again: { id: number; facts: string | null }[] = [];
    // Many when the first build ran meanwhile: in steps below PostgreSQL's limit of parameters.
    for (let i = 0; i < meanwhile.length; i += 10_000) {
      const ids = meanwhile.slice(i, i + 10_000);
      again.push(
        ...(await this.#db.select({ id: facts.requestId, facts: facts.facts }).from(facts).where(inArray(facts.requestId, ids))),
      );
    }
    // Each aanvraag from one of three: its stored facts when current, else as recomputed here, else as read again.
    const decode = factsDecoder();
    const matches = selector(filters);
    const out: RequestFacts[] = [];
    const keep = (f: RequestFacts | null) => {
      if (f && matches(f)) out.push(f);
    };
    for (const row of rows) if (!ids.has(row.id) && row.facts !== null) keep(decode(row.facts));
    for (const row of again) if (row.facts !== null) keep(decode(row.facts));
    for (const f of recomputed.values()) keep(f);
    return out;
  }

  #inScope(scope: Scope, combi: string | undefined): SQL {
    return dashboardScope(scope, combi, this.#ids, schema);
  }

  /** The responses of the scope in the window with the answers read, as SQLite's #responses: the day is the invitation's, else the response's start. */
  async #responses(scope: Scope, window: SatisfactionWindow): Promise<SatisfactionResponse[]> {
    const {
      surveyResponses: responses,
      surveyAnswers: answers,
      requests,
      endSurveyInvitations: ends,
      helpdeskContacts: help,
    } = schema;
    const day = responseDay(schema);
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
    const decode = factsDecoder();
    // jsonb arrives decoded.
    return satisfactionResponses(
      rows.map(({ facts: f, ...row }) => ({ ...row, cut: cutOf(f === null ? undefined : decode(f)) })),
      (value) => value,
    );
  }

  /** Invitations sent by personal link (eindmeting, helpdesk) for aanvragen in the scope in the window, and whether each was answered. */
  async #invitations(scope: Scope, window: SatisfactionWindow): Promise<SatisfactionInvitation[]> {
    const { endSurveyInvitations: invitations, helpdeskContacts: contacts, surveyResponses: responses, requests } = schema;
    const answered = (id: typeof invitations.id | typeof contacts.id) =>
      sql<boolean>`exists (select 1 from ${responses} where ${responses.invitationId} = ${id})`;
    const decode = factsDecoder();
    const read = async (
      survey: string,
      table: typeof invitations | typeof contacts,
      at: typeof invitations.createdAt | typeof contacts.createdAt,
      responded: SQL<boolean>,
      aanvraag: SQL,
      condition: SQL,
    ) =>
      (
        await this.#db
          .select({ facts: facts.facts, at, responded })
          .from(table)
          .innerJoin(requests, aanvraag)
          .leftJoin(facts, eq(facts.requestId, requests.id))
          .where(and(condition, gte(at, window.from), lt(at, window.to), this.#inScope(scope, undefined)))
      ).map((r) => ({ survey, cut: cutOf(r.facts === null ? undefined : decode(r.facts)), at: r.at, responded: r.responded }));
    const [ends, helpdesk] = await Promise.all([
      read(
        'eindmeting',
        invitations,
        invitations.createdAt,
        answered(invitations.id),
        eq(requests.id, invitations.requestId),
        eq(invitations.status, 'uitgenodigd'),
      ),
      read(
        'helpdesk',
        contacts,
        contacts.createdAt,
        answered(contacts.id),
        eq(requests.number, contacts.requestNumber),
        sql`${contacts.route} <> 'geen'`,
      ),
    ]);
    return satisfactionInvitations([...ends, ...helpdesk]);
  }
}
