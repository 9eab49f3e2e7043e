import { describe, expect, it } from 'vitest';
import type { Observation } from './kaplan-meier.ts';
import { emptyState, type RequestState } from './request-state.ts';
import {
  actualStart,
  type CalibrationInput,
  shownWindowRecord,
  windowCalibration,
  windowLastShownAt,
} from './window-calibration.ts';

const started = (days: number[]): Observation[] => days.map((d) => ({ days: d, event: true }));

/** A delivered aanvraag: submitted 5 October 2026, firm start 18 January 2027 set on 14 December, TG on the 19th and 20th. */
function delivered(): RequestState {
  const s = emptyState('MA-2026-0000001');
  s.submittedAt = '2026-10-05T09:00:00+02:00';
  s.combi = 'brabant-oost';
  s.kind = 'nieuwe_aansluiting';
  s.workOrders = [
    { id: 'w1', discipline: 'elektra', gridOperator: 'enexis', completedAt: '2027-01-19T14:00:00Z' },
    { id: 'w2', discipline: 'water', gridOperator: 'brabant-water', completedAt: '2027-01-20T14:00:00Z' },
  ];
  s.planning.confirmedStart = { date: '2027-01-25', part: 'dag' };
  s.planning.history = [
    { field: 'provisionalWeek', value: '2027-W03', by: 'x', at: '2026-11-02T10:00:00Z', reason: 'plangesprek' },
    { field: 'confirmedStart', value: '2027-01-18 dag', by: 'x', at: '2026-12-14T10:00:00Z', reason: 'afgesproken' },
    { field: 'confirmedStart', value: '2027-01-25 dag', by: 'x', at: '2027-01-11T10:00:00Z', reason: 'vorstverlet' },
  ];
  return s;
}

describe('what is recorded per delivered aanvraag', () => {
  it('the window was last shown when the first firm date was set, else at delivery', () => {
    const s = delivered();
    expect(windowLastShownAt(s)).toBe('2026-12-14T10:00:00Z');
    s.planning.history = s.planning.history.filter((h) => h.field !== 'confirmedStart');
    expect(windowLastShownAt(s)).toBe('2027-01-20T14:00:00Z');
    s.workOrders[1] = { id: 'w2', discipline: 'water', gridOperator: 'brabant-water' };
    expect(windowLastShownAt(s)).toBeUndefined();
  });

  it('the actual start is the firm date in force, unless the first TG came before it', () => {
    const s = delivered();
    // Moved to the 25th, yet the first opdracht was done on the 19th: the work began by then.
    expect(actualStart(s)).toBe('2027-01-19');
    s.planning.confirmedStart = { date: '2027-01-18', part: 'dag' };
    expect(actualStart(s)).toBe('2027-01-18');
    delete s.planning.confirmedStart;
    expect(actualStart(s)).toBe('2027-01-19');
  });

  it('keeps the dates the customer read, rounded out to whole working weeks', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // expected-window.test.ts: 14 December 2026 (week 51) to 8 February 2027 (week 6).
    expect(shownWindowRecord(delivered(), started(days))).toEqual({
      number: 'MA-2026-0000001',
      shownAt: '2026-12-14T10:00:00Z',
      fromDate: '2026-12-14',
      toDate: '2027-02-12',
      statedOutOf10: 9, // 9 of the 10 started inside the whole weeks (expected-window.test.ts)
      comparable: 10,
      actualStart: '2027-01-19',
      deliveredAt: '2027-01-20T14:00:00Z',
    });
  });

  it('records that no window was shown with too few comparable aanvragen', () => {
    expect(shownWindowRecord(delivered(), started([90, 100]))).toMatchObject({
      fromDate: null,
      toDate: null,
      statedOutOf10: null,
      comparable: 2,
    });
  });
});

describe('the calibration (a fixture computed by hand)', () => {
  const row = (
    combi: string,
    kind: string,
    from: string | null,
    to: string | null,
    start: string,
    stated: number | null = 8,
  ): CalibrationInput => ({
    combi,
    kind,
    fromDate: from,
    toDate: to,
    statedOutOf10: from ? stated : null,
    actualStart: start,
  });
  const jan = (start: string) => row('a', 'nieuwe_aansluiting', '2027-01-04', '2027-01-29', start);
  const records: CalibrationInput[] = [
    // a / nieuwe_aansluiting: both boundaries count as inside; 4 of 6.
    jan('2027-01-04'),
    jan('2027-01-29'),
    jan('2027-01-15'),
    jan('2027-01-20'),
    jan('2027-01-03'),
    jan('2027-02-01'),
    // a / wijziging_met_graafwerk: 1 of 2, a small group.
    row('a', 'wijziging_met_graafwerk', '2027-02-01', '2027-02-12', '2027-02-05'),
    row('a', 'wijziging_met_graafwerk', '2027-02-01', '2027-02-12', '2027-03-01'),
    // b / nieuwe_aansluiting: 5 of 5 windows, one said "9 van de 10"; one delivery without a window.
    ...['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04'].map((d) =>
      row('b', 'nieuwe_aansluiting', '2027-03-01', '2027-03-12', d),
    ),
    row('b', 'nieuwe_aansluiting', '2027-03-01', '2027-03-12', '2027-03-12', 9),
    row('b', 'nieuwe_aansluiting', null, null, '2027-04-01'),
  ];

  it('counts the starts inside the stated dates per combi and kind, and hides what would reveal a small group', () => {
    const c = windowCalibration(records);
    // 4 + 1 + 5 inside of 6 + 2 + 5 windows; stated: twelve times 0.8 and once 0.9.
    expect(c.total).toEqual({ delivered: 14, withWindow: 13, inside: 10, share: 10 / 13, stated: 105 / 130, hidden: false });
    const [a, b] = c.combis;
    expect(a?.combi).toBe('a');
    expect(a?.cell).toEqual({ delivered: 8, withWindow: 8, inside: 5, share: 5 / 8, stated: 0.8, hidden: false });
    // 2 windows is small; then 6 would give it away (8 − 6), so both kinds are hidden.
    expect(a?.kinds).toEqual([
      { kind: 'nieuwe_aansluiting', cell: { delivered: 6, withWindow: 6, inside: null, share: null, stated: 0.8, hidden: true } },
      {
        kind: 'wijziging_met_graafwerk',
        cell: { delivered: 2, withWindow: 2, inside: null, share: null, stated: 0.8, hidden: true },
      },
    ]);
    expect(b?.cell).toEqual({ delivered: 6, withWindow: 5, inside: 5, share: 1, stated: 41 / 50, hidden: false });
    expect(b?.kinds).toEqual([{ kind: 'nieuwe_aansluiting', cell: b?.cell }]);
  });

  it('has nothing to say without deliveries', () => {
    expect(windowCalibration([])).toEqual({
      total: { delivered: 0, withWindow: 0, inside: null, share: null, stated: null, hidden: false },
      combis: [],
    });
  });
});
