/**
 * Werkvoorraad en capaciteit: per contractor and per ISO week, the starts planned (firm start
 * dates, and provisional weeks of aanvragen without a firm date yet) against the starts that
 * contractor delivered over the last DELIVERED_WEEKS weeks. The seed's "onbalans tussen
 * werkvoorraad en capaciteit": a week is flagged when more starts are planned than the
 * contractor's delivered rate gives for that week's working days. A delivered start is the
 * actual start of domain/window-calibration.ts (the firm date in force, or the first TG when
 * earlier), kept per aanvraag as requests.starts_on, of an aanvraag not cancelled, delivered or
 * not yet; there is no second definition here. Pure: the store reads the starts of a scope.
 */

import type { OrgKind } from './authorization.ts';
import { addDays, type IsoDate, isoWeekOf, isWorkingDay, mondayOfIsoWeek, workingWeek } from './calendar.ts';
import { activeWorkOrders, isDelivered, type RequestState } from './request-state.ts';

/** The weeks before this one whose actual starts give the delivered rate. */
export const DELIVERED_WEEKS = 12;
/** The weeks shown, this one included. */
export const PLANNED_WEEKS = 8;

/** An open aanvraag's planning for one of its contractors: a firm date, else a provisional ISO week. */
export type PlannedStart = { contractor: string; confirmedStart: IsoDate | null; provisionalWeek: string | null };
/** The day an aanvraag's work began (actualStart), for one of its contractors. */
export type DeliveredStart = { contractor: string; actualStart: IsoDate };

export type WorkloadWeek = {
  /** ISO week ("2026-W49"), its Monday and its Friday, and its working days (holidays off). */
  week: string;
  from: IsoDate;
  to: IsoDate;
  workingDays: number;
};

export type ContractorWeek = WorkloadWeek & {
  firm: number;
  provisional: number;
  /** What the delivered rate gives for this week's working days. */
  capacity: number;
  /** More starts planned than the capacity. */
  over: boolean;
};

export type ContractorWorkload = {
  contractor: string;
  /** Actual starts in the DELIVERED_WEEKS weeks before this one, and their average per week. */
  delivered: number;
  deliveredPerWeek: number;
  weeks: ContractorWeek[];
};

export type Workload = {
  /** The weeks whose actual starts count: the first Monday and the last Friday, and their working days. */
  history: { from: IsoDate; to: IsoDate; workingDays: number };
  weeks: WorkloadWeek[];
  contractors: ContractorWorkload[];
};

function workingDaysIn(from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) n++;
  return n;
}

/** The dates a workload reads on `today`: the delivered starts from `from` to `to`, the planned weeks from `plannedFrom`. */
export function workloadPeriod(today: IsoDate): { from: IsoDate; to: IsoDate; plannedFrom: IsoDate; plannedTo: IsoDate } {
  const monday = mondayOfIsoWeek(isoWeekOf(today));
  return {
    from: addDays(monday, -7 * DELIVERED_WEEKS),
    to: addDays(monday, -3),
    plannedFrom: monday,
    plannedTo: addDays(monday, 7 * PLANNED_WEEKS - 3),
  };
}

/** The contractors an aanvraag's starts count for: those of its opdrachten that are not cancelled. */
export function contractorsOf(state: RequestState): string[] {
  return [...new Set(activeWorkOrders(state).flatMap((w) => (w.contractor ? [w.contractor] : [])))];
}

/** The planned start of an open aanvraag (not delivered, not cancelled): its firm date, else its provisional week. */
export function plannedStartOf(state: RequestState): Omit<PlannedStart, 'contractor'> | undefined {
  if (!state.submittedAt || state.cancelledAt || isDelivered(state)) return undefined;
  const firm = state.planning.confirmedStart?.date ?? null;
  const provisional = firm ? null : (state.planning.provisionalWeek ?? null);
  return firm || provisional ? { confirmedStart: firm, provisionalWeek: provisional } : undefined;
}

/**
 * Which contractors' figures an organisation sees, within its scope (the dashboard's, domain/
 * staff.ts): a contractor only its own (its capacity is its business, not its colleagues' in the
 * combi); a combi-organisatie, grid operator or the platform every contractor of the aanvragen
 * it sees. Undefined: all.
 */
export function contractorShown(org: { code: string; kind: OrgKind }): string | undefined {
  return org.kind === 'aannemer' ? org.code : undefined;
}

/**
 * The workload on `today` from the planned and delivered starts of a scope. Planned starts
 * outside the shown weeks (a firm date already past, a provisional week long gone, or later than
 * the last week) are not counted; delivered starts outside the history are ignored.
 */
export function workload(
  planned: Iterable<PlannedStart>,
  delivered: Iterable<DeliveredStart>,
  today: IsoDate,
  only?: string,
): Workload {
  const period = workloadPeriod(today);
  const weeks: WorkloadWeek[] = Array.from({ length: PLANNED_WEEKS }, (_, i) => {
    const week = isoWeekOf(addDays(period.plannedFrom, 7 * i));
    const { from, to } = workingWeek(week);
    return { week, from, to, workingDays: workingDaysIn(from, to) };
  });
  const index = new Map(weeks.map((w, i) => [w.week, i]));
  const historyDays = workingDaysIn(period.from, period.to);
  const byContractor = new Map<string, { delivered: number; firm: number[]; provisional: number[] }>();
  const of = (code: string) => {
    let c = byContractor.get(code);
    if (!c) {
      c = { delivered: 0, firm: weeks.map(() => 0), provisional: weeks.map(() => 0) };
      byContractor.set(code, c);
    }
    return c;
  };
  for (const d of delivered) {
    if ((only && d.contractor !== only) || d.actualStart < period.from || d.actualStart > period.to) continue;
    of(d.contractor).delivered++;
  }
  for (const p of planned) {
    if (only && p.contractor !== only) continue;
    const week = p.confirmedStart ? isoWeekOf(p.confirmedStart) : p.provisionalWeek;
    const i = week === null ? undefined : index.get(week);
    if (i === undefined) continue;
    const c = of(p.contractor);
    if (p.confirmedStart) c.firm[i] = (c.firm[i] ?? 0) + 1;
    else c.provisional[i] = (c.provisional[i] ?? 0) + 1;
  }
  const contractors = [...byContractor.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([contractor, c]): ContractorWorkload => {
      // Per working day, so a week with a holiday has less room than a full one.
      const perDay = historyDays > 0 ? c.delivered / historyDays : 0;
      return {
        contractor,
        delivered: c.delivered,
        deliveredPerWeek: c.delivered / DELIVERED_WEEKS,
        weeks: weeks.map((w, i) => {
          const firm = c.firm[i] ?? 0;
          const provisional = c.provisional[i] ?? 0;
          const capacity = perDay * w.workingDays;
          return { ...w, firm, provisional, capacity, over: firm + provisional > capacity + 1e-9 };
        }),
      };
    });
  return { history: { from: period.from, to: period.to, workingDays: historyDays }, weeks, contractors };
}
