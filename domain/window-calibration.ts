/**
 * Is the expected window honest? The track & trace page says "bij 8 van de 10 vergelijkbare
 * aanvragen" (domain/expected-window.ts); here we check that claim against what happened. For
 * every delivered aanvraag we keep the window as the customer last saw it and the day the work
 * actually started (docs/decisions/0037-window-calibration.md says which moment and why), and the
 * calibration is the share of actual starts inside the stated dates, beside the share the page
 * stated, per combi area and kind of aanvraag. Pure: storage keeps the records, api/core/ decides
 * when to make one.
 */
import { dutchDate, type IsoDate } from './calendar.ts';
import { expectedWindow, shownDates } from './expected-window.ts';
import type { Observation } from './kaplan-meier.ts';
import { activeWorkOrders, deliveredAt, type RequestState } from './request-state.ts';
import { hiddenGroups } from './small-groups.ts';

/**
 * The last moment the page showed the window: the page shows it until a firm start date is set
 * (then the firm date replaces it), or until delivery when no firm date ever came. Undefined
 * while the aanvraag is not delivered: the record waits for the actual start.
 */
export function windowLastShownAt(state: RequestState): string | undefined {
  const delivered = deliveredAt(state);
  if (!delivered) return undefined;
  const firstFirm = state.planning.history
    .filter((h) => h.field === 'confirmedStart')
    .map((h) => h.at)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return firstFirm ?? delivered;
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

/** What is kept per delivered aanvraag: the window it was shown (null when it was shown none) and its actual start. */
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
  actualStart: IsoDate;
  deliveredAt: string;
};

/**
 * The record of a delivered aanvraag, given the comparable aanvragen as they stood at
 * `windowLastShownAt(state)` (startObservations), as the page would have read them then.
 * Undefined while not delivered or without a submission.
 */
export function shownWindowRecord(state: RequestState, observations: readonly Observation[]): ShownWindowRecord | undefined {
  const shownAt = windowLastShownAt(state);
  const delivered = deliveredAt(state);
  const start = actualStart(state);
  if (!shownAt || !delivered || !start || !state.submittedAt) return undefined;
  const window = expectedWindow(observations, state.submittedAt);
  const dates = window && shownDates(window);
  return {
    number: state.number,
    shownAt,
    fromDate: dates?.from ?? null,
    toDate: dates?.to ?? null,
    statedOutOf10: window?.basis.inWindowOutOf10 ?? null,
    comparable: observations.length,
    actualStart: start,
    deliveredAt: delivered,
  };
}

/** A record as the calibration reads it, with the aanvraag's combi area and kind. */
export type CalibrationInput = Pick<ShownWindowRecord, 'fromDate' | 'toDate' | 'statedOutOf10' | 'actualStart'> & {
  combi: string;
  kind: string;
};

/**
 * One group's calibration. `share` (actual starts inside the stated dates) and `inside` are null
 * when the group is hidden by the small-group rule: fewer than MIN_GROUP windows, or the one
 * whose share would follow from the shown ones (domain/small-groups.ts).
 */
export type CalibrationCell = {
  /** Delivered aanvragen in the group, with or without a window. */
  delivered: number;
  /** Of those, how many were shown a window. */
  withWindow: number;
  inside: number | null;
  share: number | null;
  /** The share the page stated, averaged over the windows (0.8 for "8 van de 10"). */
  stated: number | null;
  hidden: boolean;
};

export type WindowCalibration = {
  total: CalibrationCell;
  combis: { combi: string; cell: CalibrationCell; kinds: { kind: string; cell: CalibrationCell }[] }[];
};

/** `statedOutOf10` summed as whole numbers: an average of exact tenths without rounding drift. */
type Tally = { delivered: number; withWindow: number; inside: number; statedOutOf10: number };
type Node = { counts: number[]; parts: Node[]; tally: Tally };

const emptyTally = (): Tally => ({ delivered: 0, withWindow: 0, inside: 0, statedOutOf10: 0 });

function add(t: Tally, r: CalibrationInput): void {
  t.delivered++;
  if (r.fromDate === null || r.toDate === null || r.statedOutOf10 === null) return;
  t.withWindow++;
  t.statedOutOf10 += r.statedOutOf10;
  if (r.actualStart >= r.fromDate && r.actualStart <= r.toDate) t.inside++;
}

function node(tally: Tally, parts: Node[] = []): Node {
  return { counts: [tally.withWindow], parts, tally };
}

function cell(n: Node, hidden: Set<Node>): CalibrationCell {
  const { delivered, withWindow, inside, statedOutOf10 } = n.tally;
  const hide = hidden.has(n);
  const measured = !hide && withWindow > 0;
  return {
    delivered,
    withWindow,
    inside: measured ? inside : null,
    share: measured ? inside / withWindow : null,
    stated: withWindow > 0 ? statedOutOf10 / (10 * withWindow) : null,
    hidden: hide,
  };
}

/**
 * The calibration over all records, per combi area and per kind within it. Groups are hidden as
 * the dashboard hides small groups of answers: a share over 1 to MIN_GROUP − 1 windows says
 * little and, subtracted from its total, would give away the others.
 */
export function windowCalibration(records: Iterable<CalibrationInput>): WindowCalibration {
  const total = emptyTally();
  const byCombi = new Map<string, { tally: Tally; kinds: Map<string, Tally> }>();
  for (const r of records) {
    add(total, r);
    let combi = byCombi.get(r.combi);
    if (!combi) {
      combi = { tally: emptyTally(), kinds: new Map() };
      byCombi.set(r.combi, combi);
    }
    add(combi.tally, r);
    let kind = combi.kinds.get(r.kind);
    if (!kind) {
      kind = emptyTally();
      combi.kinds.set(r.kind, kind);
    }
    add(kind, r);
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
