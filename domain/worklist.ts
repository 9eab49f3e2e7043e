/**
 * The planners' werklijst (issue 15 item 1): every open step of the organisation's aanvragen that
 * is overdue, due today or due within N working days, the earliest first. Which steps are open and
 * when each is due is the dashboard's facts (dashboard-metrics.ts requestFacts, from next-step.ts
 * openSteps), never worked out again here; this file only selects, counts and orders them against
 * today. Days late are working days (calendar.ts, Dutch public holidays), as on the aanvraag page.
 */
import { z } from 'zod';
import './zod-dutch.ts';
import { DEFAULT_RISK_DAYS } from './alert-settings.ts';
import { addWorkingDays, dateOfDay, dayNumber, type IsoDate } from './calendar.ts';
import { PHASES, type Phase, type StepId } from './content-schema.ts';
import { type DashboardFilters, disciplineBits, type RequestFacts } from './dashboard-metrics.ts';
import { type DateAtRisk, dateAtRisk } from './date-at-risk.ts';
import { parseFilterQuery } from './filter-query.ts';
import { DISCIPLINES, type Discipline } from './messages.ts';
import { workingDaysLate } from './next-step.ts';

export const DEFAULT_WORKLIST_DAYS = 5;
export const MAX_WORKLIST_DAYS = 20;
/** Rows one page shows; the counts are over the whole selection. */
export const WORKLIST_LIMIT = 200;

export type WorklistFilters = {
  /** Working days ahead of today still listed (0: today and overdue only). */
  days: number;
  /** The party a step waits for: an organisation code, or a role such as the customer. */
  party?: string;
  phase?: Phase;
  discipline?: Discipline;
  combi?: string;
  overdueOnly: boolean;
  /** Only the steps of aanvragen whose firm start date is at risk (date-at-risk.ts). */
  atRiskOnly?: boolean;
  /** The organisation's N of "planning in gevaar" (alert-settings.ts); not a choice of the form. */
  riskDays?: number;
};

export type WorklistRow = {
  number: string;
  combi: string | undefined;
  phase: Phase;
  disciplines: readonly Discipline[];
  step: StepId;
  party: string;
  due: IsoDate;
  overdue: boolean;
  /** Working days after the due date up to and including today (0 when not overdue). */
  daysLate: number;
  /** The aanvraag's firm start date at risk, with its blockers; undefined when it is not. */
  atRisk: DateAtRisk | undefined;
};

/** How many listed steps each filter value would give, the other filters kept. */
export type WorklistCounts = {
  party: Map<string, number>;
  phase: Map<Phase, number>;
  discipline: Map<Discipline, number>;
  combi: Map<string, number>;
  overdue: number;
  atRisk: number;
};

export type Worklist = { rows: WorklistRow[]; total: number; until: IsoDate; counts: WorklistCounts };

const code = z.string().regex(/^[a-z0-9-]{1,64}$/, 'is geen code');
const worklistQuery = z.object({
  dagen: z.coerce
    .number({ error: 'moet een aantal werkdagen zijn' })
    .int('moet een heel aantal werkdagen zijn')
    .min(0, 'mag niet negatief zijn')
    .max(MAX_WORKLIST_DAYS, `mag hoogstens ${MAX_WORKLIST_DAYS} werkdagen zijn`)
    .optional(),
  partij: code.optional(),
  fase: z.enum(PHASES, { error: `moet een van ${PHASES.join(', ')} zijn` }).optional(),
  discipline: z.enum(DISCIPLINES, { error: `moet een van ${DISCIPLINES.join(', ')} zijn` }).optional(),
  combi: code.optional(),
  'te-laat': z.literal('ja', { error: 'vink aan of laat leeg' }).optional(),
  'in-gevaar': z.literal('ja', { error: 'vink aan of laat leeg' }).optional(),
});

export type WorklistFilterResult = { ok: true; filters: WorklistFilters } | { ok: false; field: string; message: string };

/** The filters from the GET form's query string; empty values mean "all" (and 5 working days ahead). */
export function parseWorklistFilters(query: Record<string, string | undefined>): WorklistFilterResult {
  const parsed = parseFilterQuery(worklistQuery, query);
  if (!parsed.ok) return parsed;
  const q = parsed.data;
  return {
    ok: true,
    filters: {
      days: q.dagen ?? DEFAULT_WORKLIST_DAYS,
      ...(q.partij && { party: q.partij }),
      ...(q.fase && { phase: q.fase }),
      ...(q.discipline && { discipline: q.discipline }),
      ...(q.combi && { combi: q.combi }),
      overdueOnly: q['te-laat'] === 'ja',
      ...(q['in-gevaar'] === 'ja' && { atRiskOnly: true }),
    },
  };
}

/** The filters as a query string, for links (the dashboard's backlog per party). */
export function worklistQueryString(filters: Partial<WorklistFilters>): string {
  const params = new URLSearchParams();
  if (filters.days !== undefined && filters.days !== DEFAULT_WORKLIST_DAYS) params.set('dagen', String(filters.days));
  if (filters.party) params.set('partij', filters.party);
  if (filters.phase) params.set('fase', filters.phase);
  if (filters.discipline) params.set('discipline', filters.discipline);
  if (filters.combi) params.set('combi', filters.combi);
  if (filters.overdueOnly) params.set('te-laat', 'ja');
  if (filters.atRiskOnly) params.set('in-gevaar', 'ja');
  return params.toString();
}

/**
 * The dashboard selection the werklijst starts from: every aanvraag in the scope whatever its
 * submission date (an old aanvraag's step can be due today), narrowed to one combi when asked.
 */
export function worklistSelection(combi: string | undefined): DashboardFilters {
  return {
    from: '1970-01-01',
    to: '9999-12-31',
    ...(combi && { combi }),
    quietDays: 1,
    quarter: '2000-K1',
  };
}

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/** The firm start date of these facts at risk on `today` (date-at-risk.ts), undefined when it is not. */
export function factsAtRisk(f: RequestFacts, today: IsoDate, riskDays: number): DateAtRisk | undefined {
  if (f.firmStart === undefined || f.blockers.length === 0) return undefined;
  return dateAtRisk({ firmStart: dateOfDay(f.firmStart), blockers: f.blockers }, today, riskDays);
}

/**
 * The werklijst of the aanvragen in `facts` (already limited to the organisation's scope) on
 * `today`: sorted by due date, then aanvraag number, each aanvraag's steps in next-step.ts's order.
 * The open steps of an aanvraag whose firm date is at risk are listed whatever their due date:
 * the call has to come before the date, not when a step falls due.
 */
/** Each discipline with its bit (dashboard-metrics.ts disciplineBits), made once. */
const DISCIPLINE_BITS = DISCIPLINES.map((d) => [d, disciplineBits([d])] as const);

type Hit = { f: RequestFacts; open: RequestFacts['open'][number]; risk: DateAtRisk | undefined };

/**
 * The first `limit` hits in the werklijst's order (due date, then aanvraag number, each aanvraag's
 * steps as they came), without sorting them all: the page shows `limit`, the counts cover every
 * hit, and sorting tens of thousands of them was a third of a view's time. Per due day, in order.
 */
function firstInOrder(hits: Hit[], limit: number): Hit[] {
  const byDue = new Map<number, Hit[]>();
  for (const hit of hits) {
    const day = byDue.get(hit.open.due);
    if (day) day.push(hit);
    else byDue.set(hit.open.due, [hit]);
  }
  const first: Hit[] = [];
  for (const due of [...byDue.keys()].sort((a, b) => a - b)) {
    // A stable sort: one aanvraag's steps of the same day keep their order.
    const day = (byDue.get(due) as Hit[]).sort((a, b) => (a.f.number < b.f.number ? -1 : a.f.number > b.f.number ? 1 : 0));
    for (const hit of day) {
      first.push(hit);
      if (first.length === limit) return first;
    }
  }
  return first;
}

export function worklist(facts: Iterable<RequestFacts>, filters: WorklistFilters, today: IsoDate): Worklist {
  const until = addWorkingDays(today, filters.days);
  const last = dayNumber(until);
  const todayNumber = dayNumber(today);
  const wanted = filters.discipline ? disciplineBits([filters.discipline]) : 0;
  const riskDays = filters.riskDays ?? DEFAULT_RISK_DAYS;
  const counts: WorklistCounts = {
    party: new Map(),
    phase: new Map(),
    discipline: new Map(),
    combi: new Map(),
    overdue: 0,
    atRisk: 0,
  };
  // Dates and days late only for the rows shown: counting working days for thousands of steps is the slow part.
  const hits: Hit[] = [];
  for (const f of facts) {
    if (f.cancelled || f.open.length === 0) continue;
    const risk = factsAtRisk(f, today, riskDays);
    const riskOk = !filters.atRiskOnly || risk !== undefined;
    // Per dimension: does this aanvraag pass every filter except that one? (counts per filter value)
    const combiOk = !filters.combi || f.combi === filters.combi;
    const phaseOk = !filters.phase || f.phase === filters.phase;
    for (const open of f.open) {
      if (open.due > last && !risk) continue;
      // A step counts for the disciplines of its own opdrachten, as on the dashboard (disciplineBits).
      const disciplineOk = wanted === 0 || (open.disciplines & wanted) !== 0;
      const overdue = open.due < todayNumber;
      const partyOk = !filters.party || open.party === filters.party;
      const overdueOk = !filters.overdueOnly || overdue;
      const failing = +!combiOk + +!phaseOk + +!disciplineOk + +!partyOk + +!overdueOk + +!riskOk;
      if (failing > 1) continue;
      const others = partyOk && combiOk && phaseOk && disciplineOk;
      if (others && riskOk && overdue) counts.overdue++;
      if (others && overdueOk && risk) counts.atRisk++;
      if (failing === 0 || !partyOk) bump(counts.party, open.party);
      if (failing === 0 || !phaseOk) bump(counts.phase, f.phase);
      if (failing === 0 || !combiOk) if (f.combi) bump(counts.combi, f.combi);
      if (failing === 0 || !disciplineOk) {
        for (const [d, bit] of DISCIPLINE_BITS) if (open.disciplines & bit) bump(counts.discipline, d);
      }
      if (failing === 0) hits.push({ f, open, risk });
    }
  }
  const rows = firstInOrder(hits, WORKLIST_LIMIT).map(({ f, open, risk }): WorklistRow => {
    const due = dateOfDay(open.due);
    const overdue = open.due < todayNumber;
    return {
      number: f.number,
      combi: f.combi,
      phase: f.phase,
      disciplines: f.disciplines,
      step: open.step,
      party: open.party,
      due,
      overdue,
      daysLate: workingDaysLate({ dueDate: due, overdue }, today),
      atRisk: risk,
    };
  });
  return { rows, total: hits.length, until, counts };
}
