/**
 * The comparable aanvragen behind the track & trace page's expected window: the latest of the same
 * combi area and kind, those started and those still waiting (domain/expected-window.ts), and the
 * Kaplan–Meier curve over them. Statistics over hundreds of aanvragen move slowly, so each group's
 * curve is read and computed at most once per ten minutes per process, and again as soon as
 * ingestion in this process brings new or moved starts for it (another process's, after ten minutes).
 */
import type { ComparableAanvraag, ComparableRow, StartCurve } from '../../domain/expected-window.ts';
import { SortedComparables } from './comparable-index.ts';

const FRESH_MS = 600_000;

/**
 * The comparable aanvragen at `at`, picked from rows storage read for it (comparableRows) by the
 * one rule of ./comparable-index.ts, in readable form, latest first, as the tests check it.
 */
export function comparableAt(rows: readonly ComparableRow[], at: string): ComparableAanvraag[] {
  const sorted = SortedComparables.ofRows(rows);
  return sorted.picked(Date.parse(at)).map((i) => {
    const { submittedAt, startsOn } = rows[Number(sorted.numberAt(i))] as ComparableRow;
    return { submittedAt, startsOn };
  });
}

/** The curve over the comparable aanvragen at `at`: startCurve(startObservations(comparableAt(rows, at), at)). */
export function curveAt(rows: readonly ComparableRow[], at: string | Date): StartCurve {
  return SortedComparables.ofRows(rows).curveAt(typeof at === 'string' ? Date.parse(at) : at.getTime());
}

/** The comparable rows of a combi area and kind at a moment, from storage (comparableRows). */
export type ComparableRead = (combi: string, kind: string, at: string) => Promise<ComparableRow[]>;

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
    const curve = this.#read(combi, kind, at).then((rows) => curveAt(rows, now));
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
