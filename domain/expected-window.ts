/**
 * An expected window for when the work will start, for an aanvraag without a firm date: the
 * spread of the days from submission to start of the aanvragen of the same combi area and kind,
 * those still waiting included. Never a promise: the customer sees the basis in words.
 */
import { addDays, dayNumber, dutchDate, dutchDay, type IsoDate, isoWeekday, isoWeekOf, workingWeek } from './calendar.ts';
import { type KaplanMeierStep, kaplanMeier, kaplanMeierQuantile, kaplanMeierShareBy, type Observation } from './kaplan-meier.ts';

export type ExpectedWindow = {
  fromWeek: string;
  toWeek: string;
  fromDate: string;
  toDate: string;
  /**
   * How many comparable aanvragen the window is based on (started or not), how many of them have
   * started, how many of 10 are expected to start inside it, and how many of 10 by its last day
   * (what a customer still waiting after it is told).
   */
  basis: { comparable: number; started: number; inWindowOutOf10: number; byEndOutOf10: number };
};

/**
 * How many of the latest submitted aanvragen count. More than the 1000 deliveries counted before:
 * the latest submissions are young and mostly still waiting, and a sample that reaches back less
 * far than the slow ones take cannot see 9 in 10 start (docs/decisions/0037-window-calibration.md).
 */
export const COMPARABLE_SAMPLE = 5000;

/** Fewer comparable aanvragen that have started than this, and the page shows no window. */
export const MIN_COMPARABLE = 10;

/** A comparable aanvraag as storage keeps it: its submission and, once known, the day its work starts or started (actualStart). */
export type ComparableAanvraag = { submittedAt: string; startsOn: IsoDate | null };

/** A comparable aanvraag as storage reads it, with its cancellation (api/core/comparable-index.ts picks by both). */
export type ComparableRow = ComparableAanvraag & { cancelledAt: string | null };

/**
 * The comparable aanvragen as they stood at `at`: one that had started by that day is an event at
 * its days from submission to start; one that had not is censored at its age then (it will start
 * no sooner). Days count Dutch calendar days, as the window's dates do.
 */
export function startObservations(comparable: readonly ComparableAanvraag[], at: string | Date): Observation[] {
  const today = dutchDay(at);
  return comparable.map((c) =>
    startObservation(dutchDay(c.submittedAt), c.startsOn === null ? null : dayNumber(c.startsOn), today),
  );
}

/** One comparable aanvraag as startObservations counts it, in day numbers (dutchDay, dayNumber). */
export function startObservation(submittedDay: number, startDay: number | null, today: number): Observation {
  if (startDay !== null && startDay <= today) return { days: startDay - submittedDay, event: true };
  return { days: today - submittedDay, event: false };
}

/**
 * The comparable aanvragen summed up for the window: how many, how many started, and the
 * Kaplan–Meier curve of days from submission to start over them. One curve serves every aanvraag
 * of the same combi area and kind, so it is computed once per group (api/core/comparable-starts.ts keeps it).
 */
export type StartCurve = { comparable: number; started: number; steps: KaplanMeierStep[] };

export function startCurve(observations: readonly Observation[]): StartCurve {
  return {
    comparable: observations.length,
    started: observations.filter((o) => o.event).length,
    steps: kaplanMeier(observations),
  };
}

/**
 * The window in which the work is expected to start, counted from this aanvraag's submission:
 * from the 10th to the 90th percentile of the Kaplan–Meier estimate of days from submission to
 * start over the comparable aanvragen, including those not started yet (domain/kaplan-meier.ts;
 * docs/decisions/0037-window-calibration.md). Undefined with fewer than MIN_COMPARABLE started,
 * or when so many have not started that the estimate never reaches 9 in 10.
 */
export function expectedWindow(curve: StartCurve, submittedAt: string): ExpectedWindow | undefined {
  const { steps, started } = curve;
  if (started < MIN_COMPARABLE) return undefined;
  const early = kaplanMeierQuantile(steps, 0.1);
  const late = kaplanMeierQuantile(steps, 0.9);
  if (early === undefined || late === undefined) return undefined;
  const submitted = dutchDate(submittedAt);
  const fromDate = addDays(submitted, early);
  const toDate = addDays(submitted, late);
  // Rounded out: a last day on a weekend takes the next working week in, not the Friday before it.
  const lastWorkingDay = isoWeekday(toDate) > 5 ? addDays(toDate, 8 - isoWeekday(toDate)) : toDate;
  const weeks = { fromWeek: isoWeekOf(fromDate), toWeek: isoWeekOf(lastWorkingDay) };
  // The customer reads whole working weeks, wider than the percentiles: the share the page states
  // is the estimate's share inside those dates, not the 8 in 10 the percentiles hold.
  const shown = shownDates(weeks);
  const daysTo = (day: IsoDate) => dayNumber(day) - dayNumber(submitted);
  const inside = kaplanMeierShareBy(steps, daysTo(shown.to)) - kaplanMeierShareBy(steps, daysTo(shown.from) - 1);
  return {
    ...weeks,
    fromDate,
    toDate,
    // At most 9: an estimate from a few dozen aanvragen is no certainty, and "10 van de 10" reads as one.
    basis: {
      comparable: curve.comparable,
      started,
      inWindowOutOf10: Math.min(9, Math.round(inside * 10)),
      byEndOutOf10: Math.min(9, Math.round(kaplanMeierShareBy(steps, daysTo(shown.to)) * 10)),
    },
  };
}

/**
 * The dates the customer reads: from the Monday of the first week to the Friday of the last, the
 * window rounded out to whole working weeks. Calibration measures against these, not the percentiles.
 */
export function shownDates(window: Pick<ExpectedWindow, 'fromWeek' | 'toWeek'>): { from: IsoDate; to: IsoDate } {
  return { from: workingWeek(window.fromWeek).from, to: workingWeek(window.toWeek).to };
}
