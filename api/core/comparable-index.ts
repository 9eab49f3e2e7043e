/**
 * The comparable aanvragen behind the expected window (domain/expected-window.ts), as columns of
 * numbers sorted by submission, and the one rule that picks from them: at a moment, the latest
 * COMPARABLE_SAMPLE submitted before it and not cancelled by then.
 *
 * ComparableIndex keeps them in this process's memory, per combi area and kind, for the windows
 * ingestion keeps when they are fixed (./shown-windows.ts): a window is then a binary search and
 * a walk back, where reading the rows took a third of ingestion's time. It catches up with what
 * any process wrote through storage's comparableChanges before each use, so it never answers from
 * an older state than a read would (docs/decisions/0052-comparable-aanvragen-in-memory.md).
 */
import { dayNumber, dutchDay, instantMs } from '../../domain/calendar.ts';
import {
  COMPARABLE_SAMPLE,
  type ComparableRow,
  type StartCurve,
  startCurve,
  startObservation,
} from '../../domain/expected-window.ts';
import type { ComparableChange, ComparableChanges } from '../storage/contract.ts';

/** One comparable aanvraag in numbers. Not cancelled: +Infinity; not started: NaN. */
type Comparable = { number: string; submitted: number; cancelled: number; submittedDay: number; startDay: number };

function comparableOf(
  number: string,
  submittedAt: string,
  { cancelledAt, startsOn }: Pick<ComparableRow, 'cancelledAt' | 'startsOn'>,
): Comparable {
  const submitted = instantMs(submittedAt);
  return {
    number,
    submitted,
    cancelled: cancelledAt === null ? Number.POSITIVE_INFINITY : instantMs(cancelledAt),
    submittedDay: dutchDay(submitted),
    startDay: startsOn === null ? Number.NaN : dayNumber(startsOn),
  };
}

/** Sorts by submission, then by number: the order the columns keep. */
const bySubmission = (a: Comparable, b: Comparable) =>
  a.submitted - b.submitted || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);

/** A catch-up this large rebuilds the columns instead of moving them once per aanvraag. */
const REBUILD_FROM = 2_000;

/** More new ones than this in a group are merged in, not spliced in one at a time. */
const MERGE_FROM = 8;

/** One combi area and kind: parallel columns in order of submission. */
export class SortedComparables {
  readonly #numbers: string[] = [];
  readonly #submitted: number[] = [];
  readonly #cancelled: number[] = [];
  readonly #submittedDay: number[] = [];
  readonly #startDay: number[] = [];

  /** The columns of these, sorted once. */
  static of(comparables: Comparable[]): SortedComparables {
    const sorted = new SortedComparables();
    sorted.replaceWith(comparables);
    return sorted;
  }

  /** Holds these instead of what it held, sorted once. */
  replaceWith(comparables: Comparable[]): void {
    for (const column of this.#columns()) column.length = 0;
    for (const c of comparables.sort(bySubmission)) this.#push(this.#numbers.length, c);
  }

  /** The columns of rows as storage reads them; each row's number is its index in `rows`. */
  static ofRows(rows: readonly ComparableRow[]): SortedComparables {
    return SortedComparables.of(rows.map((row, i) => comparableOf(String(i), row.submittedAt, row)));
  }

  get size(): number {
    return this.#numbers.length;
  }

  /**
   * Adds these, none held yet, in their places: one by one when they are few, else merged in one
   * pass (a splice moves half the group, a hundred thousand numbers in a large one).
   */
  insert(...cs: Comparable[]): void {
    if (cs.length <= MERGE_FROM) {
      for (const c of cs) this.#push(this.#firstNotBefore(c.submitted, c.number), c);
      return;
    }
    const added = cs.sort(bySubmission);
    const held = this.#columns().map((column) => column.slice());
    for (const column of this.#columns()) column.length = 0;
    const [numbers, submitted] = held as [string[], number[]];
    const before = (i: number, c: Comparable) =>
      (submitted[i] as number) < c.submitted || ((submitted[i] as number) === c.submitted && (numbers[i] as string) < c.number);
    let i = 0;
    for (const c of added) {
      while (i < numbers.length && before(i, c)) this.#pushFrom(held, i++);
      this.#push(this.#numbers.length, c);
    }
    while (i < submitted.length) this.#pushFrom(held, i++);
  }

  /** Changes the cancellation and start of one held already, submitted when it was. */
  update(c: Comparable): void {
    const i = this.#firstNotBefore(c.submitted, c.number);
    if (this.#numbers[i] !== c.number) return;
    this.#cancelled[i] = c.cancelled;
    this.#startDay[i] = c.startDay;
  }

  /** Removes the one of this number submitted at `submitted`, if held. */
  remove(number: string, submitted: number): void {
    const i = this.#firstNotBefore(submitted, number);
    if (this.#numbers[i] !== number) return;
    for (const column of this.#columns()) column.splice(i, 1);
  }

  /**
   * The positions of those picked at `moment` (ms), latest first: submitted before it and not
   * cancelled by then, COMPARABLE_SAMPLE at most.
   */
  picked(moment: number): number[] {
    const picked: number[] = [];
    for (let i = this.#firstNotBefore(moment, '') - 1; i >= 0 && picked.length < COMPARABLE_SAMPLE; i--) {
      if (!((this.#cancelled[i] as number) < moment)) picked.push(i);
    }
    return picked;
  }

  /** The number (ofRows: the row's index) at a position. */
  numberAt(position: number): string {
    return this.#numbers[position] as string;
  }

  /**
   * The curve over those picked at `moment`: started ones at their days to start, the others at
   * their age then (startObservations), counted in the day numbers kept.
   */
  curveAt(moment: number): StartCurve {
    const today = dutchDay(moment);
    return startCurve(
      this.picked(moment).map((i) => {
        const start = this.#startDay[i] as number;
        return startObservation(this.#submittedDay[i] as number, Number.isNaN(start) ? null : start, today);
      }),
    );
  }

  /** The first position whose submission (then number) is not before this one. */
  #firstNotBefore(submitted: number, number: string): number {
    let low = 0;
    let high = this.#numbers.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const at = this.#submitted[mid] as number;
      if (at < submitted || (at === submitted && (this.#numbers[mid] as string) < number)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  #push(i: number, c: Comparable): void {
    if (i === this.#numbers.length) {
      this.#numbers.push(c.number);
      this.#submitted.push(c.submitted);
      this.#cancelled.push(c.cancelled);
      this.#submittedDay.push(c.submittedDay);
      this.#startDay.push(c.startDay);
      return;
    }
    this.#numbers.splice(i, 0, c.number);
    this.#submitted.splice(i, 0, c.submitted);
    this.#cancelled.splice(i, 0, c.cancelled);
    this.#submittedDay.splice(i, 0, c.submittedDay);
    this.#startDay.splice(i, 0, c.startDay);
  }

  #pushFrom(columns: unknown[][], i: number): void {
    const [numbers, submitted, cancelled, submittedDay, startDay] = columns as [string[], number[], number[], number[], number[]];
    this.#numbers.push(numbers[i] as string);
    this.#submitted.push(submitted[i] as number);
    this.#cancelled.push(cancelled[i] as number);
    this.#submittedDay.push(submittedDay[i] as number);
    this.#startDay.push(startDay[i] as number);
  }

  #columns(): unknown[][] {
    return [this.#numbers, this.#submitted, this.#cancelled, this.#submittedDay, this.#startDay];
  }
}

const keyOf = (combi: string, kind: string) => `${combi}\n${kind}`;

/** In the index: the group it is in too. */
type Held = Comparable & { group: SortedComparables };

export class ComparableIndex {
  /** Where storage's change list stands for this index; undefined before the first read. */
  #cursor: string | undefined;
  /** The aanvragen of the groups read so far, by number. */
  readonly #held = new Map<string, Held>();
  /** The groups read so far: each the first time a window of it is kept. */
  readonly #groups = new Map<string, SortedComparables>();
  /** The catch-up under way: one that starts after it waits for it. */
  #catchingUp: Promise<void> = Promise.resolve();

  /**
   * Takes in what was written since the last read, then reads whole the groups asked for that it
   * does not hold yet: each the first time a window of it is kept, not all at the first batch
   * after a start (a group of 100,000 takes about 0.1 s). Whoever waits for it sees at least what
   * was committed when it was called.
   */
  catchUp(storage: ComparableChanges, groups: Iterable<{ combi: string; kind: string }>): Promise<void> {
    const wanted = [...groups];
    const next = this.#catchingUp.then(async () => {
      const { rows, cursor } = await storage.comparableChanges(this.#cursor);
      this.#take(rows);
      this.#cursor = cursor;
      for (const { combi, kind } of wanted) {
        const key = keyOf(combi, kind);
        if (this.#groups.has(key)) continue;
        const group = new SortedComparables();
        const comparables: Comparable[] = [];
        for (const row of await storage.comparableGroup(combi, kind)) {
          if (row.submittedAt === null) continue;
          const held = { ...comparableOf(row.number, row.submittedAt, row), group };
          this.#held.set(row.number, held);
          comparables.push(held);
        }
        group.replaceWith(comparables);
        this.#groups.set(key, group);
      }
    });
    this.#catchingUp = next.catch(() => undefined);
    return next;
  }

  /** The curve over the comparable aanvragen of this combi area and kind at `at`, as caught up. */
  curveAt(combi: string, kind: string, at: string): StartCurve {
    return (this.#groups.get(keyOf(combi, kind)) ?? new SortedComparables()).curveAt(instantMs(at));
  }

  /** How many comparable aanvragen it holds, over the groups read so far. */
  get size(): number {
    return this.#held.size;
  }

  /** Changes to the groups held; those of groups not read yet wait for their group's read. */
  #take(rows: readonly ComparableChange[]): void {
    const rebuild = rows.length >= REBUILD_FROM;
    // New places per group, put in together at the end (SortedComparables.insert).
    const adding = new Map<SortedComparables, Map<string, Comparable>>();
    const leave = ({ number, submitted, group }: Held) => {
      group.remove(number, submitted);
      adding.get(group)?.delete(number);
    };
    for (const row of rows) {
      const before = this.#held.get(row.number);
      const { combi, kind, submittedAt } = row;
      const group = combi !== null && kind !== null ? this.#groups.get(keyOf(combi, kind)) : undefined;
      if (!group || submittedAt === null) {
        if (before && !rebuild) leave(before);
        this.#held.delete(row.number);
        continue;
      }
      const held = { ...comparableOf(row.number, submittedAt, row), group };
      this.#held.set(row.number, held);
      if (rebuild) continue;
      const added = adding.get(group) ?? new Map<string, Comparable>();
      adding.set(group, added);
      // Mostly a start or a cancellation of one held already: changed where it stands.
      if (before?.group === group && before.submitted === held.submitted && !added.has(row.number)) group.update(held);
      else {
        if (before) leave(before);
        added.set(row.number, held);
      }
    }
    for (const [group, added] of adding) group.insert(...added.values());
    if (rebuild) {
      const members = new Map<SortedComparables, Comparable[]>([...this.#groups.values()].map((group) => [group, []]));
      for (const held of this.#held.values()) members.get(held.group)?.push(held);
      for (const [group, list] of members) group.replaceWith(list);
    }
  }
}
