import { describe, expect, it } from 'vitest';
import { generateRequest } from '../demo/generator.ts';
import { expectedWindow, leadTimeDays, MIN_COMPARABLE, quantile } from './expected-window.ts';
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

  it('turns the 10th–90th percentile into weeks from the submission, with its basis', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // Submitted Monday 5 October 2026: + 82 days = 26 December (week 52), + 128 days = 10 February 2027 (week 6).
    expect(expectedWindow(days, '2026-10-05T09:00:00+02:00')).toEqual({
      fromDate: '2026-12-26',
      toDate: '2027-02-10',
      fromWeek: '2026-W52',
      toWeek: '2027-W06',
      basis: { comparable: 10, inWindowOutOf10: 8 },
    });
  });

  it('promises nothing with fewer than ten comparable aanvragen', () => {
    expect(expectedWindow([90, 100, 110], '2026-10-05T09:00:00Z')).toBeUndefined();
    expect(MIN_COMPARABLE).toBe(10);
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
