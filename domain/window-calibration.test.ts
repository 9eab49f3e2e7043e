import { describe, expect, it } from 'vitest';
import { startCurve } from './expected-window.ts';
import type { Observation } from './kaplan-meier.ts';
import { emptyState, type RequestState } from './request-state.ts';
import {
  actualStart,
  type CalibrationInput,
  shownWindowRecord,
  windowCalibration,
  windowLastShownAt,
  windowOutcome,
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
  it('the window was last shown when the first firm date was set, else at delivery or cancellation', () => {
    const s = delivered();
    expect(windowLastShownAt(s)).toBe('2026-12-14T10:00:00Z');
    s.planning.history = s.planning.history.filter((h) => h.field !== 'confirmedStart');
    expect(windowLastShownAt(s)).toBe('2027-01-20T14:00:00Z');
    s.workOrders[1] = { id: 'w2', discipline: 'water', gridOperator: 'brabant-water' };
    // Neither: the page still shows a window, one that moves, so nothing is fixed yet.
    expect(windowLastShownAt(s)).toBeUndefined();
    // A cancellation ends it as a delivery does.
    expect(windowLastShownAt({ ...s, cancelledAt: '2027-01-05T08:00:00Z' })).toBe('2027-01-05T08:00:00Z');
    // Not delivered, yet the firm date has replaced the window: it is fixed without waiting for delivery.
    s.planning.history = delivered().planning.history;
    expect(windowLastShownAt(s)).toBe('2026-12-14T10:00:00Z');
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
    expect(shownWindowRecord(delivered(), startCurve(started(days)))).toEqual({
      number: 'MA-2026-0000001',
      shownAt: '2026-12-14T10:00:00Z',
      fromDate: '2026-12-14',
      toDate: '2027-02-12',
      statedOutOf10: 9, // 9 of the 10 started inside the whole weeks (expected-window.test.ts)
      comparable: 10,
    });
  });

  it('records that no window was shown with too few comparable aanvragen', () => {
    expect(shownWindowRecord(delivered(), startCurve(started([90, 100])))).toMatchObject({
      fromDate: null,
      toDate: null,
      statedOutOf10: null,
      comparable: 2,
    });
  });
});

describe('what became of a window', () => {
  const jan = { fromDate: '2027-01-04', toDate: '2027-01-29', cancelledOn: null };
  it('a start is before, inside (both days included) or after, once the day has come', () => {
    expect(windowOutcome({ ...jan, startsOn: '2027-01-03' }, '2027-01-10')).toBe('before');
    expect(windowOutcome({ ...jan, startsOn: '2027-01-04' }, '2027-01-10')).toBe('inside');
    expect(windowOutcome({ ...jan, startsOn: '2027-01-29' }, '2027-02-10')).toBe('inside');
    expect(windowOutcome({ ...jan, startsOn: '2027-01-30' }, '2027-02-10')).toBe('after');
    // A firm date still to come says nothing yet while the window lasts.
    expect(windowOutcome({ ...jan, startsOn: '2027-01-20' }, '2027-01-19')).toBe('unknown');
  });

  it('a window that passed without a start is after, not delivered or not', () => {
    expect(windowOutcome({ ...jan, startsOn: null }, '2027-01-29')).toBe('unknown');
    expect(windowOutcome({ ...jan, startsOn: null }, '2027-01-30')).toBe('after');
    expect(windowOutcome({ ...jan, startsOn: '2027-03-01' }, '2027-01-30')).toBe('after');
  });

  it('a cancelled aanvraag counts as it stood when it was cancelled', () => {
    // Passed before the cancellation: late. Cancelled while the window lasted: never known.
    expect(windowOutcome({ ...jan, startsOn: null, cancelledOn: '2027-02-01' }, '2027-03-01')).toBe('after');
    expect(windowOutcome({ ...jan, startsOn: null, cancelledOn: '2027-01-20' }, '2027-03-01')).toBe('unknown');
    // A firm date it kept after the cancellation never came.
    expect(windowOutcome({ ...jan, startsOn: '2027-01-25', cancelledOn: '2027-01-20' }, '2027-03-01')).toBe('unknown');
    expect(windowOutcome({ ...jan, startsOn: '2027-01-15', cancelledOn: '2027-01-20' }, '2027-03-01')).toBe('inside');
  });
});

describe('the calibration (a fixture computed by hand)', () => {
  const today = '2027-02-15';
  const row = (
    combi: string,
    kind: string,
    from: string | null,
    to: string | null,
    start: string | null,
    { stated = 8, cancelled = null }: { stated?: number; cancelled?: string | null } = {},
  ): CalibrationInput => ({
    combi,
    kind,
    fromDate: from,
    toDate: to,
    statedOutOf10: from ? stated : null,
    startsOn: start,
    cancelledOn: cancelled,
  });
  const jan = (start: string | null) => row('a', 'nieuwe_aansluiting', '2027-01-04', '2027-01-29', start);
  const feb = (start: string | null, cancelled?: string) =>
    row('a', 'wijziging_met_graafwerk', '2027-02-01', '2027-02-12', start, { cancelled });
  const now = (start: string | null, stated = 8) => row('b', 'nieuwe_aansluiting', '2027-02-01', '2027-02-19', start, { stated });
  const records: CalibrationInput[] = [
    // a / nieuwe_aansluiting, passed: both boundaries inside; before; after; two late without delivery. 4 of 8.
    jan('2027-01-04'),
    jan('2027-01-29'),
    jan('2027-01-15'),
    jan('2027-01-20'),
    jan('2027-01-03'),
    jan('2027-02-01'),
    jan(null), // passed without a start
    jan('2027-02-20'), // a firm date after the window that has not come yet: late all the same
    // a / wijziging_met_graafwerk, passed: inside; late and not started; late then cancelled;
    // cancelled while it lasted (unknown). 1 of 3, a small group.
    feb('2027-02-05'),
    feb('2027-03-01'),
    feb(null, '2027-02-14'),
    feb(null, '2027-02-10'),
    // b / nieuwe_aansluiting, lasting on `today`: 5 started inside (one said "9 van de 10"), two not
    // known yet (the one saying 9 must not weigh in the stated share), one without a window.
    ...['2027-02-01', '2027-02-02', '2027-02-03', '2027-02-04'].map((d) => now(d)),
    now('2027-02-12', 9),
    now(null, 9),
    now('2027-02-17'),
    row('b', 'nieuwe_aansluiting', null, null, '2027-02-05'),
  ];

  it('measures every window whose outcome is known, per combi and kind, and hides what would reveal a small group', () => {
    const c = windowCalibration(records, today);
    // 4 + 1 + 5 inside of 8 + 3 + 5 known; stated: fifteen times 0.8 and once 0.9.
    expect(c.total).toEqual({
      aanvragen: 20,
      withWindow: 19,
      measured: 16,
      unknown: 3,
      inside: 10,
      share: 10 / 16,
      stated: 129 / 160,
      hidden: false,
    });
    const [a, b] = c.combis;
    expect(a?.combi).toBe('a');
    expect(a?.cell).toEqual({
      aanvragen: 12,
      withWindow: 12,
      measured: 11,
      unknown: 1,
      inside: 5,
      share: 5 / 11,
      stated: 0.8,
      hidden: false,
    });
    // 3 measured is small; then 8 would give it away (11 − 3), so both kinds are hidden.
    expect(a?.kinds).toEqual([
      {
        kind: 'nieuwe_aansluiting',
        cell: { aanvragen: 8, withWindow: 8, measured: 8, unknown: 0, inside: null, share: null, stated: 0.8, hidden: true },
      },
      {
        kind: 'wijziging_met_graafwerk',
        cell: { aanvragen: 4, withWindow: 4, measured: 3, unknown: 1, inside: null, share: null, stated: 0.8, hidden: true },
      },
    ]);
    expect(b?.cell).toEqual({
      aanvragen: 8,
      withWindow: 7,
      measured: 5,
      unknown: 2,
      inside: 5,
      share: 1,
      stated: 41 / 50,
      hidden: false,
    });
    expect(b?.kinds).toEqual([{ kind: 'nieuwe_aansluiting', cell: b?.cell }]);
  });

  it('counts an outcome once it is known: a day later, the late firm date in b has come', () => {
    const b = windowCalibration(records, '2027-02-20').combis[1]?.cell;
    // The window passed on the 19th: the one without a start is late, the start on the 17th inside.
    expect(b).toMatchObject({ measured: 7, unknown: 0, inside: 6, share: 6 / 7 });
  });

  it('has nothing to say without windows', () => {
    expect(windowCalibration([], today)).toEqual({
      total: { aanvragen: 0, withWindow: 0, measured: 0, unknown: 0, inside: null, share: null, stated: null, hidden: false },
      combis: [],
    });
  });
});
