import { describe, expect, it } from 'vitest';
import { emptyState } from './request-state.ts';
import { contractorShown, contractorsOf, type DeliveredStart, type PlannedStart, plannedStartOf, workload } from './workload.ts';

/** Wednesday 9 December 2026, ISO week 50. */
const TODAY = '2026-12-09';

const delivered = (contractor: string, dates: string[]): DeliveredStart[] =>
  dates.map((actualStart) => ({ contractor, actualStart }));
const firm = (contractor: string, date: string): PlannedStart => ({ contractor, confirmedStart: date, provisionalWeek: null });
const provisional = (contractor: string, week: string): PlannedStart => ({
  contractor,
  confirmedStart: null,
  provisionalWeek: week,
});

// Twelve starts of A in the twelve weeks before week 50 (14 September to 4 December 2026, 60
// working days, no holidays): 0.2 a working day, 1 a full week. One before and one after the
// history do not count.
const A_STARTS = [
  '2026-09-14',
  '2026-09-25',
  '2026-10-01',
  '2026-10-12',
  '2026-10-20',
  '2026-10-29',
  '2026-11-02',
  '2026-11-10',
  '2026-11-18',
  '2026-11-23',
  '2026-12-01',
  '2026-12-04',
];
const DELIVERED = [
  ...delivered('aannemer-a', [...A_STARTS, '2026-09-11', '2026-12-07']),
  // C: six starts, 0.1 a working day, half a start a full week.
  ...delivered('aannemer-c', ['2026-09-15', '2026-10-06', '2026-10-27', '2026-11-03', '2026-11-17', '2026-12-02']),
];
const PLANNED = [
  firm('aannemer-a', '2026-12-09'), // week 50: 1 against 1, not above
  firm('aannemer-a', '2026-12-22'), // week 52 (Christmas: 4 working days, room 0.8)
  provisional('aannemer-a', '2026-W52'), // week 52: 2 against 0.8, above
  provisional('aannemer-a', '2026-W53'), // week 53 (New Year: 4 working days): 1 against 0.8, above
  firm('aannemer-a', '2026-12-02'), // past: not counted
  provisional('aannemer-a', '2026-W45'), // a provisional week long gone: not counted
  firm('aannemer-a', '2027-02-15'), // after the eighth week: not counted
  firm('aannemer-b', '2027-01-05'), // 2027-W01 for B, who delivered nothing: above
];

describe('workload per contractor and week, against a hand calculation', () => {
  const w = workload(PLANNED, DELIVERED, TODAY);

  it('shows eight ISO weeks from this one, Monday to Friday, with their working days', () => {
    expect(w.history).toEqual({ from: '2026-09-14', to: '2026-12-04', workingDays: 60 });
    expect(w.weeks.map((k) => [k.week, k.from, k.to, k.workingDays])).toEqual([
      ['2026-W50', '2026-12-07', '2026-12-11', 5],
      ['2026-W51', '2026-12-14', '2026-12-18', 5],
      ['2026-W52', '2026-12-21', '2026-12-25', 4],
      ['2026-W53', '2026-12-28', '2027-01-01', 4],
      ['2027-W01', '2027-01-04', '2027-01-08', 5],
      ['2027-W02', '2027-01-11', '2027-01-15', 5],
      ['2027-W03', '2027-01-18', '2027-01-22', 5],
      ['2027-W04', '2027-01-25', '2027-01-29', 5],
    ]);
  });

  it('counts firm and provisional starts per week against the delivered rate, and flags weeks above it', () => {
    expect(w.contractors.map((c) => c.contractor)).toEqual(['aannemer-a', 'aannemer-b', 'aannemer-c']);
    const [a, b, c] = w.contractors;
    expect(a?.delivered).toBe(12);
    expect(a?.deliveredPerWeek).toBe(1);
    const row = (k: { firm: number; provisional: number; capacity: number; over: boolean }) => [
      k.firm,
      k.provisional,
      Math.round(k.capacity * 100) / 100,
      k.over,
    ];
    expect(a?.weeks.map(row)).toEqual([
      [1, 0, 1, false],
      [0, 0, 1, false],
      [1, 1, 0.8, true],
      [0, 1, 0.8, true],
      [0, 0, 1, false],
      [0, 0, 1, false],
      [0, 0, 1, false],
      [0, 0, 1, false],
    ]);
    expect(b?.delivered).toBe(0);
    expect(b?.weeks.map(row)).toEqual([
      [0, 0, 0, false],
      [0, 0, 0, false],
      [0, 0, 0, false],
      [0, 0, 0, false],
      [1, 0, 0, true],
      [0, 0, 0, false],
      [0, 0, 0, false],
      [0, 0, 0, false],
    ]);
    expect(c?.delivered).toBe(6);
    expect(c?.deliveredPerWeek).toBe(0.5);
    expect(c?.weeks.map((k) => Math.round(k.capacity * 100) / 100)).toEqual([0.5, 0.5, 0.4, 0.4, 0.5, 0.5, 0.5, 0.5]);
    expect(c?.weeks.some((k) => k.over)).toBe(false);
  });

  it('a contractor sees only its own figures', () => {
    expect(contractorShown({ code: 'aannemer-b', kind: 'aannemer' })).toBe('aannemer-b');
    expect(contractorShown({ code: 'combi-x', kind: 'combi' })).toBeUndefined();
    expect(contractorShown({ code: 'enexis', kind: 'netbeheerder' })).toBeUndefined();
    const own = workload(PLANNED, DELIVERED, TODAY, 'aannemer-b');
    expect(own.contractors.map((c) => c.contractor)).toEqual(['aannemer-b']);
  });
});

describe('what an aanvraag adds to the workload', () => {
  function open() {
    const s = emptyState('MA-2026-0000001');
    s.submittedAt = '2026-10-05T09:00:00+02:00';
    s.workOrders = [
      { id: 'w1', discipline: 'elektra', gridOperator: 'enexis', contractor: 'aannemer-a' },
      { id: 'w2', discipline: 'gas', gridOperator: 'enexis', contractor: 'aannemer-a' },
      {
        id: 'w3',
        discipline: 'water',
        gridOperator: 'brabant-water',
        contractor: 'aannemer-b',
        cancelledAt: '2026-10-06T09:00:00Z',
      },
      { id: 'w4', discipline: 'telecom', gridOperator: 'kpn' },
    ];
    s.planning.provisionalWeek = '2026-W51';
    return s;
  }

  it('counts once per contractor of an opdracht that is not cancelled', () => {
    expect(contractorsOf(open())).toEqual(['aannemer-a']);
  });

  it('a firm date replaces the provisional week; delivered or cancelled aanvragen plan nothing', () => {
    const s = open();
    expect(plannedStartOf(s)).toEqual({ confirmedStart: null, provisionalWeek: '2026-W51' });
    s.planning.confirmedStart = { date: '2026-12-16', part: 'ochtend' };
    expect(plannedStartOf(s)).toEqual({ confirmedStart: '2026-12-16', provisionalWeek: null });
    for (const w of s.workOrders) w.completedAt = '2026-12-16T15:00:00Z';
    expect(plannedStartOf(s)).toBeUndefined();
    const cancelled = open();
    cancelled.cancelledAt = '2026-11-01T10:00:00Z';
    expect(plannedStartOf(cancelled)).toBeUndefined();
    const unplanned = open();
    delete unplanned.planning.provisionalWeek;
    expect(plannedStartOf(unplanned)).toBeUndefined();
  });
});
