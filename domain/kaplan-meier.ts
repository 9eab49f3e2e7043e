/**
 * The Kaplan–Meier estimator: the share of a group that has had an event (here: the work started)
 * by each time, when some members have not had it yet and are only known to be at least this old
 * (right-censored). Counting only those with an event would favour the quick ones; dropping the
 * open ones does the same. Pure; times in whole days.
 */

/** One member of the group: its event at `days`, or still without one at `days` (censored). */
export type Observation = { days: number; event: boolean };

/** The estimated share with an event by `days` (F = 1 − S), at each time an event happened. */
export type KaplanMeierStep = { days: number; share: number };

/**
 * The steps of F(t), in increasing time. At a time with both events and censorings the events
 * come first: a member censored at t was still without an event at t, so it was at risk.
 */
export function kaplanMeier(observations: readonly Observation[]): KaplanMeierStep[] {
  const byTime = new Map<number, { events: number; censored: number }>();
  for (const o of observations) {
    const at = byTime.get(o.days) ?? { events: 0, censored: 0 };
    if (o.event) at.events++;
    else at.censored++;
    byTime.set(o.days, at);
  }
  let atRisk = observations.length;
  let survival = 1;
  const steps: KaplanMeierStep[] = [];
  for (const days of [...byTime.keys()].sort((a, b) => a - b)) {
    const { events, censored } = byTime.get(days) as { events: number; censored: number };
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ days, share: 1 - survival });
    }
    atRisk -= events + censored;
  }
  return steps;
}

/** Products of fractions miss exact tenths by a rounding error (1 − 0.1 is not 0.9 in binary). */
const ROUNDING = 1e-9;

/**
 * The q-quantile of the estimated distribution: the smallest time with F(t) ≥ q. Undefined when
 * the curve never gets there (too many members still without an event at the end).
 */
export function kaplanMeierQuantile(steps: readonly KaplanMeierStep[], q: number): number | undefined {
  return steps.find((s) => s.share >= q - ROUNDING)?.days;
}

/** The estimated share with an event by `days` (inclusive): F(days), 0 before the first event. */
export function kaplanMeierShareBy(steps: readonly KaplanMeierStep[], days: number): number {
  let share = 0;
  for (const s of steps) {
    if (s.days > days) break;
    share = s.share;
  }
  return share;
}
