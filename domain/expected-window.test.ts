import { describe, expect, it } from 'vitest';
import { generateRequest } from '../demo/generator.ts';
import { expectedWindow, leadTimeDays, MIN_COMPARABLE, quantile, startObservations } from './expected-window.ts';
import type { Observation } from './kaplan-meier.ts';

const started = (days: number[]): Observation[] => days.map((d) => ({ days: d, event: true }));
const waiting = (days: number[]): Observation[] => days.map((d) => ({ days: d, event: false }));

import { deliveredAt, foldMessages } from './request-state.ts';

describe('the expected window', () => {
  it('computes quantiles by linear interpolation (checked by hand)', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // position (n-1)·q: 0.9 → 0.9 between 70 and 84 → 70 + 0.9·14 = 82.6
    expect(quantile(days, 0.1)).toBeCloseTo(82.6, 10);
    // 8.1 → 126 + 0.1·14 = 127.4
    expect(quantile(days, 0.9)).toBeCloseTo(127.4, 10);
    expect(quantile(days, 0.5)).toBe(101.5);
    expect(quantile([5], 0.9)).toBe(5);
  });

  it('turns the 10th–90th percentile of the days to start into weeks from the submission, with its basis', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // Nobody waiting: the k-th start has k in 10 started. Submitted Monday 5 October 2026:
    // + 70 days = 14 December (week 51), + 126 days = 8 February 2027 (week 6).
    expect(expectedWindow(started(days), '2026-10-05T09:00:00+02:00')).toEqual({
      fromDate: '2026-12-14',
      toDate: '2027-02-08',
      fromWeek: '2026-W51',
      toWeek: '2027-W06',
      basis: { comparable: 10, started: 10, inWindowOutOf10: 8 },
    });
  });

  it('counts aanvragen still waiting: they push the window later', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // Five more waiting 130 days. By hand: after the nine starts up to 126 days
    // S = 14/15 · 13/14 · … · 6/7 = 6/15, so 6 in 10 started; the five leave at 130, and the start
    // at 140 brings it to all. 9 in 10 comes at 140 days, where 126 sufficed without them.
    const window = expectedWindow([...started(days), ...waiting([130, 130, 130, 130, 130])], '2026-10-05T09:00:00+02:00');
    expect(window?.toDate).toBe('2027-02-22');
    expect(window?.basis).toEqual({ comparable: 15, started: 10, inWindowOutOf10: 8 });
  });

  it('promises nothing with fewer than ten started, or when too many still wait to say 9 in 10', () => {
    expect(expectedWindow(started([90, 100, 110]), '2026-10-05T09:00:00Z')).toBeUndefined();
    expect(MIN_COMPARABLE).toBe(10);
    const tenStarted = started([70, 84, 91, 95, 98, 105, 112, 119, 126, 140]);
    expect(expectedWindow([...tenStarted, ...waiting(Array(10).fill(150))], '2026-10-05T09:00:00Z')).toBeUndefined();
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

  it('on a generated history: about 8 in 10 lead times fall inside their own window', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const leadTimes: number[] = [];
    for (let i = 0; i < 600; i++) {
      const messages = generateRequest(i, now).map((m) => ({ ...m.message, sender: m.sender }));
      const state = foldMessages('x', messages);
      const delivered = deliveredAt(state);
      if (delivered && state.submittedAt) leadTimes.push(leadTimeDays(state.submittedAt, delivered));
    }
    expect(leadTimes.length).toBeGreaterThan(100);
    const sorted = [...leadTimes].sort((a, b) => a - b);
    const low = Math.floor(quantile(sorted, 0.1));
    const high = Math.ceil(quantile(sorted, 0.9));
    const inside = leadTimes.filter((d) => d >= low && d <= high).length / leadTimes.length;
    expect(inside).toBeGreaterThanOrEqual(0.78);
    expect(inside).toBeLessThanOrEqual(0.86);
  });
});
