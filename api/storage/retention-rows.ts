/**
 * What the retention jobs of both databases share (api/storage/sqlite/retention.ts,
 * api/storage/postgres/retention.ts): which rows an anonymised aanvraag leaves, and what each
 * becomes. The rules per field are domain/retention.ts; here they meet the tables. Only the SQL
 * differs between the two databases.
 */
import { isDeepStrictEqual } from 'node:util';
import { type Column, inArray, isNotNull, or, type SQL, sql, type Table } from 'drizzle-orm';
import type { LoggedMessage, Message } from '../../domain/messages.ts';
import { parkedPurgeBefore } from '../../domain/parked-messages.ts';
import { foldMessages, type RequestState } from '../../domain/request-state.ts';
import {
  anonymiseAnswer,
  anonymisedRequestColumns,
  anonymiseMessage,
  ERASED,
  personalValues,
  personalValuesOf,
} from '../../domain/retention.ts';
import type { AnswerValue } from '../../domain/survey-schema.ts';
import type { PurgeCounts } from './store.ts';

/** What is left of a mail once its person is gone: the kind and the times stay for the statistics. */
export const ERASED_MAIL = { to: ERASED, html: null, text: null, headers: null };

/** Why a mail still waiting for an anonymised aanvraag is never sent. */
export const NOT_SENT_ANONYMISED = 'niet verstuurd: de aanvraag is geanonimiseerd';

/**
 * The tables whose rows go once expired, from either schema module (PurgeCounts names them after
 * its tables), each with the moment before which its `expiresAt` means gone: now, except for
 * parked messages, whose outcome the sender can still read for a while after they stop waiting.
 */
export function expiringTables<S extends Record<keyof PurgeCounts, unknown>>(
  schema: S,
  now: Date,
): [keyof PurgeCounts, S[keyof PurgeCounts], Date][] {
  const names: (keyof PurgeCounts)[] = [
    'sessions',
    'loginCodes',
    'accessLinks',
    'staffSessions',
    'staffLoginCodes',
    'organisationCodes',
  ];
  return [
    ...names.map((name) => [name, schema[name], now] as [keyof PurgeCounts, S[keyof PurgeCounts], Date]),
    ['parkedMessages', schema.parkedMessages, parkedPurgeBefore(now)],
  ];
}

/** An aanvraag due for anonymisation, with what is needed to find its person everywhere. */
export type Candidate = {
  id: number;
  number: string;
  applicantName: string | null;
  applicantEmail: string | null;
  applicantPhone: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  state: unknown;
};

type CandidateKey = keyof Candidate;
const CANDIDATE_KEYS = [
  'id',
  'number',
  'applicantName',
  'applicantEmail',
  'applicantPhone',
  'street',
  'postcode',
  'city',
  'state',
] as const;

/** The columns of a Candidate, from either schema's `requests`. */
export function candidateColumns<R extends Record<CandidateKey, unknown>>(r: R): { [K in CandidateKey]: R[K] } {
  return Object.fromEntries(CANDIDATE_KEYS.map((k) => [k, r[k]])) as { [K in CandidateKey]: R[K] };
}

/** The person's details as they may appear in free text: from the state and from the columns. */
export function personalOf(row: Candidate): string[] {
  return [
    ...new Set([
      ...personalValuesOf(row.state as RequestState),
      ...personalValues({ name: row.applicantName, email: row.applicantEmail, phone: row.applicantPhone, street: row.street }),
    ]),
  ];
}

type LogEntry = { seq: number; body: unknown; sender: string };

/**
 * The aanvraag's log without its person: the messages whose body changes (their `bodyHash`
 * stays, so a resend is still a duplicate) and the whole log to fold the state again from.
 */
export function anonymisedLog(
  log: LogEntry[],
  personal: string[],
): { changed: { seq: number; body: Message }[]; folded: LoggedMessage[] } {
  const changed: { seq: number; body: Message }[] = [];
  const folded: LoggedMessage[] = [];
  for (const entry of log) {
    const body = entry.body as Message;
    const clean = anonymiseMessage(body, personal);
    if (!sameJson(clean, body)) changed.push({ seq: entry.seq, body: clean });
    folded.push({ ...clean, sender: entry.sender });
  }
  return { changed, folded };
}

/**
 * The same JSON value, whatever the order of its keys: PostgreSQL's jsonb gives keys back in an
 * order of its own, so comparing the text would find every stored message changed.
 */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), b);
}

/** The row one message wrote beside the log (a projection), as its anonymised body has it. */
export type ProjectionRewrite =
  | { table: 'contactMoments'; set: { staffName: string; spokeWith: string; subject: string; summary: string } }
  | { table: 'planningChanges'; set: { staffName: null; reason: string } }
  | { table: 'stagnationEvents'; set: { reason: string | null } };

export function projectionRewrite(m: Message): ProjectionRewrite | undefined {
  switch (m.type) {
    case 'contact_logged':
      return {
        table: 'contactMoments',
        set: { staffName: m.staffName, spokeWith: m.spokeWith, subject: m.subject, summary: m.summary },
      };
    case 'planning_changed':
      return { table: 'planningChanges', set: { staffName: null, reason: m.reason } };
    case 'stagnation_reported':
      return { table: 'stagnationEvents', set: { reason: m.reason } };
    case 'stagnation_lifted':
      return { table: 'stagnationEvents', set: { reason: m.note ?? null } };
    default:
      return undefined;
  }
}

/** The aanvraag's columns once anonymised, with the state folded from the anonymised log. */
export function anonymisedRequest(row: Candidate, folded: LoggedMessage[], now: Date) {
  return {
    ...anonymisedRequestColumns(row),
    state: foldMessages(row.number, folded),
    anonymisedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** What becomes of one survey answer: deleted, rewritten, or (undefined) left as it is. */
export function answerRewrite(value: AnswerValue, personal: readonly string[]): 'delete' | { value: AnswerValue } | undefined {
  const clean = anonymiseAnswer(value, personal);
  if (clean === undefined) return 'delete';
  return sameJson(clean, value) ? undefined : { value: clean };
}

/** A survey answer with its response's aanvraag and invitation, from either schema (answerChange reads it). */
export function answerRowColumns<
  R extends Record<'id' | 'requestNumber' | 'invitationId', Column>,
  A extends Record<'question' | 'value', Column>,
>(
  responses: R,
  answers: A,
): { id: R['id']; number: R['requestNumber']; invitation: R['invitationId']; question: A['question']; value: A['value'] } {
  return {
    id: responses.id,
    number: responses.requestNumber,
    invitation: responses.invitationId,
    question: answers.question,
    value: answers.value,
  };
}

/**
 * What becomes of an answer of an anonymised aanvraag or invitation, with the person's details
 * looked up by aanvraagnummer or by invitation id (a klantenpanel's questionnaire has no aanvraag).
 */
export function answerChange(
  row: { number: string | null; invitation: string | null; value: unknown },
  personal: Map<string, string[]>,
): ReturnType<typeof answerRewrite> {
  const values = (row.number && personal.get(row.number)) || (row.invitation && personal.get(row.invitation)) || [];
  return answerRewrite(row.value as AnswerValue, values);
}

/** Rows about one of these aanvragen or invitations (drizzle's inArray of an empty list matches nothing). */
export function aboutSubject(
  table: { requestNumber: Column; invitationId: Column },
  numbers: string[],
  invitations: string[],
): SQL | undefined {
  return or(inArray(table.requestNumber, numbers), inArray(table.invitationId, invitations));
}

/** A klantenpanel invitee's details as they may appear in the questionnaire's free text. */
export function inviteePersonal(invitee: { name: string; email: string }): string[] {
  return personalValues({ name: invitee.name, email: invitee.email });
}

/**
 * Portfolio calendar feeds nobody can use any more (decision 0045): revoked, or of an address no
 * longer a member of the organisation. The retention run deletes them, with the address they hold.
 */
export function unusablePortfolioFeeds(
  feeds: { kvk: Column; email: Column; revokedAt: Column },
  members: Table & { kvk: Column; email: Column },
): SQL | undefined {
  return or(
    isNotNull(feeds.revokedAt),
    sql`not exists (select 1 from ${members} where ${members.kvk} = ${feeds.kvk} and ${members.email} = ${feeds.email})`,
  );
}
