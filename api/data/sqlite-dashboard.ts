/**
 * The dashboards in SQLite (docs/decisions/0013-dashboards.md). Which aanvragen an organisation
 * sees is decided in SQL, by scopeCondition, for every figure and every export row. What is
 * measured per aanvraag comes from domain/dashboard-metrics.ts (requestFacts): its due and done
 * dates, open steps, lead time and firm date, none of which depend on today. Those facts are
 * kept in memory, one small object per aanvraag, built from the folded states once and then kept
 * current from the message log: every accepted message has a higher `seq`, so the aanvragen
 * changed since the last view are those named by messages after the last `seq` seen. A view
 * then judges the facts of the aanvragen in scope against today, without reading any state.
 *
 * Measured on the benchmark database (86,000 aanvragen in one combi area), per-aanvraag joins of
 * the projection tables cost seconds per view on this machine (an index seek per aanvraag and
 * table); the facts cost one read of every state when the first view comes, and nothing after.
 */
import type Database from 'better-sqlite3';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Content } from '../../domain/content.ts';
import {
  type AnswerRow,
  type DashboardFigures,
  type DashboardFilters,
  type DashboardRow,
  dashboardRow,
  type InvitationRow,
  processFigures,
  type RequestFacts,
  requestFacts,
  SATISFACTION,
  satisfactionFigures,
  selected,
} from '../../domain/dashboard-metrics.ts';
import type { OrganisationLookup } from '../../domain/next-step.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { Scope } from '../../domain/staff.ts';
import * as schema from './schema.ts';
import { type DirectoryIds, scopeCondition } from './scope-sql.ts';
import type { DashboardStore } from './store.ts';

type Db = BetterSQLite3Database<typeof schema>;

/** Aanvragen read per step while the facts are built or caught up; the server answers others in between. */
const CHUNK = 1000;
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export type DashboardDirectory = {
  organisations: OrganisationLookup;
  combiName: (code: string) => string | undefined;
};

export class SqliteDashboard implements DashboardStore {
  readonly #sqlite: Database.Database;
  readonly #db: Db;
  readonly #ids: DirectoryIds;
  readonly #directory: DashboardDirectory;
  readonly #content: () => Content;
  /** The facts per aanvraag (by row id), current up to message `#seq`. */
  readonly #facts = new Map<number, RequestFacts>();
  #seq = 0;
  #built = false;
  #catchingUp: Promise<void> | undefined;
  readonly #q;

  constructor(sqlite: Database.Database, db: Db, ids: DirectoryIds, directory: DashboardDirectory, content: () => Content) {
    this.#sqlite = sqlite;
    this.#db = db;
    this.#ids = ids;
    this.#directory = directory;
    this.#content = content;
    this.#q = {
      lastSeq: sqlite.prepare('select max(seq) from messages').pluck(),
      // The rowid range, in rowid order: no index on the message log is needed for this.
      changedSince: sqlite.prepare('select request_number from messages where seq > ? and seq <= ? order by seq').pluck(),
      stateByNumber: sqlite.prepare('select id, state from requests where number = ?').raw(),
      statesFrom: sqlite.prepare('select id, state from requests where id > ? order by id limit ?').raw(),
    };
  }

  async warm(): Promise<void> {
    for (;;) {
      const target = (this.#q.lastSeq.get() as number | null) ?? 0;
      if (this.#built && target <= this.#seq) return;
      this.#catchingUp ??= this.#catchUp().finally(() => {
        this.#catchingUp = undefined;
      });
      await this.#catchingUp;
    }
  }

  #keep(id: number, stateJson: string): void {
    const facts = requestFacts(JSON.parse(stateJson) as RequestState, this.#content(), this.#directory.organisations);
    if (facts) this.#facts.set(id, facts);
    else this.#facts.delete(id);
  }

  /**
   * Reads every aanvraag once, then those named by messages since. The target `seq` is read
   * first: a message that arrives meanwhile is after it, so the next view reads its aanvraag again.
   */
  async #catchUp(): Promise<void> {
    const target = (this.#q.lastSeq.get() as number | null) ?? 0;
    if (!this.#built) {
      let last = 0;
      for (;;) {
        const rows = this.#q.statesFrom.all(last, CHUNK) as [number, string][];
        for (const [id, state] of rows) this.#keep(id, state);
        if (rows.length < CHUNK) break;
        last = (rows.at(-1) as [number, string])[0];
        await nextTick();
      }
      this.#built = true;
    } else {
      const numbers = [...new Set(this.#q.changedSince.all(this.#seq, target) as string[])];
      for (let i = 0; i < numbers.length; i += CHUNK) {
        if (i > 0) await nextTick();
        for (const number of numbers.slice(i, i + CHUNK)) {
          const row = this.#q.stateByNumber.get(number) as [number, string] | undefined;
          if (row) this.#keep(row[0], row[1]);
        }
      }
    }
    this.#seq = Math.max(this.#seq, target);
  }

  /** Row ids of the aanvragen in the scope (and the combi filter): the one place that decides what counts. */
  #idsInScope(scope: Scope, combi: string | undefined): number[] {
    const { requests } = schema;
    const conditions: SQL[] = [scopeCondition(scope, this.#ids)];
    if (combi !== undefined) {
      const combiId = this.#ids.combiId(combi);
      if (combiId === undefined) return [];
      conditions.push(eq(requests.combiId, combiId));
    }
    const query = this.#db
      .select({ id: requests.id })
      .from(requests)
      .where(and(...conditions))
      .toSQL();
    return this.#sqlite
      .prepare(query.sql)
      .pluck()
      .all(...query.params) as number[];
  }

  async #selection(scope: Scope, filters: DashboardFilters): Promise<{ id: number; facts: RequestFacts }[]> {
    await this.warm();
    const out: { id: number; facts: RequestFacts }[] = [];
    for (const id of this.#idsInScope(scope, filters.combi)) {
      const facts = this.#facts.get(id);
      if (facts && selected(facts, filters)) out.push({ id, facts });
    }
    return out;
  }

  async figures(scope: Scope, filters: DashboardFilters, now = new Date()): Promise<DashboardFigures> {
    const selection = await this.#selection(scope, filters);
    const ids = new Set(selection.map((s) => s.id));
    return {
      filters,
      ...processFigures(
        selection.map((s) => s.facts),
        filters.quietDays,
        now,
      ),
      satisfaction: satisfactionFigures(this.#answers(scope, filters.combi, ids), this.#invitations(scope, filters.combi, ids)),
    };
  }

  async rows(scope: Scope, filters: DashboardFilters, now = new Date()): Promise<DashboardRow[]> {
    const selection = await this.#selection(scope, filters);
    return selection
      .map(({ facts }) =>
        dashboardRow(facts, facts.combi ? (this.#directory.combiName(facts.combi) ?? facts.combi) : '', now),
      )
      .sort((a, b) => a.number.localeCompare(b.number));
  }

  #combiCondition(combi: string | undefined): SQL {
    if (combi === undefined) return sql`1 = 1`;
    const id = this.#ids.combiId(combi);
    return id === undefined ? sql`1 = 0` : eq(schema.requests.combiId, id);
  }

  /**
   * The answers the dashboard reads, of responses to aanvragen in the scope (then narrowed to the
   * selection). CROSS JOIN keeps SQLite from walking every aanvraag of the scope to find the few
   * with a response: it starts from the responses and looks each aanvraag up by its number.
   */
  #answers(scope: Scope, combi: string | undefined, selection: Set<number>): AnswerRow[] {
    const { surveyResponses: responses, surveyAnswers: answers, requests } = schema;
    const questions = [SATISFACTION.effort.question, SATISFACTION.ktv.question, ...SATISFACTION.freeText];
    const rows = this.#db.all<{
      requestId: number;
      responseId: string;
      survey: string;
      question: string;
      value: string;
      answeredAt: string;
    }>(sql`
      select ${requests.id} as requestId, ${responses.id} as responseId, ${responses.survey} as survey,
             ${answers.question} as question, ${answers.value} as value, ${answers.answeredAt} as answeredAt
      from ${responses}
      cross join ${requests} on ${requests.number} = ${responses.requestNumber}
      cross join ${answers} on ${answers.responseId} = ${responses.id}
      where ${scopeCondition(scope, this.#ids)} and ${this.#combiCondition(combi)}
        and ${answers.question} in ${questions}`);
    const out: AnswerRow[] = [];
    for (const r of rows) {
      if (!selection.has(r.requestId)) continue;
      let value: unknown;
      try {
        value = JSON.parse(r.value);
      } catch {
        continue;
      }
      out.push({ responseId: r.responseId, survey: r.survey, question: r.question, value, answeredAt: r.answeredAt });
    }
    return out;
  }

  /** Invitations sent by personal link (eindmeting, helpdesk) for aanvragen in the scope, and whether each was answered. */
  #invitations(scope: Scope, combi: string | undefined, selection: Set<number>): InvitationRow[] {
    const { endSurveyInvitations: invitations, helpdeskContacts: contacts, surveyResponses: responses, requests } = schema;
    const answered = (id: typeof invitations.id | typeof contacts.id) =>
      sql`exists (select 1 from ${responses} where ${responses.invitationId} = ${id})`;
    const where = sql`${scopeCondition(scope, this.#ids)} and ${this.#combiCondition(combi)}`;
    const rows = [
      ...this.#db.all<{ requestId: number; responded: number }>(sql`
        select ${requests.id} as requestId, ${answered(invitations.id)} as responded
        from ${invitations} cross join ${requests} on ${requests.id} = ${invitations.requestId}
        where ${invitations.status} = 'uitgenodigd' and ${where}`).map((r) => ({ ...r, survey: 'eindmeting' })),
      ...this.#db.all<{ requestId: number; responded: number }>(sql`
        select ${requests.id} as requestId, ${answered(contacts.id)} as responded
        from ${contacts} cross join ${requests} on ${requests.number} = ${contacts.requestNumber}
        where ${contacts.route} <> 'geen' and ${where}`).map((r) => ({ ...r, survey: 'helpdesk' })),
    ];
    return rows.filter((r) => selection.has(r.requestId)).map((r) => ({ survey: r.survey, responded: r.responded === 1 }));
  }
}
