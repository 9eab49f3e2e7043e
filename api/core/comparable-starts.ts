/**
 * The comparable aanvragen behind the track & trace page's expected window: the latest of the same
 * combi area and kind, those started and those still waiting (domain/expected-window.ts), and the
 * Kaplan–Meier curve over them. Statistics over hundreds of aanvragen move slowly, so each group's
 * curve is read and computed at most once per ten minutes per process, and again as soon as
 * ingestion in this process brings new or moved starts for it (another process's, after ten minutes).
 */
import { dayNumber, dutchDay, instantMs } from '../../domain/calendar.ts';
import {
  COMPARABLE_SAMPLE,
  type ComparableAanvraag,
  type ComparableRow,
  type ComparableSpan,
  type StartCurve,
  startCurve,
  startObservation,
} from '../../domain/expected-window.ts';

const FRESH_MS = 600_000;

/**
 * The comparable aanvragen at `at`: the latest COMPARABLE_SAMPLE submitted before it and not
 * cancelled by then, picked from rows storage read for a span holding `at` (comparableRows). The
 * pick in readable form, as the tests check it; curveAt counts the same pick without these objects.
 */
export function comparableAt(rows: readonly ComparableRow[], at: string): ComparableAanvraag[] {
  return pickedAt(rows, Date.parse(at)).map((i) => {
    const { submittedAt, startsOn } = rows[i] as ComparableRow;
    return { submittedAt, startsOn };
  });
}

/**
 * The curve over the comparable aanvragen at `at`: startCurve(startObservations(comparableAt(rows,
 * at), at)), counted from each row's days worked out once per read, not once per moment.
 */
export function curveAt(rows: readonly ComparableRow[], at: string | Date): StartCurve {
  const moment = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const today = dutchDay(moment);
  const { submittedDay, startDay } = columnsOf(rows);
  return startCurve(
    pickedAt(rows, moment).map((i) => {
      const start = startDay[i] as number;
      return startObservation(submittedDay[i] as number, Number.isNaN(start) ? null : start, today);
    }),
  );
}

/** The indexes of the rows comparableAt picks at `moment` (ms). */
function pickedAt(rows: readonly ComparableRow[], moment: number): number[] {
  const { submitted, cancelled } = columnsOf(rows);
  const picked: number[] = [];
  for (let i = 0; i < rows.length && picked.length < COMPARABLE_SAMPLE; i++) {
    if ((submitted[i] as number) < moment && !((cancelled[i] as number) < moment)) picked.push(i);
  }
  return picked;
}

/**
 * The rows' instants and Dutch days as numbers, worked out once per read: ingestion builds a curve
 * from the same rows at every moment a window was shown in a batch (api/core/shown-windows.ts).
 * Not cancelled: +Infinity; not started: NaN.
 */
type Columns = { submitted: Float64Array; cancelled: Float64Array; submittedDay: Float64Array; startDay: Float64Array };
const columns = new WeakMap<readonly ComparableRow[], Columns>();

function columnsOf(rows: readonly ComparableRow[]): Columns {
  let parsed = columns.get(rows);
  if (!parsed) {
    const n = rows.length;
    parsed = {
      submitted: new Float64Array(n),
      cancelled: new Float64Array(n),
      submittedDay: new Float64Array(n),
      startDay: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const { submittedAt, cancelledAt, startsOn } = rows[i] as ComparableRow;
      const submitted = instantMs(submittedAt);
      parsed.submitted[i] = submitted;
      parsed.submittedDay[i] = dutchDay(submitted);
      parsed.cancelled[i] = cancelledAt === null ? Number.POSITIVE_INFINITY : instantMs(cancelledAt);
      parsed.startDay[i] = startsOn === null ? Number.NaN : dayNumber(startsOn);
    }
    columns.set(rows, parsed);
  }
  return parsed;
}

/** The comparable rows of a combi area and kind for a span of moments, from storage (comparableRows). */
export type ComparableRead = (combi: string, kind: string, span: ComparableSpan) => Promise<ComparableRow[]>;

/** A combi area and kind whose comparable aanvragen changed. */
export type ComparableGroup = { combi: string; kind: string };

const keyOf = ({ combi, kind }: ComparableGroup) => `${combi}\n${kind}`;

export class ComparableStarts {
  readonly #read: ComparableRead;
  /** Per group the curve, or its read still under way: views that come meanwhile share that read. */
  readonly #cache = new Map<string, { at: number; curve: Promise<StartCurve> }>();
  constructor(read: ComparableRead) {
    this.#read = read;
  }

  /** The curve as it stands now: started ones at their days to start, the others at their age. */
  of(combi: string, kind: string, now = new Date()): Promise<StartCurve> {
    const key = keyOf({ combi, kind });
    const cached = this.#cache.get(key);
    const age = cached && now.getTime() - cached.at;
    if (cached && age !== undefined && age >= 0 && age < FRESH_MS) return cached.curve;
    const at = now.toISOString();
    const curve = this.#read(combi, kind, { from: at, to: at }).then((rows) => curveAt(rows, now));
    const entry = { at: now.getTime(), curve };
    this.#cache.set(key, entry);
    // A failed read is not kept. One that new starts overtake is dropped by startsChanged: the views
    // that already wait for it get the curve as it was when they came.
    curve.catch(() => {
      if (this.#cache.get(key) === entry) this.#cache.delete(key);
    });
    return curve;
  }

  /** Ingestion committed new or moved starts in these groups: their curves are read again on the next view. Bound: passed on as it is. */
  readonly startsChanged = (groups: Iterable<ComparableGroup>): void => {
    for (const group of groups) this.#cache.delete(keyOf(group));
  };
}
