/**
 * Closing the loop: a clearly negative answer offers "bel mij terug", and the call becomes a task
 * for the organisation that can do something about it — the contractor once the work was with the
 * combi, the grid operator before.
 */

import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { activeWorkOrders, type RequestState } from './request-state.ts';
import type { AnswerValue, Question } from './survey-schema.ts';

/**
 * Clearly negative: on a scale, an answer in the worst fifth (rounded up), counted from the
 * unfavourable end — the low end, except for effort questions where high is bad (question id
 * "moeite").
 */
export function isClearlyNegative(questions: Question[], answers: Record<string, AnswerValue>): boolean {
  return questions.some((q) => {
    const value = answers[q.id];
    if (q.soort !== 'schaal' || typeof value !== 'number') return false;
    const band = Math.max(1, Math.ceil((q.tot - q.van + 1) / 5));
    return q.id === 'moeite' ? value > q.tot - band : value < q.van + band;
  });
}

/** Who calls back: the contractor once the work was handed to the combi, otherwise the grid operator. */
export function responsibleFor(state: RequestState): string | undefined {
  const active = activeWorkOrders(state);
  return active.find((w) => w.contractor)?.contractor ?? active[0]?.gridOperator;
}

/** Numbers we call back: Dutch fixed-line, mobile and VoIP; not 0800, 0900, 084/087/088 or pagers. */
const CALLABLE = new Set(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'VOIP']);

/**
 * A Dutch phone number to call back, in E.164 (+31…), or undefined for anything else: another
 * country's number, a premium-rate or service number, or no number at all. Read with
 * libphonenumber-js, as domain/helpdesk-routing.ts reads mobile numbers.
 */
export function dutchCallbackNumber(phone: string): string | undefined {
  if (!/^[0-9 +()-]{6,30}$/.test(phone.trim())) return undefined;
  const parsed = parsePhoneNumberFromString(phone, 'NL');
  const type = parsed?.getType();
  if (!parsed?.isValid() || parsed.country !== 'NL' || !type || !CALLABLE.has(type)) return undefined;
  return parsed.number;
}
