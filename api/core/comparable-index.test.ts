/**
 * The comparable aanvragen kept in memory for the windows ingestion keeps (issue 12: reading them
 * took a third of ingestion's time): whatever arrives, moves, starts, is cancelled or leaves, the
 * index picks at every moment what the rule picks from all of them, and reads only what changed.
 */
import { describe, expect, it } from 'vitest';
import { COMPARABLE_SAMPLE, startCurve, startObservations } from '../../domain/expected-window.ts';
import type { ComparableChange, ComparableChanges } from '../storage/contract.ts';
import { ComparableIndex } from './comparable-index.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);
const instant = (hours: number) => new Date(START + hours * HOUR).toISOString();
const day = (hours: number) => instant(hours).slice(0, 10);

/** The rule, from all of them and by brute force: latest submitted before `at` first, none cancelled by then. */
function byTheRule(all: Iterable<ComparableChange>, combi: string, kind: string, at: string) {
  const moment = Date.parse(at);
  const before = (instant: string | null) => instant !== null && Date.parse(instant) < moment;
  return [...all]
    .filter((c) => c.combi === combi && c.kind === kind && before(c.submittedAt) && !before(c.cancelledAt))
    .sort((a, b) => Date.parse(b.submittedAt as string) - Date.parse(a.submittedAt as string) || (a.number < b.number ? 1 : -1))
    .slice(0, COMPARABLE_SAMPLE)
    .map((c) => ({ submittedAt: c.submittedAt as string, startsOn: c.startsOn }));
}

/** Storage's change list over a map of aanvragen: each write gets the next position. */
class Changes implements ComparableChanges {
  readonly rows = new Map<string, ComparableChange & { position: number }>();
  readonly asked: (string | undefined)[] = [];
  readonly groupsRead: string[] = [];
  #position = 0;
  write(...rows: ComparableChange[]) {
    for (const row of rows) this.rows.set(row.number, { ...row, position: ++this.#position });
  }
  async comparableChanges(cursor: string | undefined) {
    this.asked.push(cursor);
    const after = Number(cursor ?? this.#position);
    const rows = [...this.rows.values()].filter((r) => r.position > after).map(({ position: _, ...row }) => row);
    return { rows, cursor: String(this.#position) };
  }
  async comparableGroup(combi: string, kind: string) {
    this.groupsRead.push(`${combi} ${kind}`);
    return [...this.rows.values()]
      .filter((r) => r.combi === combi && r.kind === kind && r.submittedAt !== null)
      .map(({ position: _, ...row }) => row);
  }
}

const aanvraag = (i: number, more: Partial<ComparableChange> = {}): ComparableChange => ({
  number: `MA-${String(i).padStart(5, '0')}`,
  combi: i % 7 ? 'brabant-oost' : 'peelland',
  kind: 'nieuwe_aansluiting',
  // Two an hour, some at the same instant, in an order unlike their numbers'.
  submittedAt: instant(((i * 7919) % 9_000) / 2),
  startsOn: i % 3 ? day(((i * 7919) % 9_000) / 2 + 24 * (20 + (i % 40))) : null,
  cancelledAt: i % 97 === 5 ? instant(((i * 7919) % 9_000) / 2 + 24 * 30) : null,
  ...more,
});

const MOMENTS = [instant(100), instant(2_000), instant(4_000), instant(4_400.5), instant(6_000)];
const OOST = { combi: 'brabant-oost', kind: 'nieuwe_aansluiting' };
const PEEL = { combi: 'peelland', kind: 'nieuwe_aansluiting' };
const PEEL_GRAAFWERK = { combi: 'peelland', kind: 'wijziging_met_graafwerk' };

function expectTheRule(index: ComparableIndex, changes: Changes, groups: { combi: string; kind: string }[]) {
  for (const { combi, kind } of groups) {
    for (const at of MOMENTS) {
      const expected = startCurve(startObservations(byTheRule(changes.rows.values(), combi, kind, at), at));
      expect(index.curveAt(combi, kind, at), `${combi} ${kind} ${at}`).toEqual(expected);
    }
  }
}

describe('the comparable aanvragen in memory', () => {
  it('pick what the rule picks from all of them, more than COMPARABLE_SAMPLE in a group, and follow every change', async () => {
    const changes = new Changes();
    const index = new ComparableIndex();
    changes.write(...Array.from({ length: 9_000 }, (_, i) => aanvraag(i)));
    await index.catchUp(changes, [OOST, PEEL]);
    expect(index.size).toBe(9_000);
    expectTheRule(index, changes, [OOST, PEEL]);

    // Started, cancelled, resubmitted later, moved to a kind not read yet, no longer comparable, and new.
    changes.write(
      aanvraag(1, { startsOn: day(900) }),
      aanvraag(2, { cancelledAt: instant(1_999) }),
      aanvraag(3, { submittedAt: instant(3_999) }),
      aanvraag(7, { kind: 'wijziging_met_graafwerk' }),
      aanvraag(14, { submittedAt: null }),
      ...Array.from({ length: 300 }, (_, i) => aanvraag(10_000 + i, { submittedAt: instant(1_000 + i * 10) })),
    );
    await index.catchUp(changes, [OOST, PEEL]);
    expect(index.size).toBe(9_298);
    expectTheRule(index, changes, [OOST, PEEL]);
    // That kind is read when a window of it is kept: with the one that moved.
    await index.catchUp(changes, [PEEL_GRAAFWERK, OOST]);
    expect(index.size).toBe(9_299);
    expectTheRule(index, changes, [OOST, PEEL, PEEL_GRAAFWERK]);
    expect(changes.groupsRead).toEqual([
      'brabant-oost nieuwe_aansluiting',
      'peelland nieuwe_aansluiting',
      'peelland wijziging_met_graafwerk',
    ]);

    // A catch-up this large rebuilds the columns: the same picks.
    changes.write(...Array.from({ length: 3_000 }, (_, i) => aanvraag(i * 3, { startsOn: day(i) })));
    await index.catchUp(changes, []);
    expectTheRule(index, changes, [OOST, PEEL, PEEL_GRAAFWERK]);
    // Each read asks from where the last one ended; the first from where the list stood then.
    expect(changes.asked).toEqual([undefined, '9000', '9305', '9305']);
  });

  it('reads for one caller at a time, each from where the one before ended', async () => {
    const changes = new Changes();
    const index = new ComparableIndex();
    let reading = 0;
    let most = 0;
    const slow: ComparableChanges = {
      comparableChanges: async (cursor) => {
        most = Math.max(most, ++reading);
        await new Promise((resolve) => setTimeout(resolve, 5));
        reading--;
        return changes.comparableChanges(cursor);
      },
      comparableGroup: (combi, kind) => changes.comparableGroup(combi, kind),
    };
    changes.write(aanvraag(1));
    const first = index.catchUp(slow, [OOST]);
    changes.write(aanvraag(2));
    const second = index.catchUp(slow, [OOST]);
    await Promise.all([first, second]);
    expect(most).toBe(1);
    expect(changes.asked).toEqual([undefined, '2']);
    expect(changes.groupsRead).toEqual(['brabant-oost nieuwe_aansluiting']);
    expect(index.size).toBe(2);
  });

  it('takes in an aanvraag that comes again as it stands, and a failed read changes nothing', async () => {
    const changes = new Changes();
    const index = new ComparableIndex();
    changes.write(aanvraag(1), aanvraag(2));
    await index.catchUp(changes, [OOST]);
    const again: ComparableChanges = {
      comparableChanges: async () => ({ rows: [aanvraag(1), aanvraag(1)], cursor: '2' }),
      comparableGroup: async () => [],
    };
    await index.catchUp(again, [OOST]);
    expect(index.size).toBe(2);
    expectTheRule(index, changes, [OOST]);
    const failing: ComparableChanges = {
      comparableChanges: async () => {
        throw new Error('database weg');
      },
      comparableGroup: async () => [],
    };
    await expect(index.catchUp(failing, [OOST])).rejects.toThrow('database weg');
    changes.write(aanvraag(3));
    await index.catchUp(changes, [OOST]);
    expect(changes.asked.at(-1)).toBe('2');
    expect(index.size).toBe(3);
  });
});
