import { describe, expect, it } from 'vitest';
import { kaplanMeier, kaplanMeierQuantile, kaplanMeierShareBy, type Observation } from './kaplan-meier.ts';

const E = (days: number): Observation => ({ days, event: true });
const C = (days: number): Observation => ({ days, event: false });

describe('the Kaplan–Meier estimator (a fixture computed by hand)', () => {
  // Nine aanvragen: started at 5, 8, 8, 15, 20 and 30 days; still waiting at 8, 12 and 20 days.
  const fixture = [C(20), E(8), E(5), C(12), E(30), E(8), C(8), E(20), E(15)];

  it('steps at each event time, events before censorings at the same time', () => {
    // t=5:  9 at risk, 1 starts: S = 8/9
    // t=8:  8 at risk (the one waiting at 8 still counts), 2 start: S = 8/9 · 6/8 = 2/3; then 5 at risk
    // t=12: one leaves without starting: 4 at risk
    // t=15: 4 at risk, 1 starts: S = 2/3 · 3/4 = 1/2
    // t=20: 3 at risk, 1 starts: S = 1/2 · 2/3 = 1/3; the one waiting at 20 leaves: 1 at risk
    // t=30: 1 at risk, 1 starts: S = 0
    const steps = kaplanMeier(fixture);
    expect(steps.map((s) => s.days)).toEqual([5, 8, 15, 20, 30]);
    const expected = [1 / 9, 1 / 3, 1 / 2, 2 / 3, 1];
    for (const [i, s] of steps.entries()) expect(s.share).toBeCloseTo(expected[i] as number, 12);
  });

  it('the q-quantile is the first time the share started reaches q', () => {
    const steps = kaplanMeier(fixture);
    expect(kaplanMeierQuantile(steps, 0.1)).toBe(5);
    expect(kaplanMeierQuantile(steps, 0.2)).toBe(8);
    // Exactly one half at 15 (up to rounding in the product).
    expect(kaplanMeierQuantile(steps, 0.5)).toBe(15);
    expect(kaplanMeierQuantile(steps, 0.9)).toBe(30);
    // Dropping the waiting ones would put the median between 8 and 15: too early.
  });

  it('reads the share started by a day: the last step on or before it, none before the first', () => {
    const steps = kaplanMeier(fixture);
    expect(kaplanMeierShareBy(steps, 4)).toBe(0);
    expect(kaplanMeierShareBy(steps, 5)).toBeCloseTo(1 / 9, 12);
    expect(kaplanMeierShareBy(steps, 14)).toBeCloseTo(1 / 3, 12);
    expect(kaplanMeierShareBy(steps, 99)).toBeCloseTo(1, 12);
  });

  it('without censoring, the share started is the plain fraction', () => {
    const steps = kaplanMeier([E(3), E(1), E(2), E(2)]);
    expect(steps).toEqual([
      { days: 1, share: 0.25 },
      { days: 2, share: 0.75 },
      { days: 3, share: 1 },
    ]);
  });

  it('never reaches a share that too many waiting aanvragen leave open', () => {
    // t=5: S = 4/5; t=10: S = 4/5 · 3/4 = 3/5; the other three are still waiting at 20 days.
    const steps = kaplanMeier([E(5), E(10), C(20), C(20), C(20)]);
    expect(steps.map((s) => s.share)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.4, 12)]);
    expect(kaplanMeierQuantile(steps, 0.9)).toBeUndefined();
    expect(kaplanMeier([])).toEqual([]);
  });
});
