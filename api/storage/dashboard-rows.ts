/**
 * What the dashboards of both databases do alike once the rows are read (docs/decisions/0013-
 * dashboards.md): a view's figures and export rows from the facts of the selected aanvragen, and
 * the satisfaction figures from the responses and invitations of a quarter's window. The rules
 * themselves are domain/dashboard-metrics.ts and domain/satisfaction.ts; the SQL that reads the
 * rows is each database's own (api/storage/sqlite/dashboard.ts, api/storage/postgres/dashboard.ts).
 */
import { type Column, eq, type SQL, sql } from 'drizzle-orm';
import { businessVolumes } from '../../domain/applicant-types.ts';
import { addDays, dayNumber, dutchDate } from '../../domain/calendar.ts';
import {
  type ContactMomentRow,
  contactMomentRows,
  type DashboardFigures,
  type DashboardFilters,
  type DashboardRow,
  dashboardRow,
  processFigures,
  type RequestFacts,
} from '../../domain/dashboard-metrics.ts';
import type { StartCurve } from '../../domain/expected-window.ts';
import type { OrganisationLookup } from '../../domain/next-step.ts';
import {
  type Cut,
  disciplineGroup,
  quarterDays,
  SATISFACTION,
  type SatisfactionFigures,
  type SatisfactionInvitation,
  type SatisfactionResponse,
  satisfactionFigures,
  splitsByCombi,
} from '../../domain/satisfaction.ts';
import type { Scope } from '../../domain/staff.ts';
import {
  type CalibrationInput,
  type WindowCalibration,
  windowAsShown,
  windowCalibration,
} from '../../domain/window-calibration.ts';
import type { DeliveredStart, PlannedStart } from '../../domain/workload.ts';
import { type DirectoryIds, type ScopeTables, scopeCondition } from './scope-sql.ts';

export type DashboardDirectory = {
  organisations: OrganisationLookup;
  combiName: (code: string) => string | undefined;
  /** The comparable aanvragen as they stand now (ComparableStarts), for the windows the pages show now. */
  comparableStarts: (combi: string, kind: string, now: Date) => Promise<StartCurve>;
};

/** The aanvragen of the scope, narrowed to one combi area when asked: the one condition every dashboard query uses. */
export function dashboardScope(scope: Scope, combi: string | undefined, ids: DirectoryIds, tables: ScopeTables): SQL {
  const inScope = scopeCondition(scope, ids, tables);
  if (combi === undefined) return inScope;
  const id = ids.combiId(combi);
  return id === undefined ? sql`1 = 0` : sql`${inScope} and ${eq(tables.requests.combiId, id)}`;
}

/** Stored instants are UTC ISO strings: a window of whole UTC days with a day's margin on either side of the quarter. */
export type SatisfactionWindow = { from: string; to: string };

/** The questions whose answers the satisfaction figures read. */
export const SATISFACTION_QUESTIONS: string[] = [
  SATISFACTION.effort.question,
  SATISFACTION.ktv.question,
  ...SATISFACTION.freeText,
];

/** The responses and invitations of the scope in a window, read by the database's own SQL. */
export type SatisfactionReader = (window: SatisfactionWindow) => Promise<{
  responses: SatisfactionResponse[];
  invitations: SatisfactionInvitation[];
}>;

/** The facts of the scope's aanvragen that match filters: each store's own selection, for the volumes of the weighted figures. */
export type SubmittedReader = (filters: DashboardFilters) => Promise<readonly RequestFacts[]>;

/**
 * A window for the calibration (domain/window-calibration.ts) with its aanvraag, as both databases
 * read them: a kept one (`kept`), or an open aanvraag whose window is not fixed yet, read with its
 * window null (windowsAsShownNow fills in the one its page shows now).
 */
export type ShownWindowRow = CalibrationInput & { number: string; submittedAt: string; kept: boolean };

/**
 * Aanvragen whose window is not fixed yet (no kept record): open, so their page still shows one,
 * and with what a window needs. Older databases hold fixed ones without a record until
 * keepMissingShownWindows has run (api/core/shown-windows.ts).
 */
export function notFixedYet(requests: {
  deliveredAt: Column;
  cancelledAt: Column;
  combiId: Column;
  kind: Column;
  submittedAt: Column;
}): SQL {
  return sql`${requests.deliveredAt} is null and ${requests.cancelledAt} is null and ${requests.combiId} is not null and ${requests.kind} is not null and ${requests.submittedAt} is not null`;
}

/**
 * The calibration as it stands `now`: the kept windows, and those not fixed yet as their pages show
 * them now, each measured once its outcome is known (windowCalibration). The dashboard and the bench read it here.
 */
export async function windowCalibrationNow(
  rows: readonly ShownWindowRow[],
  comparableStarts: DashboardDirectory['comparableStarts'],
  now: Date,
): Promise<WindowCalibration> {
  return windowCalibration(await windowsAsShownNow(rows, comparableStarts, now), dutchDate(now));
}

/**
 * The windows of the rows not kept yet as their pages show them now: from the comparable aanvragen
 * as they stand. One curve per combi area and kind, and one window per day of submission in it
 * (a window depends on nothing else): a view counts 100,000 aanvragen over a few hundred of each.
 */
export async function windowsAsShownNow(
  rows: readonly ShownWindowRow[],
  comparableStarts: DashboardDirectory['comparableStarts'],
  now: Date,
): Promise<ShownWindowRow[]> {
  const groupOf = (row: ShownWindowRow) => `${row.combi}|${row.kind}`;
  const curves = new Map<string, StartCurve>();
  for (const row of rows) {
    const group = groupOf(row);
    if (!row.kept && !curves.has(group)) curves.set(group, await comparableStarts(row.combi, row.kind, now));
  }
  const windows = new Map<string, ReturnType<typeof windowAsShown>>();
  return rows.map((row) => {
    if (row.kept) return row;
    const group = groupOf(row);
    const key = `${group}|${dutchDate(row.submittedAt)}`;
    let shown = windows.get(key);
    if (!shown) {
      shown = windowAsShown(curves.get(group) as StartCurve, row.submittedAt);
      windows.set(key, shown);
    }
    return { ...row, ...shown };
  });
}

/**
 * The figures of one view: the process figures and the window's calibration over the selection,
 * satisfaction over the whole scope. `windows` reads the shown windows of the selection's
 * aanvragen (each store as it can do fastest; windowsOfSelection is the plain way).
 */
export async function dashboardFigures(
  selection: readonly RequestFacts[],
  scope: Scope,
  filters: DashboardFilters,
  now: Date,
  read: SatisfactionReader,
  windows: () => Promise<ShownWindowRow[]>,
  submitted: SubmittedReader,
  comparableStarts: DashboardDirectory['comparableStarts'],
): Promise<DashboardFigures> {
  const [satisfaction, calibration] = await Promise.all([
    satisfactionOf(scope, filters, now, read, submitted),
    windows().then((rows) => windowCalibrationNow(rows, comparableStarts, now)),
  ]);
  return {
    filters,
    ...processFigures(selection, filters.quietDays, now, filters.discipline),
    windowCalibration: calibration,
    satisfaction,
  };
}

/** The shown windows (of a scope and combi) of the selected aanvragen, by number. */
export function windowsOfSelection(rows: readonly ShownWindowRow[], selection: readonly RequestFacts[]): ShownWindowRow[] {
  const chosen = new Set(selection.map((f) => f.number));
  return rows.filter((w) => chosen.has(w.number));
}

/**
 * The satisfaction figures of one quarter over the whole scope: not narrowed by the period,
 * discipline or combi of the process figures (domain/satisfaction.ts says why).
 */
async function satisfactionOf(
  scope: Scope,
  filters: DashboardFilters,
  now: Date,
  read: SatisfactionReader,
  submitted: SubmittedReader,
): Promise<SatisfactionFigures> {
  const { quarter } = filters;
  const { first, last, final } = quarterDays(quarter);
  // A day's margin on either side; the exact Dutch days are the domain's.
  const [{ responses, invitations }, aanvragen] = await Promise.all([
    read({ from: addDays(first, -1), to: addDays(final, 1) }),
    // The whole scope's aanvragen submitted in the quarter, whatever the process filters say.
    submitted({ ...filters, from: first, to: last, combi: undefined, discipline: undefined }),
  ]);
  return satisfactionFigures({
    quarter,
    today: dutchDate(now),
    byCombi: splitsByCombi(scope),
    responses,
    invitations,
    volumes: businessVolumes(aanvragen),
  });
}

/** Where the answers of an aanvraag count: its combi and discipline group, and its business applicant. */
export function cutOf(facts: RequestFacts | undefined): Cut | undefined {
  return facts && { combi: facts.combi ?? '', discipline: disciplineGroup(facts.disciplines), kvk: facts.kvk };
}

/**
 * The instant that decides a response's quarter (domain/satisfaction.ts), for a query that joins
 * a response with its invitation (eindmeting) and helpdesk contact by its invitation id: the
 * invitation's, else the response's own start. The dashboards and the BI feed read it alike.
 */
export function responseDay(t: {
  endSurveyInvitations: { createdAt: Column };
  helpdeskContacts: { createdAt: Column };
  surveyResponses: { createdAt: Column };
}): SQL<string> {
  return sql<string>`coalesce(${t.endSurveyInvitations.createdAt}, ${t.helpdeskContacts.createdAt}, ${t.surveyResponses.createdAt})`;
}

/** One response row joined with one of its answers (or none): how both databases read them. */
export type ResponseRow = {
  cut: Cut | undefined;
  id: string;
  survey: string;
  /** The response's day: its invitation's, else its own start (an ISO instant). */
  at: string;
  question: string | null;
  /** The stored answer, as the database gives it; `decode` makes it a value or throws. */
  value: unknown;
  answeredAt: string | null;
};

/** The responses with their answers, one per response id; an answer that cannot be read is left out. */
export function satisfactionResponses(rows: Iterable<ResponseRow>, decode: (value: unknown) => unknown): SatisfactionResponse[] {
  const byId = new Map<string, SatisfactionResponse>();
  for (const { cut, id, survey, at, question, value, answeredAt } of rows) {
    if (!cut) continue;
    let response = byId.get(id);
    if (!response) {
      response = { id, survey, cut, day: dutchDate(at), answers: [] };
      byId.set(id, response);
    }
    if (question === null || value === null || answeredAt === null) continue;
    try {
      response.answers.push({ question, value: decode(value), day: dutchDate(answeredAt) });
    } catch {
      // Not an answer the dashboard can read.
    }
  }
  return [...byId.values()];
}

/** An invitation sent by personal link, with the cut of its aanvraag (none: not counted). */
export type InvitationRow = { survey: string; cut: Cut | undefined; at: string; responded: boolean };

export function satisfactionInvitations(rows: Iterable<InvitationRow>): SatisfactionInvitation[] {
  const out: SatisfactionInvitation[] = [];
  for (const { survey, cut, at, responded } of rows) if (cut) out.push({ survey, cut, day: dutchDate(at), responded });
  return out;
}

const byNumber = (a: { number: string }, b: { number: string }) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
const combiNameIn = (directory: DashboardDirectory) => (code: string | undefined) =>
  code ? (directory.combiName(code) ?? code) : '';

/** The export's rows of the selection, ordered by number. */
export function dashboardRows(selection: RequestFacts[], directory: DashboardDirectory, now: Date): DashboardRow[] {
  const today = dayNumber(dutchDate(now));
  const combiName = combiNameIn(directory);
  return selection.map((facts) => dashboardRow(facts, combiName(facts.combi), now, today)).sort(byNumber);
}

/** The contact moments of the selection as the page counts them (the discipline filter included), ordered by number. */
export function contactMoments(
  selection: RequestFacts[],
  filters: DashboardFilters,
  directory: DashboardDirectory,
  now: Date,
): ContactMomentRow[] {
  const today = dayNumber(dutchDate(now));
  const combiName = combiNameIn(directory);
  return [...selection]
    .sort(byNumber)
    .flatMap((facts) => contactMomentRows(facts, combiName(facts.combi), today, filters.discipline));
}

/**
 * What the workload (domain/workload.ts) reads from a scope, as both databases read it: per open
 * aanvraag and contractor of an opdracht not cancelled, its firm date or provisional week; per
 * aanvraag not cancelled and contractor, the day its work began (requests.starts_on, actualStart of
 * domain/window-calibration.ts) when that lies from `from` to `to`.
 */
export type WorkloadStarts = { planned: PlannedStart[]; delivered: DeliveredStart[] };

/** Rows of (contractor id, …) as the databases give them, with the contractor's code; unknown ids are left out. */
export function withContractor<T>(
  rows: Iterable<[contractorId: number, rest: T]>,
  ids: DirectoryIds,
): (T & { contractor: string })[] {
  const out: (T & { contractor: string })[] = [];
  for (const [id, rest] of rows) {
    const contractor = ids.organisationCode(id);
    if (contractor !== undefined) out.push({ ...rest, contractor });
  }
  return out;
}
