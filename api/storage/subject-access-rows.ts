/**
 * The columns the right of access reads (SubjectAccessQueries), from either schema module, so the
 * queries of both databases (api/storage/sqlite/subject-access.ts,
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

const PANEL_INVITATION = ['id', 'name', 'state', 'invitedAt', 'registeredAt', 'cancelledAt'] as const;
/** A klantenpanel invitation with its panel's title, start and place (`panel`, joined). */
export const panelInvitationColumns = <
  I extends Has<(typeof PANEL_INVITATION)[number]>,
  P extends Has<'title' | 'startsAt' | 'place'>,
>(
  i: I,
  panel: P,
): Pick<I, (typeof PANEL_INVITATION)[number]> & { panel: P['title']; startsAt: P['startsAt']; place: P['place'] } => ({
  ...pick(i, PANEL_INVITATION),
  panel: panel.title,
  startsAt: panel.startsAt,
  place: panel.place,
});

export const membershipColumns = <M extends Has<'kvk' | 'role' | 'addedAt'>>(m: M) =>
  pick(m, ['kvk', 'role', 'addedAt'] as const);
export const delegationColumns = <D extends Has<'kvk' | 'project' | 'addedAt'>>(d: D) =>
  pick(d, ['kvk', 'project', 'addedAt'] as const);
export const portfolioFeedColumns = <F extends Has<'kvk' | 'createdAt' | 'revokedAt'>>(f: F) =>
  pick(f, ['kvk', 'createdAt', 'revokedAt'] as const);
