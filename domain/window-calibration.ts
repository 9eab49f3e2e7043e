/**
 * Is the expected window honest? The track & trace page says "bij 8 van de 10 vergelijkbare
 * aanvragen" (domain/expected-window.ts); here we check that claim against what happened. For
 * every aanvraag we keep the window as the customer last saw it (docs/decisions/0037-window-calibration.md
 * says which moment and why) and measure it as soon as its outcome is known, delivered or not: the
 * work started (before, inside or after it), or the window passed without a start (after). Counting
 * only delivered aanvragen would leave out the late starters of recent windows. The calibration is
 * the share of known outcomes inside the stated dates, beside the share the page stated, per combi
 * area and kind of aanvraag. Pure: storage keeps the records, api/core/ decides when to make one.
 */
import { dutchDate, type IsoDate } from './calendar.ts';
import { expectedWindow, type StartCurve, shownDates } from './expected-window.ts';
import { activeWorkOrders, deliveredAt, type RequestState } from './request-state.ts';
import { hiddenGroups } from './small-groups.ts';

/**
 * The last moment the page showed the window: the page shows it until a firm start date is set
 * (then the firm date replaces it), or until delivery or cancellation when no firm date came
 * first. Undefined while none happened: the page still shows a window, one that moves with the
 * comparable aanvragen, so the calibration reads it as it stands then (windowAsShown).
 */
export function windowLastShownAt(state: RequestState): string | undefined {
  const firstFirm = state.planning.history
    .filter((h) => h.field === 'confirmedStart')
    .map((h) => h.at)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return firstFirm ?? deliveredAt(state) ?? state.cancelledAt;
}

/**
 * The day the work began: the firm start date in force at delivery, or the first TG day when that
 * came earlier (or there was no firm date: the work had begun by its first completion).
 */
export function actualStart(state: RequestState): IsoDate | undefined {
  const completions = activeWorkOrders(state).flatMap((w) => (w.completedAt ? [dutchDate(w.completedAt)] : []));
  const firm = state.planning.confirmedStart?.date;
  // ISO dates sort as text: the earliest of the firm date and the completions.
  return [...(firm ? [firm] : []), ...completions].sort()[0];
}

/**
 * What is kept per aanvraag once its window is fixed: the window it was last shown (null when it
 * was shown none). The actual start is not kept here: it is the aanvraag's own start day
 * (actualStart, kept with the aanvraag at every write), which may still come or move.
 */
export type ShownWindowRecord = {
  number: string;
  /** When the window was last shown (an ISO instant): the comparable aanvragen are as they stood then. */
  shownAt: string;
  /** The first and last day the customer read (the window rounded out to whole working weeks). */
  fromDate: IsoDate | null;
  toDate: IsoDate | null;
  /** "x van de 10" as the page stated it; null without a window. */
  statedOutOf10: number | null;
  /** How many comparable aanvragen (started or not) the window was built from. */
  comparable: number;
};

/**
 * The record of an aanvraag whose window is fixed, given the curve of the comparable aanvragen as
 * they stood at `windowLastShownAt(state)` (startObservations), as the page would have read them
 * then. Undefined while the window is not fixed, or without a submission.
 */
export function shownWindowRecord(state: RequestState, curve: StartCurve): ShownWindowRecord | undefined {
  const shownAt = windowLastShownAt(state);
  if (!shownAt || !state.submittedAt) return undefined;
  return { number: state.number, shownAt, ...windowAsShown(curve, state.submittedAt) };
}

/** The dates the customer read and the share stated, from the comparable aanvragen as they stood then. */
export function windowAsShown(
  curve: StartCurve,
  submittedAt: string,
): Pick<ShownWindowRecord, 'fromDate' | 'toDate' | 'statedOutOf10' | 'comparable'> {
  const window = expectedWindow(curve, submittedAt);
  const dates = window && shownDates(window);
  return {
    fromDate: dates?.from ?? null,
    toDate: dates?.to ?? null,
    statedOutOf10: window?.basis.inWindowOutOf10 ?? null,
    comparable: curve.comparable,
  };
}

/**
 * What became of a window by `today`: the work started before, inside (both days included) or
 * after it; or it has not started and the window has passed (after: the customer was let down
 * whenever it starts); or not known yet. A cancelled aanvraag is measured as it stood on the day
 * it was cancelled: a window that passed before then without a start was late, any other outcome
 * never comes and stays unknown.
 */
export type WindowOutcome = 'before' | 'inside' | 'after' | 'unknown';

export function windowOutcome(
  w: { fromDate: IsoDate; toDate: IsoDate; startsOn: IsoDate | null; cancelledOn: IsoDate | null },
  today: IsoDate,
): WindowOutcome {
  // ISO dates compare as text.
  const until = w.cancelledOn !== null && w.cancelledOn < today ? w.cancelledOn : today;
  if (w.startsOn !== null && w.startsOn <= until)
    return w.startsOn < w.fromDate ? 'before' : w.startsOn > w.toDate ? 'after' : 'inside';
  return w.toDate < until ? 'after' : 'unknown';
}

/**
 * A window as the calibration reads it, with the aanvraag's combi area and kind, its start day
 * (actualStart, null while none is known) and the day it was cancelled (null if not): a kept
 * record, or the window the page shows now for an aanvraag whose window is not fixed yet.
 */
export type CalibrationInput = Pick<ShownWindowRecord, 'fromDate' | 'toDate' | 'statedOutOf10'> & {
  combi: string;
  kind: string;
  startsOn: IsoDate | null;
  cancelledOn: IsoDate | null;
};

/**
 * One group's calibration. `share` (outcomes inside the stated dates, of the known ones) and
 * `inside` are null when the group is hidden by the small-group rule: fewer than MIN_GROUP
 * measured windows, or the one whose share would follow from the shown ones (domain/small-groups.ts).
 */
export type CalibrationCell = {
  /** Aanvragen in the group, with or without a window. */
  aanvragen: number;
  /** Of those, how many were shown a window. */
  withWindow: number;
  /** Of those, how many have a known outcome: these are measured. */
  measured: number;
  /** Shown a window whose outcome is not known yet (not started, window not passed): left out. */
  unknown: number;
  inside: number | null;
  share: number | null;
  /** The share the page stated, averaged over the measured windows (0.8 for "8 van de 10"). */
  stated: number | null;
  hidden: boolean;
};

export type WindowCalibration = {
  total: CalibrationCell;
  combis: { combi: string; cell: CalibrationCell; kinds: { kind: string; cell: CalibrationCell }[] }[];
};

/** `statedOutOf10` summed as whole numbers: an average of exact tenths without rounding drift. */
type Tally = { aanvragen: number; withWindow: number; measured: number; inside: number; statedOutOf10: number };
type Node = { counts: number[]; parts: Node[]; tally: Tally };

const emptyTally = (): Tally => ({ aanvragen: 0, withWindow: 0, measured: 0, inside: 0, statedOutOf10: 0 });

function add(t: Tally, r: CalibrationInput, today: IsoDate): void {
  t.aanvragen++;
  if (r.fromDate === null || r.toDate === null || r.statedOutOf10 === null) return;
  t.withWindow++;
  const outcome = windowOutcome(
    { fromDate: r.fromDate, toDate: r.toDate, startsOn: r.startsOn, cancelledOn: r.cancelledOn },
    today,
  );
  if (outcome === 'unknown') return;
  t.measured++;
  t.statedOutOf10 += r.statedOutOf10;
  if (outcome === 'inside') t.inside++;
}

function node(tally: Tally, parts: Node[] = []): Node {
  return { counts: [tally.measured], parts, tally };
}

function cell(n: Node, hidden: Set<Node>): CalibrationCell {
  const { aanvragen, withWindow, measured, inside, statedOutOf10 } = n.tally;
  const hide = hidden.has(n);
  const shown = !hide && measured > 0;
  return {
    aanvragen,
    withWindow,
    measured,
    unknown: withWindow - measured,
    inside: shown ? inside : null,
    share: shown ? inside / measured : null,
    stated: measured > 0 ? statedOutOf10 / (10 * measured) : null,
    hidden: hide,
  };
}

/**
 * The calibration over all records as their outcomes stand on `today`, per combi area and per
 * kind within it. Groups are hidden as the dashboard hides small groups of answers: a share over
 * 1 to MIN_GROUP − 1 measured windows says little and, subtracted from its total, would give away the others.
 */
export function windowCalibration(records: Iterable<CalibrationInput>, today: IsoDate): WindowCalibration {
  const total = emptyTally();
  const byCombi = new Map<string, { tally: Tally; kinds: Map<string, Tally> }>();
  for (const r of records) {
    add(total, r, today);
    let combi = byCombi.get(r.combi);
    if (!combi) {
      combi = { tally: emptyTally(), kinds: new Map() };
      byCombi.set(r.combi, combi);
    }
    add(combi.tally, r, today);
    let kind = combi.kinds.get(r.kind);
    if (!kind) {
      kind = emptyTally();
      combi.kinds.set(r.kind, kind);
    }
    add(kind, r, today);
  }
  const sortedKeys = <T>(m: Map<string, T>) => [...m.keys()].sort();
  const combiNodes = sortedKeys(byCombi).map((code) => {
    const c = byCombi.get(code) as { tally: Tally; kinds: Map<string, Tally> };
    const kinds = sortedKeys(c.kinds).map((k) => ({ kind: k, node: node(c.kinds.get(k) as Tally) }));
    return {
      combi: code,
      node: node(
        c.tally,
        kinds.map((k) => k.node),
      ),
      kinds,
    };
  });
  const root = node(
    total,
    combiNodes.map((c) => c.node),
  );
  const hidden = hiddenGroups(root);
  return {
    total: cell(root, hidden),
    combis: combiNodes.map((c) => ({
      combi: c.combi,
      cell: cell(c.node, hidden),
      kinds: c.kinds.map((k) => ({ kind: k.kind, cell: cell(k.node, hidden) })),
    })),
  };
}
