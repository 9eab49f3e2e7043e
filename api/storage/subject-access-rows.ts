/**
 * The columns the right of access reads (SubjectAccessQueries), from either schema module, so the
 * queries of both databases (api/data/sqlite-subject-access.ts,
 * api/storage/postgres/subject-access.ts) select the same fields under the same names.
 */
import type { Column } from 'drizzle-orm';

function pick<T, K extends keyof T>(table: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, table[k]])) as Pick<T, K>;
}

type Has<K extends string> = Record<K, Column>;

const END_SURVEY = ['id', 'status', 'skipReason', 'createdAt', 'expiresAt', 'usedAt'] as const;
export const endSurveyColumns = <E extends Has<(typeof END_SURVEY)[number]>>(e: E) => pick(e, END_SURVEY);

const MAIL = ['kind', 'subject', 'channel', 'status', 'createdAt', 'sentAt'] as const;
/** A mail with the number of its aanvraag (`r`, left-joined). */
export const mailColumns = <O extends Has<(typeof MAIL)[number]>, R extends Has<'number'>>(
  o: O,
  r: R,
): Pick<O, (typeof MAIL)[number]> & { requestNumber: R['number'] } => ({ ...pick(o, MAIL), requestNumber: r.number });

const HELPDESK = ['id', 'occurredAt', 'requestNumber', 'account', 'phone'] as const;
/** A helpdesk contact with its organisation's code (`org`, joined). */
export const helpdeskColumns = <H extends Has<(typeof HELPDESK)[number] | 'route' | 'recipient'>, G extends Has<'code'>>(
  h: H,
  org: G,
): Pick<H, (typeof HELPDESK)[number]> & { organisation: G['code']; surveyRoute: H['route']; surveySentTo: H['recipient'] } => ({
  ...pick(h, HELPDESK),
  organisation: org.code,
  surveyRoute: h.route,
  surveySentTo: h.recipient,
});

const CALLBACK = ['survey', 'requestNumber', 'phone', 'note', 'createdAt', 'doneAt', 'closeReason', 'closeNote'] as const;
/** A call-back request with its organisation's code (`org`, joined). */
export const callbackColumns = <C extends Has<(typeof CALLBACK)[number]>, G extends Has<'code'>>(
  c: C,
  org: G,
): Pick<C, (typeof CALLBACK)[number]> & { organisation: G['code'] } => ({ ...pick(c, CALLBACK), organisation: org.code });
