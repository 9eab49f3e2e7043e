/**
 * The figures behind the organisations' dashboards, computed from the folded state of each
 * aanvraag: were the agreed contact moments on time, what is overdue now per party, were firm
 * dates kept, how long from request to delivery, which aanvragen have gone quiet. Pure: the data
 * layer decides which aanvragen an organisation may see, this module only counts them.
 */
import { addWorkingDays, dutchDate, type IsoDate } from './calendar.ts';
import type { Content } from './content.ts';
import type { StepId } from './content-schema.ts';
import { leadTimeDays, quantile } from './expected-window.ts';
import { type OrganisationLookup, openSteps } from './next-step.ts';
import { activeWorkOrders, deliveredAt, type RequestState } from './request-state.ts';

export type Timeliness = 'op-tijd' | 'te-laat' | 'open' | 'achterstand';

export type MeasuredStep = { step: StepId; organisation: string; due: IsoDate; doneOn?: IsoDate; timeliness: Timeliness };

/** Aggregates over fewer respondents than this are not shown (privacy, and no false precision). */
export const MIN_GROUP = 5;

const earliest = (times: (string | undefined)[]) =>
  times.filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b))[0];

function judge(due: IsoDate, done: string | undefined, today: IsoDate): Timeliness {
  if (done) return dutchDate(done) <= due ? 'op-tijd' : 'te-laat';
  return today > due ? 'achterstand' : 'open';
}

/**
 * The contact moments with a norm, measured: KCM B (intake) within its norm after submission per
 * grid operator, and KCM 1 (the contractor's planning call) within its norm after "mee in combi".
 */
export function measuredContactMoments(state: RequestState, content: Content, now: Date): MeasuredStep[] {
  if (!state.submittedAt || state.cancelledAt) return [];
  const today = dutchDate(now);
  const out: MeasuredStep[] = [];
  const intakeNorm = content.steps.get('intake')?.werkdagen;
  if (intakeNorm !== undefined) {
    const due = addWorkingDays(dutchDate(state.submittedAt), intakeNorm);
    for (const operator of new Set(activeWorkOrders(state).map((w) => w.gridOperator))) {
      const done = earliest(state.contactMoments.filter((c) => c.code === 'B' && c.organisation === operator).map((c) => c.at));
      out.push({
        step: 'intake',
        organisation: operator,
        due,
        ...(done && { doneOn: dutchDate(done) }),
        timeliness: judge(due, done, today),
      });
    }
  }
  const callNorm = content.steps.get('plangesprek')?.werkdagen;
  const handed = earliest(activeWorkOrders(state).map((w) => w.handedToCombiAt));
  const contractor = activeWorkOrders(state).find((w) => w.contractor)?.contractor;
  if (callNorm !== undefined && handed && contractor) {
    const due = addWorkingDays(dutchDate(handed), callNorm);
    const done = earliest(state.contactMoments.filter((c) => c.code === '1').map((c) => c.at));
    out.push({
      step: 'plangesprek',
      organisation: contractor,
      due,
      ...(done && { doneOn: dutchDate(done) }),
      timeliness: judge(due, done, today),
    });
  }
  return out;
}

/** Share on time among the contact moments that are done or overdue (open ones within their norm do not count yet). */
export function adherence(measured: MeasuredStep[]): { onTime: number; judged: number; share: number | null } {
  const judged = measured.filter((m) => m.timeliness !== 'open');
  const onTime = judged.filter((m) => m.timeliness === 'op-tijd').length;
  return { onTime, judged: judged.length, share: judged.length ? onTime / judged.length : null };
}

/** "Achterstand per partij": open steps past their due date now, counted per organisation. */
export function overdueByParty(
  states: RequestState[],
  content: Content,
  organisations: OrganisationLookup,
  now: Date,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const state of states) {
    for (const step of openSteps(state, content, organisations, now)) {
      if (!step.overdue) continue;
      const party = step.who.organisation ?? step.who.role;
      counts.set(party, (counts.get(party) ?? 0) + 1);
    }
  }
  return counts;
}

/** Firm start dates kept (set once) or moved (changed after they were set). */
export function planningReliability(states: RequestState[]): { kept: number; moved: number } {
  let kept = 0;
  let moved = 0;
  for (const state of states) {
    const firm = state.planning.history.filter((h) => h.field === 'confirmedStart');
    if (firm.length === 0) continue;
    if (firm.length === 1) kept++;
    else moved++;
  }
  return { kept, moved };
}

/** Days from request to delivery of delivered aanvragen: count, median and 90th percentile. */
export function leadTimes(states: RequestState[]): { count: number; median: number | null; p90: number | null } {
  const days = states
    .map((s) => {
      const delivered = deliveredAt(s);
      return delivered && s.submittedAt ? leadTimeDays(s.submittedAt, delivered) : undefined;
    })
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
  return { count: days.length, median: days.length ? quantile(days, 0.5) : null, p90: days.length ? quantile(days, 0.9) : null };
}

/** Aanvragen still running without any message for at least `days` days. */
export function quietFor(states: RequestState[], days: number, now: Date): RequestState[] {
  const limit = now.getTime() - days * 86_400_000;
  return states.filter((s) => !s.cancelledAt && !deliveredAt(s) && s.lastKey && Date.parse(s.lastKey.occurredAt) <= limit);
}

/** An average that is shown only over at least MIN_GROUP answers. */
export function suppressedAverage(values: number[]): { n: number; average: number | null; suppressed: boolean } {
  if (values.length < MIN_GROUP) return { n: values.length, average: null, suppressed: true };
  return { n: values.length, average: values.reduce((a, b) => a + b, 0) / values.length, suppressed: false };
}
