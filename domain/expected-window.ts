/**
 * An expected window for when the work will be done, for an aanvraag without a firm date: the
 * spread of lead times (submission to delivery) of completed aanvragen of the same combi area and
 * kind. Never a promise: the customer sees the basis in words.
 */
import { addDays, dutchDate, isoWeekOf, workingWeek } from './calendar.ts';

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

export type ExpectedWindow = {
  fromWeek: string;
  toWeek: string;
  fromDate: string;
  toDate: string;
  /** How many comparable aanvragen the window is based on, and how many of 10 fall inside it. */
  basis: { comparable: number; inWindowOutOf10: number };
};

export const MIN_COMPARABLE = 10;

/**
 * The window between the 10th and 90th percentile of the lead times (in days), counted from this
 * aanvraag's submission. Undefined with fewer than MIN_COMPARABLE completed aanvragen.
 */
export function expectedWindow(leadTimesDays: number[], submittedAt: string): ExpectedWindow | undefined {
  if (leadTimesDays.length < MIN_COMPARABLE) return undefined;
  const sorted = [...leadTimesDays].sort((a, b) => a - b);
  const submitted = dutchDate(submittedAt);
  const fromDate = addDays(submitted, Math.floor(quantile(sorted, 0.1)));
  const toDate = addDays(submitted, Math.ceil(quantile(sorted, 0.9)));
  return {
    fromWeek: isoWeekOf(fromDate),
    toWeek: isoWeekOf(toDate),
    fromDate,
    toDate,
    basis: { comparable: sorted.length, inWindowOutOf10: 8 },
  };
}

/**
 * The dates the customer reads: from the Monday of the first week to the Friday of the last, the
 * window rounded out to whole working weeks. Calibration measures against these, not the percentiles.
 */
export function shownDates(window: ExpectedWindow): { from: string; to: string } {
  return { from: workingWeek(window.fromWeek).from, to: workingWeek(window.toWeek).to };
}

/** Lead time in whole days between two instants. */
export function leadTimeDays(submittedAt: string, deliveredAt: string): number {
  return Math.round((Date.parse(deliveredAt) - Date.parse(submittedAt)) / 86_400_000);
}
