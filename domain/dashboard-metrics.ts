/**
 * The figures behind the organisations' dashboards, computed from the folded state of each
 * aanvraag: were the agreed contact moments on time, what is overdue now per party, were firm
 * dates kept, how long from request to delivery, which aanvragen have gone quiet. What customers
 * said is domain/satisfaction.ts: it follows fixed quarters and groups, not these filters. Pure:
 * the data layer decides which aanvragen an organisation may see, this module only counts them.
 *
 * Two ways in, one set of rules. The functions over states (measuredContactMoments,
 * overdueByParty, planningReliability, leadTimes, quietFor) are the rules as they read. The
 * dashboard itself cannot fold 100,000 states per view, so it keeps per aanvraag the part of
 * these rules that does not depend on today (requestFacts: due dates, done dates, the open steps
 * with their due dates, the lead time) and judges them against today per view (processFigures).
 * Both ways call the same functions below (judge, contactMomentMeasures, openDue, firmDateOf,
 * leadTimeOf, isQuiet), so they cannot drift apart. See docs/decisions/0013-dashboards.md.
 */
import { z } from 'zod';
import './zod-dutch.ts';
import type { Directory } from './authorization.ts';
import {
  addDays,
  addWorkingDays,
  addYears,
  DAY_MS,
  dateOfDay,
  dayNumber,
  dutchDate,
  type IsoDate,
  instantMs,
} from './calendar.ts';
import type { Content } from './content.ts';
import { PHASES, type Phase, type StepId } from './content-schema.ts';
import { type Blocker, blockersOf } from './date-at-risk.ts';
import { DISCIPLINES, type Discipline } from './messages.ts';
import { earliest, type OrganisationLookup, openSteps, workingDaysLate } from './next-step.ts';
import {
  addFirmDates,
  emptyFirmDateCounts,
  type FirmDateCounts,
  type FirmDateTally,
  firmDateTally,
  withShare,
} from './planning-reliability.ts';
import { activeWorkOrders, deliveredAt, type RequestState } from './request-state.ts';
import { closedQuarters, isQuarter, type Quarter, type SatisfactionFigures } from './satisfaction.ts';
import type { Scope } from './staff.ts';
import { requestPhase } from './status.ts';
import type { WindowCalibration } from './window-calibration.ts';

/** Quantile by linear interpolation between order statistics (type 7, as in R and NumPy). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of nothing');
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (position - lower);
}

/** Lead time in whole days between two instants (the dashboard's submission to delivery). */
export function leadTimeDays(submittedAt: string, deliveredAt: string): number {
  return Math.round((Date.parse(deliveredAt) - Date.parse(submittedAt)) / 86_400_000);
}

/**
 * A contact moment judged against its norm. 'verstreken': not logged and its term has passed.
 * Not "achterstand": that word is the open steps past their due date (overdueByParty), which
 * differ: a plangesprek never logged as KCM 1 is 'verstreken' here even when the contractor has
 * set the planning, which closes the step (domain/next-step.ts).
 */
export type Timeliness = 'op-tijd' | 'te-laat' | 'open' | 'verstreken';

/**
 * A contact moment with a norm: who owes it, by when, when it was done (if it was), and the
 * disciplines of the opdrachten it is about (the discipline filter counts it only for those).
 */
export type StepMeasure = { step: StepId; organisation: string; due: IsoDate; doneOn?: IsoDate; disciplines: Discipline[] };

/** Disciplines as bits (DISCIPLINES order): the facts keep a number per measure, not an array. */
export function disciplineBits(disciplines: Iterable<Discipline>): number {
  let bits = 0;
  for (const d of disciplines) bits |= 1 << DISCIPLINES.indexOf(d);
  return bits;
}

/** The disciplines of these opdrachten, each once, in DISCIPLINES order. */
function disciplinesOf(orders: { discipline: Discipline }[]): Discipline[] {
  return DISCIPLINES.filter((d) => orders.some((w) => w.discipline === d));
}
export type MeasuredStep = StepMeasure & { timeliness: Timeliness };

/** The value under `key`, added with `make` when absent. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/**
 * On time when done by the due date; not done: open until the due date has passed, then overdue.
 * Dates as ISO strings or as day numbers (dayNumber): both sort by time.
 */
export function judge<D extends IsoDate | number>(due: D, doneOn: D | undefined, today: D): Timeliness {
  if (doneOn) return doneOn <= due ? 'op-tijd' : 'te-laat';
  return today > due ? 'verstreken' : 'open';
}

/**
 * The contact moments with a norm, without judging them yet: KCM B (intake) per grid operator
 * within its norm after submission, KCM 1 (the contractor's planning call) within its norm after
 * "mee in combi", and KCM C (confirming the delivery) per grid operator within its norm after
 * the oplevering. The norms are working days from content/stappen.yaml.
 */
export function contactMomentMeasures(state: RequestState, content: Content): StepMeasure[] {
  if (!state.submittedAt || state.cancelledAt) return [];
  const out: StepMeasure[] = [];
  const active = activeWorkOrders(state);
  const operators = [...new Set(active.map((w) => w.gridOperator))];
  const first = (code: string, organisation?: string) =>
    earliest(
      state.contactMoments.filter((c) => c.code === code && (!organisation || c.organisation === organisation)).map((c) => c.at),
    );
  const measure = (
    step: StepId,
    organisation: string,
    from: string,
    done: string | undefined,
    orders: { discipline: Discipline }[],
  ) => {
    const norm = content.steps.get(step)?.werkdagen;
    if (norm === undefined) return;
    out.push({
      step,
      organisation,
      due: addWorkingDays(dutchDate(from), norm),
      ...(done && { doneOn: dutchDate(done) }),
      disciplines: disciplinesOf(orders),
    });
  };
  // A grid operator's KCM B and C are about its own opdrachten; the planning call about the contractor's.
  const ofOperator = (operator: string) => active.filter((w) => w.gridOperator === operator);
  for (const operator of operators) measure('intake', operator, state.submittedAt, first('B', operator), ofOperator(operator));
  const handed = earliest(active.map((w) => w.handedToCombiAt));
  const contractor = active.find((w) => w.contractor)?.contractor;
  if (handed && contractor) {
    measure(
      'plangesprek',
      contractor,
      handed,
      first('1'),
      active.filter((w) => w.contractor === contractor),
    );
  }
  const delivered = deliveredAt(state);
  if (delivered) {
    for (const operator of operators) {
      measure('opleverbevestiging', operator, delivered, first('C', operator), ofOperator(operator));
    }
  }
  return out;
}

/** The contact moments with a norm, judged on the day of `now`. */
export function measuredContactMoments(state: RequestState, content: Content, now: Date): MeasuredStep[] {
  const today = dutchDate(now);
  return contactMomentMeasures(state, content).map((m) => ({ ...m, timeliness: judge(m.due, m.doneOn, today) }));
}

/** Share on time among the contact moments that are done or overdue (open ones within their norm do not count yet). */
export function adherence(measured: { timeliness: Timeliness }[]): { onTime: number; judged: number; share: number | null } {
  const judged = measured.filter((m) => m.timeliness !== 'open');
  const onTime = judged.filter((m) => m.timeliness === 'op-tijd').length;
  return { onTime, judged: judged.length, share: judged.length ? onTime / judged.length : null };
}

/** An open step with a due date, the party it waits for (an organisation, or a role such as the customer), and the disciplines of its opdrachten. */
export type OpenDue = { step: StepId; party: string; due: IsoDate; disciplines: Discipline[] };

/**
 * The open steps that have a due date (domain/next-step.ts): only they can become overdue. Which
 * steps are open does not depend on today; whether one is overdue does (today after its due date).
 */
export function openDue(state: RequestState, content: Content, organisations: OrganisationLookup): OpenDue[] {
  const out: OpenDue[] = [];
  for (const step of openSteps(state, content, organisations, new Date())) {
    if (!step.dueDate) continue;
    const orders = state.workOrders.filter((w) => step.workOrderIds.includes(w.id));
    out.push({
      step: step.step,
      party: step.who.organisation ?? step.who.role,
      due: step.dueDate,
      disciplines: disciplinesOf(orders),
    });
  }
  return out;
}

/**
 * "Achterstand per partij": open steps past their due date now, counted per organisation; with a
 * discipline, only the steps about an opdracht of that discipline.
 */
export function overdueByParty(
  states: RequestState[],
  content: Content,
  organisations: OrganisationLookup,
  now: Date,
  discipline?: Discipline,
): Map<string, number> {
  const today = dutchDate(now);
  const counts = new Map<string, number>();
  for (const state of states) {
    for (const step of openDue(state, content, organisations)) {
      if (discipline && !step.disciplines.includes(discipline)) continue;
      if (today > step.due) counts.set(step.party, (counts.get(step.party) ?? 0) + 1);
    }
  }
  return counts;
}

/** Days from request to delivery, for a delivered aanvraag. */
export function leadTimeOf(state: RequestState): number | undefined {
  const delivered = deliveredAt(state);
  return delivered && state.submittedAt ? leadTimeDays(state.submittedAt, delivered) : undefined;
}

export type LeadTimeSummary = { count: number; median: number | null; p90: number | null };

/** Count, median and 90th percentile of lead times (sorted ascending). */
export function summariseLeadTimes(sorted: number[]): LeadTimeSummary {
  return {
    count: sorted.length,
    median: sorted.length ? quantile(sorted, 0.5) : null,
    p90: sorted.length ? quantile(sorted, 0.9) : null,
  };
}

/** Days from request to delivery of delivered aanvragen: count, median and 90th percentile. */
export function leadTimes(states: RequestState[]): LeadTimeSummary {
  const days = states
    .map(leadTimeOf)
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
  return summariseLeadTimes(days);
}

/** Still running (neither cancelled nor delivered) and no message for at least `days` days. */
export function isQuiet(
  cancelled: boolean,
  delivered: boolean,
  lastMessageAt: number | undefined,
  days: number,
  now: Date,
): boolean {
  return !cancelled && !delivered && lastMessageAt !== undefined && lastMessageAt <= now.getTime() - days * DAY_MS;
}

/** Aanvragen still running without any message for at least `days` days. */
export function quietFor(states: RequestState[], days: number, now: Date): RequestState[] {
  return states.filter((s) =>
    isQuiet(!!s.cancelledAt, !!deliveredAt(s), s.lastKey && Date.parse(s.lastKey.occurredAt), days, now),
  );
}

// ---------------------------------------------------------------------------------------------
// Per aanvraag, what the dashboard keeps: everything above that does not depend on today.

/** A measured contact moment as the facts keep it: dates as day numbers, `key` names the step and organisation, disciplines as bits (disciplineBits). */
export type FactMeasure = {
  key: string;
  step: StepId;
  organisation: string;
  due: number;
  doneOn: number | undefined;
  disciplines: number;
};
/** An open step with a due date (day number) and its disciplines as bits, as the facts keep it. */
export type FactOpen = { step: StepId; party: string; due: number; disciplines: number };

/** What the dashboard keeps of one aanvraag: the rules' results that do not depend on today. Days are day numbers. */
export type RequestFacts = {
  number: string;
  combi: string | undefined;
  /** The disciplines of its opdrachten (cancelled ones too: the aanvraag was for them). */
  disciplines: Discipline[];
  phase: Phase;
  submitted: number;
  cancelled: boolean;
  delivered: number | undefined;
  leadDays: number | undefined;
  /** The time of the last message (ms), for "no update for N days". */
  lastMessageAt: number | undefined;
  measures: FactMeasure[];
  open: FactOpen[];
  /** What became of its firm start dates (domain/planning-reliability.ts), the pending one as a day number. */
  firmDates: FirmDateTally<number> | undefined;
  /** The KvK number of a business applicant; undefined for a private one (domain/applicant-types.ts). */
  kvk: string | undefined;
  /** The firm start date (day number) of a running aanvraag and its open blockers (domain/date-at-risk.ts). */
  firmStart: number | undefined;
  blockers: Blocker[];
};

/** The firm-date tally with its pending date as a day number. */
function firmDatesOf(state: RequestState): FirmDateTally<number> | undefined {
  const tally = firmDateTally(state);
  return tally && { ...tally, pending: tally.pending === undefined ? undefined : dayNumber(tally.pending) };
}

/** The dashboard's facts of one aanvraag; undefined before it is submitted. */
export function requestFacts(state: RequestState, content: Content, organisations: OrganisationLookup): RequestFacts | undefined {
  if (!state.submittedAt) return undefined;
  const delivered = deliveredAt(state);
  const start = blockersOf(state);
  return {
    number: state.number,
    combi: state.combi,
    disciplines: [...new Set(state.workOrders.map((w) => w.discipline))],
    phase: requestPhase(state),
    submitted: dayNumber(dutchDate(state.submittedAt)),
    cancelled: !!state.cancelledAt,
    delivered: delivered ? dayNumber(dutchDate(delivered)) : undefined,
    leadDays: leadTimeOf(state),
    lastMessageAt: state.lastKey ? instantMs(state.lastKey.occurredAt) : undefined,
    measures: contactMomentMeasures(state, content).map((m) => ({
      key: `${m.step}|${m.organisation}`,
      step: m.step,
      organisation: m.organisation,
      due: dayNumber(m.due),
      doneOn: m.doneOn === undefined ? undefined : dayNumber(m.doneOn),
      disciplines: disciplineBits(m.disciplines),
    })),
    open: openDue(state, content, organisations).map((o) => ({
      step: o.step,
      party: o.party,
      due: dayNumber(o.due),
      disciplines: disciplineBits(o.disciplines),
    })),
    firmDates: firmDatesOf(state),
    kvk: state.applicant?.kvk,
    firmStart: start.firmStart === undefined ? undefined : dayNumber(start.firmStart),
    blockers: start.blockers,
  };
}

// ---------------------------------------------------------------------------------------------
// Filters.

/**
 * The process figures follow the period, discipline and combi chosen; satisfaction follows only
 * the quarter (domain/satisfaction.ts): free periods and cuts would let answers be subtracted.
 */
export type DashboardFilters = {
  /** Period on the date of submission, both days included (Dutch calendar dates). */
  from: IsoDate;
  to: IsoDate;
  discipline?: Discipline;
  combi?: string;
  /** "No update for N days". */
  quietDays: number;
  /** The closed quarter of the satisfaction figures. */
  quarter: Quarter;
};

export const QUIET_DAY_CHOICES = [7, 14, 30, 60] as const;
export const DEFAULT_QUIET_DAYS = 14;
/** Longest period one view may span. */
const MAX_PERIOD_DAYS = 3 * 366;

const isoDate = z.iso.date({ error: 'moet een datum zijn als 2026-01-31' });

const filterQuery = z.object({
  van: isoDate.optional(),
  tot: isoDate.optional(),
  discipline: z.enum(DISCIPLINES, { error: `moet een van ${DISCIPLINES.join(', ')} zijn` }).optional(),
  combi: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'is geen code van een combi')
    .optional(),
  stil: z.coerce
    .number({ error: 'moet een aantal dagen zijn' })
    .int('moet een heel aantal dagen zijn')
    .min(1, 'moet minstens 1 dag zijn')
    .max(365, 'mag hoogstens 365 dagen zijn')
    .optional(),
  kwartaal: z.string().refine(isQuarter, 'moet een kwartaal zijn als 2026-K3').optional(),
});

export type FilterResult = { ok: true; filters: DashboardFilters } | { ok: false; field: string; message: string };

/**
 * The filters from a query string (van, tot, discipline, combi, stil, kwartaal); empty values mean
 * "all" or the default: the last 12 months up to today, `quietDays` without an update (the
 * organisation's N, domain/alert-settings.ts, which the daily digest counts with too), and the
 * last closed quarter. Only a closed quarter of the last two years can be chosen.
 */
export function parseDashboardFilters(
  query: Record<string, string | undefined>,
  today: IsoDate,
  quietDays = DEFAULT_QUIET_DAYS,
): FilterResult {
  const cleaned = Object.fromEntries(
    Object.entries(query).filter(([key, value]) => key in filterQuery.shape && value !== undefined && value.trim() !== ''),
  );
  const parsed = filterQuery.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'filter');
    return { ok: false, field, message: `${field}: ${issue?.message ?? 'klopt niet'}` };
  }
  const q = parsed.data;
  const to = q.tot ?? today;
  const from = q.van ?? addDays(addYears(to, -1), 1);
  if (from > to) return { ok: false, field: 'van', message: 'van: moet op of vóór de datum bij tot liggen' };
  if (dayNumber(to) - dayNumber(from) > MAX_PERIOD_DAYS) {
    return { ok: false, field: 'van', message: 'van: de periode mag hoogstens drie jaar zijn' };
  }
  const quarters = closedQuarters(today);
  const quarter = (q.kwartaal as Quarter | undefined) ?? (quarters[0] as Quarter);
  if (!quarters.includes(quarter)) {
    return {
      ok: false,
      field: 'kwartaal',
      message: 'kwartaal: kies een afgesloten kwartaal van de laatste twee jaar (een kwartaal sluit 15 dagen na het einde)',
    };
  }
  return {
    ok: true,
    filters: {
      from,
      to,
      ...(q.discipline && { discipline: q.discipline }),
      ...(q.combi && { combi: q.combi }),
      quietDays: q.stil ?? quietDays,
      quarter,
    },
  };
}
/** The filters as a query string, for links (the CSV export, the form). */
export function filterQueryString(filters: DashboardFilters): string {
  const params = new URLSearchParams({ van: filters.from, tot: filters.to });
  if (filters.discipline) params.set('discipline', filters.discipline);
  if (filters.combi) params.set('combi', filters.combi);
  params.set('stil', String(filters.quietDays));
  params.set('kwartaal', filters.quarter);
  return params.toString();
}

/**
 * The combi areas an organisation may narrow its dashboard to: the areas of its scope, and for a
 * grid operator the areas it works in. Any other is refused; the store would find nothing there
 * anyway, as it counts only aanvragen in the scope.
 */
export function combisInScope(scope: Scope, combis: readonly string[], directory: Pick<Directory, 'combi'>): string[] {
  if (scope.all) return [...combis];
  const operator = scope.gridOperator;
  return combis.filter((code) => scope.combis.includes(code) || (!!operator && !!directory.combi(code)?.members.has(operator)));
}

/** Whether an aanvraag is in the filtered selection (the organisation's scope is the store's business). */
export function selector(filters: DashboardFilters): (f: RequestFacts) => boolean {
  const from = dayNumber(filters.from);
  const to = dayNumber(filters.to);
  const { discipline, combi } = filters;
  return (f) =>
    f.submitted >= from &&
    f.submitted <= to &&
    (!discipline || f.disciplines.includes(discipline)) &&
    (!combi || f.combi === combi);
}

// ---------------------------------------------------------------------------------------------
// The figures of one view.

export type AdherenceRow = {
  step: StepId;
  /** Undefined in the row that adds up all organisations of this step. */
  organisation?: string;
  onTime: number;
  late: number;
  overdue: number;
  open: number;
  judged: number;
  share: number | null;
};

/** Per party and step: how many are overdue, and the longest of them late in working days (domain/next-step.ts workingDaysLate). */
export type OverdueRow = { party: string; total: number; steps: { step: StepId; n: number; mostWorkingDaysLate: number }[] };

export type LeadTimeFigures = LeadTimeSummary & {
  /** Lead times in bins of `binDays` days. */
  bins: { from: number; to: number; n: number }[];
  /** Per month of submission (YYYY-MM). */
  byMonth: ({ month: string } & LeadTimeSummary)[];
};

export type QuietFigures = {
  days: number;
  count: number;
  /** Running aanvragen by days since the last message. */
  buckets: { from: number; to: number | undefined; n: number }[];
  /** The longest quiet first. */
  longest: { number: string; phase: Phase; lastDay: IsoDate; days: number }[];
};

export type ProcessFigures = {
  requests: { total: number; cancelled: number; delivered: number; byPhase: { phase: Phase; n: number }[] };
  adherence: AdherenceRow[];
  overdue: OverdueRow[];
  planning: FirmDateCounts;
  leadTimes: LeadTimeFigures;
  quiet: QuietFigures;
};

export const LEAD_TIME_BIN_DAYS = 30;
const QUIET_BUCKETS = [0, 7, 14, 30, 60, 90] as const;
const LONGEST_QUIET = 15;
const STEP_ORDER: StepId[] = ['intake', 'plangesprek', 'opleverbevestiging'];
/** Where each judgement is counted in AdherenceRow order: on time, late, overdue, open. */
const timelinessIndex = (t: Timeliness) => (t === 'op-tijd' ? 0 : t === 'te-laat' ? 1 : t === 'verstreken' ? 2 : 3);

/**
 * The process figures over the selected aanvragen' facts, judged on the day of `now`. With a
 * discipline, the contact moments and overdue steps count only when they are about an opdracht
 * of that discipline; the other figures are per aanvraag (the selector chose those with one).
 */
export function processFigures(
  facts: Iterable<RequestFacts>,
  quietDays: number,
  now: Date,
  discipline?: Discipline,
): ProcessFigures {
  const today = dayNumber(dutchDate(now));
  // Every bit when no discipline is chosen.
  const wanted = discipline ? disciplineBits([discipline]) : -1;
  const byPhase = new Map<Phase, number>(PHASES.map((p) => [p, 0]));
  // Per step and organisation (one map look-up per measure, by the key the facts carry), counters
  // in the order of timelinessIndex; the rows for all organisations of a step are added up after.
  const perKey = new Map<string, { step: StepId; organisation: string; counts: number[] }>();
  // Per party and step: the count and the earliest due day (the longest late; working days are counted once per row).
  const overdue = new Map<string, Map<StepId, { n: number; earliest: number }>>();
  const leadDays: number[] = [];
  // Lead times per day of submission, added up per month at the end.
  const leadByDay = new Map<number, number[]>();
  const quietBuckets = QUIET_BUCKETS.map((from, i) => ({ from, to: QUIET_BUCKETS[i + 1], n: 0 }));
  const quiet: { f: RequestFacts; days: number }[] = [];
  let total = 0;
  let cancelled = 0;
  let delivered = 0;
  const planning = emptyFirmDateCounts();
  const nowMs = now.getTime();

  // The hot loop of a view (100,000 aanvragen): numbers, no closures or objects per measure.
  for (const f of facts) {
    total++;
    byPhase.set(f.phase, (byPhase.get(f.phase) ?? 0) + 1);
    if (f.cancelled) cancelled++;
    if (f.delivered !== undefined) delivered++;
    for (const m of f.measures) {
      if ((m.disciplines & wanted) === 0) continue;
      let row = perKey.get(m.key);
      if (row === undefined) {
        row = { step: m.step, organisation: m.organisation, counts: [0, 0, 0, 0] };
        perKey.set(m.key, row);
      }
      (row.counts[timelinessIndex(judge(m.due, m.doneOn, today))] as number)++;
    }
    for (const step of f.open) {
      if (!(today > step.due) || (step.disciplines & wanted) === 0) continue;
      let steps = overdue.get(step.party);
      if (steps === undefined) {
        steps = new Map();
        overdue.set(step.party, steps);
      }
      const seen = steps.get(step.step);
      if (seen === undefined) steps.set(step.step, { n: 1, earliest: step.due });
      else {
        seen.n++;
        if (step.due < seen.earliest) seen.earliest = step.due;
      }
    }
    if (f.firmDates !== undefined) addFirmDates(planning, f.firmDates, today);
    if (f.leadDays !== undefined) {
      leadDays.push(f.leadDays);
      const list = leadByDay.get(f.submitted);
      if (list) list.push(f.leadDays);
      else leadByDay.set(f.submitted, [f.leadDays]);
    }
    const done = f.delivered !== undefined;
    if (f.lastMessageAt !== undefined && isQuiet(f.cancelled, done, f.lastMessageAt, 0, now)) {
      const days = Math.floor((nowMs - f.lastMessageAt) / DAY_MS);
      for (let i = quietBuckets.length - 1; i >= 0; i--) {
        const bucket = quietBuckets[i] as { from: number; n: number };
        if (days >= bucket.from) {
          bucket.n++;
          break;
        }
      }
      if (isQuiet(f.cancelled, done, f.lastMessageAt, quietDays, now)) quiet.push({ f, days });
    }
  }

  const perStep = new Map<StepId, { all: number[]; byOrganisation: Map<string, number[]> }>();
  for (const { step, organisation, counts } of perKey.values()) {
    const own = entry(perStep, step, () => ({ all: [0, 0, 0, 0], byOrganisation: new Map<string, number[]>() }));
    own.byOrganisation.set(organisation, counts);
    for (let i = 0; i < 4; i++) (own.all[i] as number) += counts[i] as number;
  }
  const adherenceRow = (step: StepId, organisation: string | undefined, counts: number[]): AdherenceRow => {
    const [onTime = 0, late = 0, overdueNow = 0, open = 0] = counts;
    const judged = onTime + late + overdueNow;
    return {
      step,
      ...(organisation !== undefined && { organisation }),
      onTime,
      late,
      overdue: overdueNow,
      open,
      judged,
      share: judged ? onTime / judged : null,
    };
  };
  const adherence = [...perStep.entries()]
    .sort(([a], [b]) => STEP_ORDER.indexOf(a) - STEP_ORDER.indexOf(b))
    .flatMap(([step, { all, byOrganisation }]) => [
      adherenceRow(step, undefined, all),
      ...[...byOrganisation.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([organisation, counts]) => adherenceRow(step, organisation, counts)),
    ]);

  const sortedDays = [...Float64Array.from(leadDays).sort()];
  // Every bin from 0 up to the longest, empty ones too: a gap in the distribution is information.
  const binIndex = (d: number) => Math.floor(Math.max(0, d) / LEAD_TIME_BIN_DAYS);
  const bins = Array.from({ length: sortedDays.length ? binIndex(sortedDays.at(-1) as number) + 1 : 0 }, (_, i) => ({
    from: i * LEAD_TIME_BIN_DAYS,
    to: (i + 1) * LEAD_TIME_BIN_DAYS - 1,
    n: 0,
  }));
  for (const d of sortedDays) (bins[binIndex(d)] as { n: number }).n++;
  const leadByMonth = new Map<string, number[]>();
  for (const [submitted, days] of leadByDay) entry(leadByMonth, dateOfDay(submitted).slice(0, 7), () => []).push(...days);
  const byMonth = [...leadByMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, days]) => ({ month, ...summariseLeadTimes([...Float64Array.from(days).sort()]) }));

  // Only the longest few are listed: no need to sort them all.
  const quietDaysSorted = Int32Array.from(quiet, (q) => q.days).sort();
  const threshold = quietDaysSorted[quietDaysSorted.length - LONGEST_QUIET] ?? Number.NEGATIVE_INFINITY;
  const longest = quiet
    .filter((q) => q.days >= threshold)
    .sort((a, b) => b.days - a.days || (a.f.number < b.f.number ? -1 : 1))
    .slice(0, LONGEST_QUIET);
  return {
    requests: { total, cancelled, delivered, byPhase: PHASES.map((phase) => ({ phase, n: byPhase.get(phase) ?? 0 })) },
    adherence,
    overdue: [...overdue.entries()]
      .map(([party, steps]) => ({
        party,
        total: [...steps.values()].reduce((a, b) => a + b.n, 0),
        // Most first: not in the order the aanvragen happened to be read, which the database decides.
        steps: [...steps.entries()]
          .map(([step, { n, earliest }]) => ({
            step,
            n,
            mostWorkingDaysLate: workingDaysLate({ dueDate: dateOfDay(earliest), overdue: true }, dutchDate(now)),
          }))
          .sort((a, b) => b.n - a.n || a.step.localeCompare(b.step)),
      }))
      .sort((a, b) => b.total - a.total || a.party.localeCompare(b.party)),
    planning: withShare(planning),
    leadTimes: { ...summariseLeadTimes(sortedDays), bins, byMonth },
    quiet: {
      days: quietDays,
      count: quiet.length,
      buckets: quietBuckets,
      longest: longest.map(({ f, days }) => ({
        number: f.number,
        phase: f.phase,
        lastDay: dutchDate(f.lastMessageAt as number),
        days,
      })),
    },
  };
}

export type DashboardFigures = ProcessFigures & {
  filters: DashboardFilters;
  /** The expected window's calibration over the delivered aanvragen of the selection (domain/window-calibration.ts). */
  windowCalibration: WindowCalibration;
  satisfaction: SatisfactionFigures;
};

// ---------------------------------------------------------------------------------------------
// The CSV exports: one line per aanvraag, and one per contact moment and party as the page counts them.

/** What became of an aanvraag's firm dates, on the export's day (domain/planning-reliability.ts). */
export type FirmDateColumns = Omit<FirmDateCounts, 'share'>;

export type DashboardRow = {
  number: string;
  combi: string;
  disciplines: Discipline[];
  phase: Phase;
  cancelled: boolean;
  submittedDay: IsoDate;
  deliveredDay: IsoDate | '';
  leadDays: number | '';
  firmDates: FirmDateColumns;
  daysSinceLastMessage: number | '';
};

/** The per-aanvraag facts of the export, judged on the Dutch date of `now`. */
export function dashboardRow(f: RequestFacts, combiName: string, now: Date, today = dayNumber(dutchDate(now))): DashboardRow {
  const firm = emptyFirmDateCounts();
  if (f.firmDates) addFirmDates(firm, f.firmDates, today);
  const { share: _, ...firmDates } = firm;
  return {
    number: f.number,
    combi: combiName,
    disciplines: f.disciplines,
    phase: f.phase,
    cancelled: f.cancelled,
    submittedDay: dateOfDay(f.submitted),
    deliveredDay: f.delivered === undefined ? '' : dateOfDay(f.delivered),
    leadDays: f.leadDays ?? '',
    firmDates,
    daysSinceLastMessage:
      f.lastMessageAt !== undefined ? Math.max(0, Math.floor((now.getTime() - f.lastMessageAt) / DAY_MS)) : '',
  };
}

/** One contact moment of one party in one aanvraag: the unit the page's table "Contactmomenten per partij" counts. */
export type ContactMomentRow = {
  number: string;
  combi: string;
  step: StepId;
  organisation: string;
  due: IsoDate;
  done: IsoDate | '';
  timeliness: Timeliness;
};

/** The contact moments of one aanvraag as the page counts them: with a discipline, only those about it. */
export function contactMomentRows(
  f: RequestFacts,
  combiName: string,
  today: number,
  discipline?: Discipline,
): ContactMomentRow[] {
  const wanted = discipline ? disciplineBits([discipline]) : -1;
  return f.measures
    .filter((m) => (m.disciplines & wanted) !== 0)
    .sort((a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step) || a.organisation.localeCompare(b.organisation))
    .map((m) => ({
      number: f.number,
      combi: combiName,
      step: m.step,
      organisation: m.organisation,
      due: dateOfDay(m.due),
      done: m.doneOn === undefined ? '' : dateOfDay(m.doneOn),
      timeliness: judge(m.due, m.doneOn, today),
    }));
}
