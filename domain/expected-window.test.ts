import { describe, expect, it } from 'vitest';
import { generateRequest } from '../demo/generator.ts';
import { leadTimeDays, quantile } from './dashboard-metrics.ts';
import { expectedWindow, MIN_COMPARABLE, shownDates, startCurve, startObservations } from './expected-window.ts';
import type { Observation } from './kaplan-meier.ts';

const started = (days: number[]): Observation[] => days.map((d) => ({ days: d, event: true }));
const waiting = (days: number[]): Observation[] => days.map((d) => ({ days: d, event: false }));

import { dayNumber, dutchDate } from './calendar.ts';
import { deliveredAt, foldMessages } from './request-state.ts';
import { actualStart } from './window-calibration.ts';

describe('the expected window', () => {
  it('turns the 10th–90th percentile of the days to start into weeks from the submission, with its basis', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // Nobody waiting: the k-th start has k in 10 started. Submitted Monday 5 October 2026:
    // + 70 days = 14 December (week 51), + 126 days = 8 February 2027 (week 6). The page shows
    // Monday 14 December to Friday 12 February (day 130): 9 of the 10 started inside, so it says 9.
    expect(expectedWindow(startCurve(started(days)), '2026-10-05T09:00:00+02:00')).toEqual({
      fromDate: '2026-12-14',
      toDate: '2027-02-08',
      fromWeek: '2026-W51',
      toWeek: '2027-W06',
      basis: { comparable: 10, started: 10, inWindowOutOf10: 9, byEndOutOf10: 9 },
    });
  });

  it('rounds a last day on a weekend out to the next working week, not back to the Friday before it', () => {
    // The 9th start at 124 days: Saturday 6 February 2027. The page's window runs to Friday 12 February.
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 124, 140];
    const window = expectedWindow(startCurve(started(days)), '2026-10-05T09:00:00+02:00');
    expect(window?.toDate).toBe('2027-02-06');
    expect(window && shownDates(window)).toEqual({ from: '2026-12-14', to: '2027-02-12' });
    expect(window?.basis.inWindowOutOf10).toBe(9);
  });

  it('counts aanvragen still waiting: they push the window later', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // Five more waiting 130 days. By hand: after the nine starts up to 126 days
    // S = 14/15 · 13/14 · … · 6/7 = 6/15, so 6 in 10 started; the five leave at 130, and the start
    // at 140 brings it to all. 9 in 10 comes at 140 days, where 126 sufficed without them.
    const window = expectedWindow(
      startCurve([...started(days), ...waiting([130, 130, 130, 130, 130])]),
      '2026-10-05T09:00:00+02:00',
    );
    expect(window?.toDate).toBe('2027-02-22');
    // 1 in 10 is reached at 84 days (2/15), so the page shows Monday 28 December (day 84) to Friday
    // 26 February (day 144): everyone has started by then, less the 1/15 before day 84: 14/15, so 9.
    expect(window?.basis).toEqual({ comparable: 15, started: 10, inWindowOutOf10: 9, byEndOutOf10: 9 });
  });

  it('promises nothing with fewer than ten started, or when too many still wait to say 9 in 10', () => {
    expect(expectedWindow(startCurve(started([90, 100, 110])), '2026-10-05T09:00:00Z')).toBeUndefined();
    expect(MIN_COMPARABLE).toBe(10);
    const tenStarted = started([70, 84, 91, 95, 98, 105, 112, 119, 126, 140]);
    expect(expectedWindow(startCurve([...tenStarted, ...waiting(Array(10).fill(150))]), '2026-10-05T09:00:00Z')).toBeUndefined();
  });

  it('reads the comparable aanvragen as they stood at a moment: started by that day, or waiting that long', () => {
    const at = '2026-11-20T12:00:00+01:00';
    expect(
      startObservations(
        [
          // Started 40 days after its submission (Dutch days: 23:30 UTC on 31 August is 1 September).
          { submittedAt: '2026-08-31T23:30:00Z', startsOn: '2026-10-11' },
          // Its firm start date lies after the moment: still waiting, 50 days old.
          { submittedAt: '2026-10-01T09:00:00+02:00', startsOn: '2026-12-01' },
          // Starts that very day: started.
          { submittedAt: '2026-11-10T09:00:00+01:00', startsOn: '2026-11-20' },
          // No start known: waiting, 5 days old.
          { submittedAt: '2026-11-15T09:00:00+01:00', startsOn: null },
        ],
        at,
      ),
    ).toEqual([
      { days: 40, event: true },
      { days: 50, event: false },
      { days: 10, event: true },
      { days: 5, event: false },
    ]);
  });

  it('on a generated history: about 8 in 10 of the next aanvragen start inside the window, where deliveries alone say too early', () => {
    // A long demo history of one combi area and kind. Every 45 days the window is computed from the
    // aanvragen as they stood then (started or waiting); the aanvragen submitted in the next 45
    // days are held to it, with their starts as they came (the history runs on long enough to see
    // the slow ones start).
    const NOW = new Date('2027-06-01T12:00:00Z');
    const history = [];
    for (let i = 0; i < 4000; i++) {
      const messages = generateRequest(i, NOW, 2026, 900).map((m) => ({ ...m.message, sender: m.sender }));
      const state = foldMessages('x', messages);
      if (state.combi === 'brabant-oost' && state.kind === 'nieuwe_aansluiting' && state.submittedAt)
        history.push({ messages, state, submitted: Date.parse(state.submittedAt) });
    }
    let held = 0;
    let inside = 0;
    let insideByDeliveries = 0;
    for (const at of ['2026-03-01', '2026-04-15', '2026-05-30', '2026-07-14', '2026-08-28'].map((d) =>
      Date.parse(`${d}T12:00:00Z`),
    )) {
      const then = history
        .filter((h) => h.submitted < at)
        .map((h) =>
          foldMessages(
            'x',
            h.messages.filter((m) => Date.parse(m.occurredAt) <= at),
          ),
        )
        .filter((s) => !s.cancelledAt);
      const comparable = then.map((s) => ({ submittedAt: s.submittedAt as string, startsOn: actualStart(s) ?? null }));
      const window = expectedWindow(startCurve(startObservations(comparable, new Date(at))), '2026-01-01T12:00:00Z');
      expect(window).toBeDefined();
      const days = (date: string) => dayNumber(date) - dayNumber('2026-01-01');
      const [from, to] = [days(window?.fromDate as string), days(window?.toDate as string)];
      // The first window: percentiles of the lead times to delivery of those delivered by then.
      const delivered = then.flatMap((s) => {
        const d = deliveredAt(s);
        return d ? [leadTimeDays(s.submittedAt as string, d)] : [];
      });
      const sorted = delivered.sort((a, b) => a - b);
      const [oldFrom, oldTo] = [Math.floor(quantile(sorted, 0.1)), Math.ceil(quantile(sorted, 0.9))];
      for (const h of history) {
        if (h.submitted < at || h.submitted >= at + 45 * 86_400_000 || h.state.cancelledAt) continue;
        const start = actualStart(h.state);
        const d = start ? dayNumber(start) - dayNumber(dutchDate(h.submitted)) : Number.POSITIVE_INFINITY;
        held++;
        if (d >= from && d <= to) inside++;
        if (d >= oldFrom && d <= oldTo) insideByDeliveries++;
      }
    }
    expect(held).toBeGreaterThan(400);
    expect(inside / held).toBeGreaterThanOrEqual(0.75);
    expect(inside / held).toBeLessThanOrEqual(0.85);
    // 82% here, against 74% for the first window (the generator is seeded: these are fixed).
    expect(insideByDeliveries / held).toBeLessThan(inside / held - 0.05);
  });
});
