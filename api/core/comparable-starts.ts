/**
 * The comparable aanvragen behind the track & trace page's expected window: the latest of the same
 * combi area and kind, those started and those still waiting (domain/expected-window.ts), and the
 * Kaplan–Meier curve over them. Statistics over hundreds of aanvragen move slowly, so each group's
 * curve is read and computed at most once per ten minutes per process, and again as soon as
 * ingestion in this process brings new or moved starts for it (another process's, after ten minutes).
 */
import {
  COMPARABLE_SAMPLE,
  type ComparableAanvraag,
  type ComparableRow,
  type ComparableSpan,
  type StartCurve,
  startCurve,
  startObservations,
} from '../../domain/expected-window.ts';

const FRESH_MS = 600_000;

/**
 * The comparable aanvragen at `at`: the latest COMPARABLE_SAMPLE submitted before it and not
 * cancelled by then, picked from rows storage read for a span holding `at` (comparableRows).
 */
export function comparableAt(rows: readonly ComparableRow[], at: string): ComparableAanvraag[] {
  const moment = Date.parse(at);
  const { submitted, cancelled } = instantsOf(rows);
  const picked: ComparableAanvraag[] = [];
  for (let i = 0; i < rows.length && picked.length < COMPARABLE_SAMPLE; i++) {
    const row = rows[i] as ComparableRow;
    if ((submitted[i] as number) < moment && !((cancelled[i] as number) < moment))
      picked.push({ submittedAt: row.submittedAt, startsOn: row.startsOn });
  }
  return picked;
}

/**
 * The rows' instants as numbers, parsed once per read: ingestion picks from the same rows at every
 * moment a window was shown in a batch (api/core/shown-windows.ts). Not cancelled: +Infinity.
 */
const parsedInstants = new WeakMap<readonly ComparableRow[], { submitted: Float64Array; cancelled: Float64Array }>();

function instantsOf(rows: readonly ComparableRow[]) {
  let parsed = parsedInstants.get(rows);
  if (!parsed) {
    parsed = {
      submitted: Float64Array.from(rows, (r) => Date.parse(r.submittedAt)),
      cancelled: Float64Array.from(rows, (r) => (r.cancelledAt === null ? Number.POSITIVE_INFINITY : Date.parse(r.cancelledAt))),
    };
    parsedInstants.set(rows, parsed);
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
    const curve = this.#read(combi, kind, { from: at, to: at }).then((rows) =>
      startCurve(startObservations(comparableAt(rows, at), now)),
    );
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
