/**
 * Planbetrouwbaarheid: what became of each firm start date agreed with the customer. One firm
 * date is one promise, and each promise ends one way:
 *
 * - gehouden (kept): the work started on it. There is no "work started" message; as everywhere
 *   (actualStart in domain/window-calibration.ts) the work began on the firm date in force when
 *   the first opdracht was reported ready (TG), unless that report came before the date. So the
 *   promise is the firm date as last agreed before the first TG, kept when that TG is on or after it.
 * - verschoven (moved): changed to another day on or before the day itself.
 * - verlopen (lapsed): the day passed without the work: replaced by another day only after it
 *   had passed, or the aanvraag was cancelled after it.
 * - voorbij, nog geen gereedmelding (awaiting report): still in force, passed, and no TG yet
 *   (judged against today, per view). Work of several days that began on time is here until its
 *   TG comes, so it is no outcome yet and not counted as lapsed.
 * - andere dag (other day): the first TG came before the agreed day, so the work began earlier.
 *
 * Changing only the day part (morning to afternoon) on the same day is no new promise: it is
 * counted apart (dayPart) and is neither kept nor moved. Changes after the first TG do not count.
 * Pure; the dashboard keeps the tally per aanvraag (domain/dashboard-metrics.ts requestFacts).
 */
import { dutchDate, type IsoDate } from './calendar.ts';
import { activeWorkOrders, type RequestState } from './request-state.ts';

/**
 * The promises of one aanvraag whose outcome does not depend on today, and the one that does:
 * `pending`, the firm date still in force without TG, awaiting its report once today is after it.
 * Dates as ISO strings or day numbers (both sort by time).
 */
export type FirmDateTally<D extends IsoDate | number = IsoDate> = {
  kept: number;
  moved: number;
  lapsed: number;
  otherDay: number;
  dayPart: number;
  pending: D | undefined;
};

/** The firm dates of an aanvraag and what became of them; undefined when it never had one. */
export function firmDateTally(state: RequestState): FirmDateTally | undefined {
  const completions = activeWorkOrders(state).flatMap((w) => (w.completedAt ? [Date.parse(w.completedAt)] : []));
  const firstTg = completions.length ? Math.min(...completions) : undefined;
  const tally: FirmDateTally = { kept: 0, moved: 0, lapsed: 0, otherDay: 0, dayPart: 0, pending: undefined };
  let current: IsoDate | undefined;
  for (const h of state.planning.history) {
    if (h.field !== 'confirmedStart') continue;
    // Agreed after the work was reported ready: not a promise about the start.
    if (firstTg !== undefined && Date.parse(h.at) > firstTg) break;
    const date = h.value.slice(0, 10);
    if (current === date) tally.dayPart++;
    else if (current !== undefined) {
      if (dutchDate(h.at) <= current) tally.moved++;
      else tally.lapsed++;
    }
    current = date;
  }
  if (current === undefined) return undefined;
  if (firstTg !== undefined) {
    if (dutchDate(firstTg) >= current) tally.kept++;
    else tally.otherDay++;
  } else if (state.cancelledAt) {
    // Cancelled: the last date lapsed if it passed before the cancellation, else it has no outcome.
    if (dutchDate(state.cancelledAt) > current) tally.lapsed++;
  } else tally.pending = current;
  return tally;
}

export type FirmDateCounts = Omit<FirmDateTally, 'pending'> & {
  /** Firm dates still in force and not yet passed: no outcome yet. */
  upcoming: number;
  /** Firm dates still in force, passed, without a TG yet: the work may be under way; no outcome yet. */
  awaitingReport: number;
  /** Kept among the firm dates with an outcome (kept, moved, lapsed, other day); null without any. */
  share: number | null;
};

export function emptyFirmDateCounts(): FirmDateCounts {
  return { kept: 0, moved: 0, lapsed: 0, otherDay: 0, dayPart: 0, upcoming: 0, awaitingReport: 0, share: null };
}

/** Adds one aanvraag's tally to the counts, its pending date judged on `today` (awaiting its report once today is after it). */
export function addFirmDates<D extends IsoDate | number>(counts: FirmDateCounts, tally: FirmDateTally<D>, today: D): void {
  counts.kept += tally.kept;
  counts.moved += tally.moved;
  counts.lapsed += tally.lapsed;
  counts.otherDay += tally.otherDay;
  counts.dayPart += tally.dayPart;
  if (tally.pending !== undefined) {
    if (today > tally.pending) counts.awaitingReport++;
    else counts.upcoming++;
  }
}

/** The share kept, once all tallies are added. */
export function withShare(counts: FirmDateCounts): FirmDateCounts {
  const decided = counts.kept + counts.moved + counts.lapsed + counts.otherDay;
  return { ...counts, share: decided ? counts.kept / decided : null };
}

/** What became of the firm dates of these aanvragen, on the Dutch day of `now`. */
export function planningReliability(states: RequestState[], now: Date): FirmDateCounts {
  const today = dutchDate(now);
  const counts = emptyFirmDateCounts();
  for (const state of states) {
    const tally = firmDateTally(state);
    if (tally) addFirmDates(counts, tally, today);
  }
  return withShare(counts);
}
