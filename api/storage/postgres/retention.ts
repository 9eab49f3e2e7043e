/**
 * The retention job in PostgreSQL (AVG): aanvragen delivered or cancelled before the cut-off lose
 * their personal data everywhere it lives, one transaction per batch; the statistics stay. What
 * replaces each field is domain/retention.ts, which rows it reaches api/storage/retention-rows.ts
 * (shared with SQLite); why: docs/decisions/0012-retention-and-subject-access.md.
 *
 * A batch locks its aanvragen (`for update`) and reads them again under the lock, so a message
 * ingested by another process at the same moment either lands before (and is anonymised with
 * the rest) or after (and the aanvraag is picked up again by the next run).
 */

import { and, asc, count, eq, gt, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { anonymisedPanelInvitation, ERASED, isEmailAnswer } from '../../../domain/retention.ts';
import type { AnswerValue } from '../../../domain/survey-schema.ts';
import { ERASED_CALLBACK } from '../callback-rows.ts';
import type { RetentionStorage, SubjectAccessQueries } from '../contract.ts';
import {
  aboutSubject,
  anonymisedLog,
  anonymisedRequest,
  answerChange,
  answerRowColumns,
  type Candidate,
  candidateColumns,
  ERASED_MAIL,
  expiringTables,
  inviteePersonal,
  NOT_SENT_ANONYMISED,
  personalOf,
  projectionRewrite,
  unusablePortfolioFeeds,
} from '../retention-rows.ts';
import type { AnonymiseCounts, AnonymiseOptions, PurgeCounts, RetentionPreview } from '../store.ts';
import { CHANGE_POSITION_NOW } from './change-feed.ts';
import type { PgDb, PgTx } from './database.ts';
import * as schema from './schema.ts';
import { PgSubjectAccess } from './subject-access.ts';

const iso = (d: Date) => d.toISOString();
const r = schema.requests;

export class PgRetention implements RetentionStorage {
  readonly #db: PgDb;
  /** Forgets a status kept in memory (by every process) once its row is deleted; called after the commit. */
  readonly #statusesDropped: (numbers: string[]) => void;

  constructor(db: PgDb, statusesDropped: (numbers: string[]) => void) {
    this.#db = db;
    this.#statusesDropped = statusesDropped;
  }

  /** Past the period, and not anonymised yet or changed by a message since. */
  #due(cutoff: Date): SQL {
    return and(
      or(lt(r.deliveredAt, iso(cutoff)), lt(r.cancelledAt, iso(cutoff))),
      or(isNull(r.anonymisedAt), sql`${r.updatedAt} > ${r.anonymisedAt}`),
    ) as SQL;
  }

  async anonymise({ before: cutoff, now, batch = 200, signal, onProgress }: AnonymiseOptions): Promise<AnonymiseCounts> {
    const counts: AnonymiseCounts = { requests: 0, messages: 0, sessions: 0, unlinked: 0 };
    // Paged by id: each batch goes on after the last, instead of scanning from the start again.
    let last = 0;
    for (;;) {
      if (signal?.aborted) return counts;
      const page = await this.#db
        .select({ id: r.id })
        .from(r)
        .where(and(gt(r.id, last), this.#due(cutoff)))
        .orderBy(asc(r.id))
        .limit(batch);
      if (page.length === 0) break;
      const done = await this.#db.transaction(async (tx) => {
        // Locked and read again: what was due a moment ago may have been anonymised by another run.
        const rows: Candidate[] = await tx
          .select(candidateColumns(r))
          .from(r)
          .where(
            and(
              inArray(
                r.id,
                page.map((p) => p.id),
              ),
              this.#due(cutoff),
            ),
          )
          .orderBy(asc(r.id))
          .for('update');
        return rows.length ? { numbers: rows.map((row) => row.number), ...(await anonymiseBatch(tx, rows, now)) } : undefined;
      });
      last = page.at(-1)?.id ?? last;
      if (done) {
        this.#statusesDropped(done.numbers);
        counts.requests += done.numbers.length;
        counts.messages += done.messages;
        counts.sessions += done.sessions;
        onProgress?.(counts.requests);
      }
    }
    if (!signal?.aborted)
      counts.unlinked = await this.#db.transaction(
        async (tx) => (await unlinked(tx, cutoff)) + (await panelsAndPortfolio(tx, cutoff)),
      );
    return counts;
  }

  async purgeExpired(now: Date): Promise<PurgeCounts> {
    return this.#db.transaction(async (tx) => {
      const counts = {} as PurgeCounts;
      for (const [name, table, before] of expiringTables(schema, now)) {
        counts[name] = (
          await tx
            .delete(table)
            .where(lt(table.expiresAt, iso(before)))
            .returning({ id: table.id })
        ).length;
      }
      return counts;
    });
  }

  async preview(cutoff: Date, now: Date): Promise<RetentionPreview> {
    const counted = async (table: PgTable, where: SQL | undefined) =>
      (await this.#db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0;
    const result = { requests: await counted(r, this.#due(cutoff)), unlinked: 0 } as RetentionPreview;
    for (const [name, table, before] of expiringTables(schema, now))
      result[name] = await counted(table, lt(table.expiresAt, iso(before)));
    const rolledBack = new Error('preview');
    try {
      await this.#db.transaction(async (tx) => {
        result.unlinked = (await unlinked(tx, cutoff)) + (await panelsAndPortfolio(tx, cutoff));
        throw rolledBack;
      });
    } catch (error) {
      if (error !== rolledBack) throw error;
    }
    return result;
  }

  /** In one read-only snapshot, so the download is one consistent picture. */
  readSubjectAccess<T>(work: (queries: SubjectAccessQueries) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) => work(new PgSubjectAccess(tx)), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
  }
}

/** One batch of locked aanvragen, in the transaction: their log, their rows elsewhere, their people. */
async function anonymiseBatch(tx: PgTx, rows: Candidate[], now: Date): Promise<{ messages: number; sessions: number }> {
  const ids = rows.map((row) => row.id);
  const numbers = rows.map((row) => row.number);
  const { accessGrants, notificationPreferences, endSurveyInvitations, requestStatuses } = schema;
  const addresses = new Set<string>(rows.flatMap((row) => (row.applicantEmail ? [row.applicantEmail] : [])));
  const personalByNumber = new Map(rows.map((row) => [row.number, personalOf(row)]));

  let messages = 0;
  const logs = await logsOf(tx, numbers);
  for (const row of rows) {
    const { changed, folded } = anonymisedLog(logs.get(row.number) ?? [], personalByNumber.get(row.number) ?? []);
    for (const { seq, body } of changed) await rewriteMessage(tx, row.id, seq, body);
    messages += changed.length;
    await tx
      .update(r)
      .set({ ...anonymisedRequest(row, folded, now), changePosition: CHANGE_POSITION_NOW })
      .where(eq(r.id, row.id));
  }

  const grantees = await tx
    .delete(accessGrants)
    .where(inArray(accessGrants.requestId, ids))
    .returning({ email: accessGrants.email });
  for (const g of grantees) addresses.add(g.email);
  await tx.delete(notificationPreferences).where(inArray(notificationPreferences.requestId, ids));
  const invitations = (
    await tx
      .update(endSurveyInvitations)
      .set({ email: ERASED })
      .where(inArray(endSurveyInvitations.requestId, ids))
      .returning({ id: endSurveyInvitations.id })
  ).map((i) => i.id);
  // Rebuilt from the anonymised state by the next look-up.
  await tx.delete(requestStatuses).where(inArray(requestStatuses.number, numbers));

  const { outbox, accessLinks, calendarFeeds, helpdeskContacts: help, callbackRequests: calls } = schema;
  await tx
    .update(outbox)
    .set({ status: 'failed', lastError: NOT_SENT_ANONYMISED })
    .where(and(inArray(outbox.requestId, ids), eq(outbox.status, 'pending')));
  await tx.update(outbox).set(ERASED_MAIL).where(inArray(outbox.requestId, ids));
  await tx.delete(accessLinks).where(inArray(accessLinks.requestId, ids));
  await tx.delete(calendarFeeds).where(inArray(calendarFeeds.requestId, ids));
  const helpdeskIds = await tx
    .update(help)
    .set({ account: null, phone: null, recipient: null })
    .where(inArray(help.requestNumber, numbers))
    .returning({ id: help.id });
  invitations.push(...helpdeskIds.map((h) => h.id));
  await tx
    .update(calls)
    .set(ERASED_CALLBACK)
    .where(aboutSubject(calls, numbers, invitations));
  await anonymiseAnswers(tx, numbers, invitations, personalByNumber);
  return { messages, sessions: await forget(tx, [...addresses]) };
}

/** The logs of these aanvragen, each message with its sender's code. */
async function logsOf(tx: PgTx, numbers: string[]) {
  const { messages, organisations } = schema;
  const rows = await tx
    .select({ number: messages.requestNumber, seq: messages.seq, body: messages.body, sender: organisations.code })
    .from(messages)
    .innerJoin(organisations, eq(organisations.id, messages.senderId))
    .where(inArray(messages.requestNumber, numbers))
    .orderBy(asc(messages.seq));
  const logs = new Map<string, typeof rows>();
  for (const row of rows) logs.set(row.number, [...(logs.get(row.number) ?? []), row]);
  return logs;
}

/** A message's anonymised body, and the row it wrote beside the log (ingestion's projections). */
async function rewriteMessage(tx: PgTx, requestId: number, seq: number, body: Parameters<typeof projectionRewrite>[0]) {
  const { messages, contactMoments, planningChanges, stagnationEvents } = schema;
  // bodyHash stays: it is what recognises a resend of this message as a duplicate.
  await tx.update(messages).set({ body }).where(eq(messages.seq, seq));
  const projection = projectionRewrite(body);
  if (projection?.table === 'contactMoments')
    await tx.update(contactMoments).set(projection.set).where(eq(contactMoments.messageSeq, seq));
  else if (projection?.table === 'planningChanges')
    await tx
      .update(planningChanges)
      .set(projection.set)
      .where(and(eq(planningChanges.requestId, requestId), eq(planningChanges.messageSeq, seq)));
  else if (projection) await tx.update(stagnationEvents).set(projection.set).where(eq(stagnationEvents.messageSeq, seq));
}

/**
 * Survey answers of these aanvragen (by number or invitation): scales stay, text is redacted, e-mail goes.
 * `personal` is keyed by aanvraagnummer or by invitation id (a klantenpanel's questionnaire has no aanvraag).
 */
async function anonymiseAnswers(tx: PgTx, numbers: string[], invitations: string[], personal: Map<string, string[]>) {
  const { surveyResponses: responses, surveyAnswers: answers } = schema;
  let changes = 0;
  const rows = await tx
    .select(answerRowColumns(responses, answers))
    .from(responses)
    .innerJoin(answers, eq(answers.responseId, responses.id))
    .where(aboutSubject(responses, numbers, invitations));
  for (const row of rows) {
    const change = answerChange(row, personal);
    const where = and(eq(answers.responseId, row.id), eq(answers.question, row.question));
    if (change === 'delete') await tx.delete(answers).where(where);
    else if (change) await tx.update(answers).set(change).where(where);
    if (change) changes++;
  }
  return changes;
}

/**
 * Klantenpanels that started before the cut-off lose their invitees (decision 0044), the
 * questionnaire's free text as a measurement's; portfolio feeds nobody can use go (0045).
 */
async function panelsAndPortfolio(tx: PgTx, cutoff: Date): Promise<number> {
  const { customerPanels: panels, panelInvitations: invitations, portfolioCalendarFeeds: feeds } = schema;
  const invitees = await tx
    .select({ id: invitations.id, name: invitations.name, email: invitations.email })
    .from(invitations)
    .innerJoin(panels, eq(panels.id, invitations.panelId))
    .where(and(lt(panels.startsAt, iso(cutoff)), ne(invitations.secretHash, ERASED)))
    .for('update', { of: invitations });
  const ids = invitees.map((i) => i.id);
  let changes = await anonymiseAnswers(tx, [], ids, new Map(invitees.map((i) => [i.id, inviteePersonal(i)])));
  for (const id of ids) await tx.update(invitations).set(anonymisedPanelInvitation(id)).where(eq(invitations.id, id));
  changes += ids.length;
  const deleted = await tx
    .delete(feeds)
    .where(unusablePortfolioFeeds(feeds, schema.organisationMembers))
    .returning({ id: feeds.id });
  return changes + deleted.length;
}

/**
 * Addresses that follow no aanvraag any more: their sessions, sign-in codes and language go, and they are
 * taken out of the mails, helpdesk contacts and survey answers that still name them.
 */
async function forget(tx: PgTx, addresses: string[]): Promise<number> {
  if (addresses.length === 0) return 0;
  const { requests, accessGrants, sessions, loginCodes, outbox, helpdeskContacts: help, surveyAnswers } = schema;
  const { organisationMembers: members, projectDelegates: delegates } = schema;
  const lowered = addresses.map((a) => a.toLowerCase());
  const following = await tx
    .select({ email: requests.applicantEmail })
    .from(requests)
    .where(inArray(requests.applicantEmail, addresses))
    .union(
      tx
        .select({ email: accessGrants.email })
        .from(accessGrants)
        .where(and(inArray(accessGrants.email, addresses), isNull(accessGrants.revokedAt))),
    )
    // Members and delegates of an applicant organisation sign in for its portfolio (0045).
    .union(tx.select({ email: members.email }).from(members).where(inArray(members.email, lowered)))
    .union(tx.select({ email: delegates.email }).from(delegates).where(inArray(delegates.email, lowered)));
  const gone = addresses.filter((email) => !following.some((f) => f.email === email || f.email === email.toLowerCase()));
  if (gone.length === 0) return 0;
  const lowerIn = (column: PgColumn) => inArray(sql`lower(${column})`, gone);
  await tx.delete(loginCodes).where(inArray(loginCodes.email, gone));
  await tx.delete(schema.customerLanguages).where(inArray(schema.customerLanguages.email, gone));
  await tx
    .update(outbox)
    .set(ERASED_MAIL)
    .where(and(lowerIn(outbox.to), ne(outbox.status, 'pending')));
  await tx.update(help).set({ account: null }).where(lowerIn(help.account));
  await tx.update(help).set({ recipient: null }).where(lowerIn(help.recipient));
  // An answer that is one of these addresses, in any case (the feedback button's e-mail question).
  await tx
    .delete(surveyAnswers)
    .where(and(sql`jsonb_typeof(${surveyAnswers.value}) = 'string'`, inArray(sql`lower(${surveyAnswers.value} #>> '{}')`, gone)));
  return (await tx.delete(sessions).where(inArray(sessions.email, gone)).returning({ id: sessions.id })).length;
}

/** Personal data older than the period that belongs to no aanvraag (helpdesk by phone, the feedback button, sign-in mails). */
async function unlinked(tx: PgTx, cutoff: Date): Promise<number> {
  const { helpdeskContacts: help, callbackRequests: calls, outbox, surveyResponses, surveyAnswers } = schema;
  const before = iso(cutoff);
  let changes = (
    await tx
      .update(help)
      .set({ account: null, phone: null, recipient: null })
      .where(and(lt(help.occurredAt, before), sql`coalesce(${help.account}, ${help.phone}, ${help.recipient}) is not null`))
      .returning({ id: help.id })
  ).length;
  changes += (
    await tx
      .update(calls)
      .set(ERASED_CALLBACK)
      .where(and(lt(calls.createdAt, before), sql`coalesce(${calls.phone}, ${calls.note}, ${calls.closeNote}) is not null`))
      .returning({ id: calls.id })
  ).length;
  changes += (
    await tx
      .update(outbox)
      .set(ERASED_MAIL)
      .where(
        and(
          lt(outbox.createdAt, before),
          ne(outbox.status, 'pending'),
          sql`(${outbox.to} <> ${ERASED} or coalesce(${outbox.html}, ${outbox.text}, ${outbox.headers}::text) is not null)`,
        ),
      )
      .returning({ id: outbox.id })
  ).length;
  const emails = (
    await tx
      .select({ id: surveyAnswers.responseId, question: surveyAnswers.question, value: surveyAnswers.value })
      .from(surveyAnswers)
      .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
      .where(and(lt(surveyResponses.updatedAt, before), sql`${surveyAnswers.value}::text like '%@%'`))
  ).filter((a) => isEmailAnswer(a.value as AnswerValue));
  for (const a of emails) {
    const deleted = await tx
      .delete(surveyAnswers)
      .where(and(eq(surveyAnswers.responseId, a.id), eq(surveyAnswers.question, a.question)))
      .returning({ id: surveyAnswers.responseId });
    changes += deleted.length;
  }
  return changes;
}
