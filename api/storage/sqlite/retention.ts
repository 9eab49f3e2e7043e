/**
 * The retention job in SQLite (AVG): aanvragen delivered or cancelled before the cut-off lose
 * their personal data everywhere it lives, one transaction per batch; the statistics stay. What
 * replaces each field is domain/retention.ts; why: docs/decisions/0012-retention-and-subject-access.md.
 *
 * The message log is rewritten too, and the state is folded again from the rewritten log, so a
 * late message that replays the log reaches the same anonymised state. `bodyHash` is kept: a
 * back-office system that sends an old message again still gets "duplicate", not a conflict.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { and, count, eq, gt, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
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
import { NEXT_CHANGE_POSITION } from './change-feed.ts';
import { params } from './placeholders.ts';
import * as schema from './schema.ts';
import { SqliteSubjectAccess } from './subject-access.ts';

type Db = BetterSQLite3Database<typeof schema>;

const iso = (d: Date) => d.toISOString();
/** Instants are stored with and without offsets (occurredAt as sent, others in UTC): compare them as instants. */
const before = (column: SQL | AnySQLiteColumn, at: Date) => sql`julianday(${column}) < julianday(${iso(at)})`;

export class SqliteRetention implements RetentionStorage {
  readonly #sqlite: Database.Database;
  readonly #db: Db;
  readonly #subjects: SqliteSubjectAccess;
  readonly #q;
  /** Forgets a status the store keeps in memory (status-cache.ts) once its row is deleted. */
  readonly #statusesDropped: (numbers: string[]) => void;

  constructor(sqlite: Database.Database, db: Db, statusesDropped: (numbers: string[]) => void) {
    this.#sqlite = sqlite;
    this.#db = db;
    this.#statusesDropped = statusesDropped;
    this.#subjects = new SqliteSubjectAccess(db);
    this.#q = preparedStatements(db);
  }

  /** Past the period, and not anonymised yet or changed by a message since. */
  #due(cutoff: Date): SQL {
    const r = schema.requests;
    // The cut-off first: SQLite tests terms in order, and anonymised_at sits after the state's
    // overflow pages (added by ALTER TABLE), so it is read only for rows past the period.
    return and(
      or(before(r.deliveredAt, cutoff), before(r.cancelledAt, cutoff)),
      or(isNull(r.anonymisedAt), sql`${r.updatedAt} > ${r.anonymisedAt}`),
    ) as SQL;
  }

  async anonymise({ before: cutoff, now, batch = 200, signal, onProgress }: AnonymiseOptions): Promise<AnonymiseCounts> {
    const counts: AnonymiseCounts = { requests: 0, messages: 0, sessions: 0, unlinked: 0 };
    const r = schema.requests;
    // Paged by id: each batch goes on after the last, instead of scanning from the start again.
    let last = 0;
    for (;;) {
      if (signal?.aborted) return counts;
      const rows: Candidate[] = this.#db
        .select(candidateColumns(r))
        .from(r)
        .where(and(gt(r.id, last), this.#due(cutoff)))
        .orderBy(r.id)
        .limit(batch)
        .all();
      if (rows.length === 0) break;
      this.#sqlite.transaction(() => this.#anonymiseBatch(rows, now, counts))();
      this.#statusesDropped(rows.map((row) => row.number));
      last = rows.at(-1)?.id ?? last;
      counts.requests += rows.length;
      onProgress?.(counts.requests);
      // Between batches the server answers requests: one batch is a short synchronous transaction.
      await nextTurn();
    }
    if (!signal?.aborted)
      counts.unlinked = this.#sqlite.transaction(() => this.#unlinked(cutoff) + this.#panelsAndPortfolio(cutoff))();
    return counts;
  }

  #anonymiseBatch(rows: Candidate[], now: Date, counts: AnonymiseCounts): void {
    const ids = rows.map((row) => row.id);
    const numbers = rows.map((row) => row.number);
    const addresses = new Set<string>();
    const invitations: string[] = [];
    const personalByNumber = new Map<string, string[]>();
    for (const row of rows) {
      const personal = personalOf(row);
      personalByNumber.set(row.number, personal);
      if (row.applicantEmail) addresses.add(row.applicantEmail);
      counts.messages += this.#rewriteLog(row, personal, now);
      const q = this.#q;
      for (const g of q.grantees.all({ id: row.id })) addresses.add(g.email);
      q.deleteGrants.run({ id: row.id });
      q.deletePreferences.run({ id: row.id });
      const invitation = q.eraseInvitation.get({ id: row.id, email: ERASED });
      if (invitation) invitations.push(invitation.id);
      // Rebuilt from the anonymised state by the next look-up.
      q.deleteStatus.run({ number: row.number });
    }

    // Tables without an index on the aanvraag: one statement per batch, not one scan per aanvraag.
    const { outbox, accessLinks, calendarFeeds, helpdeskContacts: help, callbackRequests: calls } = schema;
    this.#db
      .update(outbox)
      .set({ status: 'failed', lastError: NOT_SENT_ANONYMISED })
      .where(and(inArray(outbox.requestId, ids), eq(outbox.status, 'pending')))
      .run();
    this.#db.update(outbox).set(ERASED_MAIL).where(inArray(outbox.requestId, ids)).run();
    this.#db.delete(accessLinks).where(inArray(accessLinks.requestId, ids)).run();
    this.#db.delete(calendarFeeds).where(inArray(calendarFeeds.requestId, ids)).run();
    const helpdeskIds = this.#db
      .update(help)
      .set({ account: null, phone: null, recipient: null })
      .where(inArray(help.requestNumber, numbers))
      .returning({ id: help.id })
      .all()
      .map((h) => h.id);
    invitations.push(...helpdeskIds);
    this.#db
      .update(calls)
      .set(ERASED_CALLBACK)
      .where(aboutSubject(calls, numbers, invitations))
      .run();
    this.#anonymiseAnswers(numbers, invitations, personalByNumber);
    counts.sessions += this.#forget([...addresses]);
  }

  /** Rewrites the aanvraag's messages and the rows that follow from them, then folds the state again. */
  #rewriteLog(row: Candidate, personal: string[], now: Date): number {
    const q = this.#q;
    const { changed, folded } = anonymisedLog(q.log.all({ number: row.number }), personal);
    for (const { seq, body } of changed) {
      q.setBody.run({ seq, body });
      const projection = projectionRewrite(body);
      if (projection?.table === 'contactMoments') q.contactMoment.run({ seq, ...projection.set });
      else if (projection?.table === 'planningChanges') q.planningChange.run({ requestId: row.id, seq, ...projection.set });
      else if (projection) q.stagnation.run({ seq, ...projection.set });
    }
    q.anonymiseRequest.run({ id: row.id, ...anonymisedRequest(row, folded, now) });
    return changed.length;
  }

  /**
   * Survey answers of these aanvragen (by number or invitation): scales stay, text is redacted, e-mail goes.
   * `personal` is keyed by aanvraagnummer or by invitation id (a klantenpanel's questionnaire has no aanvraag).
   */
  #anonymiseAnswers(numbers: string[], invitations: string[], personal: Map<string, string[]>): number {
    const { surveyResponses: responses, surveyAnswers: answers } = schema;
    let changes = 0;
    const rows = this.#db
      .select(answerRowColumns(responses, answers))
      .from(responses)
      .innerJoin(answers, eq(answers.responseId, responses.id))
      .where(aboutSubject(responses, numbers, invitations))
      .all();
    for (const row of rows) {
      const change = answerChange(row, personal);
      const where = and(eq(answers.responseId, row.id), eq(answers.question, row.question));
      if (change === 'delete') changes += this.#db.delete(answers).where(where).run().changes;
      else if (change) changes += this.#db.update(answers).set(change).where(where).run().changes;
    }
    return changes;
  }

  /**
   * Klantenpanels that started before the cut-off lose their invitees (decision 0044), the
   * questionnaire's free text as a measurement's; portfolio feeds nobody can use go (0045).
   */
  #panelsAndPortfolio(cutoff: Date): number {
    const { customerPanels: panels, panelInvitations: invitations, portfolioCalendarFeeds: feeds } = schema;
    const invitees = this.#db
      .select({ id: invitations.id, name: invitations.name, email: invitations.email })
      .from(invitations)
      .innerJoin(panels, eq(panels.id, invitations.panelId))
      .where(and(before(panels.startsAt, cutoff), ne(invitations.secretHash, ERASED)))
      .all();
    const ids = invitees.map((i) => i.id);
    let changes = this.#anonymiseAnswers([], ids, new Map(invitees.map((i) => [i.id, inviteePersonal(i)])));
    for (const id of ids)
      changes += this.#db.update(invitations).set(anonymisedPanelInvitation(id)).where(eq(invitations.id, id)).run().changes;
    return changes + this.#db.delete(feeds).where(unusablePortfolioFeeds(feeds, schema.organisationMembers)).run().changes;
  }

  /**
   * Addresses that follow no aanvraag any more: their sessions, sign-in codes and language go, and they are
   * taken out of the mails, helpdesk contacts and survey answers that still name them.
   */
  #forget(addresses: string[]): number {
    const { requests, accessGrants, sessions, loginCodes, outbox, helpdeskContacts: help, surveyAnswers } = schema;
    const { organisationMembers: members, projectDelegates: delegates } = schema;
    const gone = addresses.filter(
      (email) =>
        !this.#db.select({ id: requests.id }).from(requests).where(eq(requests.applicantEmail, email)).get() &&
        !this.#db
          .select({ id: accessGrants.requestId })
          .from(accessGrants)
          .where(and(eq(accessGrants.email, email), isNull(accessGrants.revokedAt)))
          .get() &&
        // Members and delegates of an applicant organisation sign in for its portfolio (0045).
        !this.#db
          .select({ kvk: members.kvk })
          .from(members)
          .where(eq(members.email, email.toLowerCase()))
          .union(this.#db.select({ kvk: delegates.kvk }).from(delegates).where(eq(delegates.email, email.toLowerCase())))
          .get(),
    );
    if (gone.length === 0) return 0;
    const list = JSON.stringify(gone);
    const lowerIn = (column: AnySQLiteColumn) => sql`lower(${column}) in (select value from json_each(${list}))`;
    this.#db.delete(loginCodes).where(inArray(loginCodes.email, gone)).run();
    this.#db.delete(schema.customerLanguages).where(inArray(schema.customerLanguages.email, gone)).run();
    this.#db
      .update(outbox)
      .set(ERASED_MAIL)
      .where(and(lowerIn(outbox.to), ne(outbox.status, 'pending')))
      .run();
    this.#db.update(help).set({ account: null }).where(lowerIn(help.account)).run();
    this.#db.update(help).set({ recipient: null }).where(lowerIn(help.recipient)).run();
    this.#db
      .delete(surveyAnswers)
      .where(sql`lower(${surveyAnswers.value}) in (select json_quote(value) from json_each(${list}))`)
      .run();
    return this.#db.delete(sessions).where(inArray(sessions.email, gone)).run().changes;
  }

  /** Personal data older than the period that belongs to no aanvraag (helpdesk by phone, the feedback button, sign-in mails). */
  #unlinked(cutoff: Date): number {
    const { helpdeskContacts: help, callbackRequests: calls, outbox, surveyResponses, surveyAnswers } = schema;
    let changes = this.#db
      .update(help)
      .set({ account: null, phone: null, recipient: null })
      .where(and(before(help.occurredAt, cutoff), sql`coalesce(${help.account}, ${help.phone}, ${help.recipient}) is not null`))
      .run().changes;
    changes += this.#db
      .update(calls)
      .set(ERASED_CALLBACK)
      .where(and(before(calls.createdAt, cutoff), sql`coalesce(${calls.phone}, ${calls.note}, ${calls.closeNote}) is not null`))
      .run().changes;
    changes += this.#db
      .update(outbox)
      .set(ERASED_MAIL)
      .where(
        and(
          before(outbox.createdAt, cutoff),
          ne(outbox.status, 'pending'),
          sql`(${outbox.to} <> ${ERASED} or coalesce(${outbox.html}, ${outbox.text}, ${outbox.headers}) is not null)`,
        ),
      )
      .run().changes;
    const emails = this.#db
      .select({ id: surveyAnswers.responseId, question: surveyAnswers.question, value: surveyAnswers.value })
      .from(surveyAnswers)
      .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
      .where(and(before(surveyResponses.updatedAt, cutoff), sql`${surveyAnswers.value} like '%@%'`))
      .all()
      .filter((a) => isEmailAnswer(a.value as AnswerValue));
    for (const a of emails)
      changes += this.#db
        .delete(surveyAnswers)
        .where(and(eq(surveyAnswers.responseId, a.id), eq(surveyAnswers.question, a.question)))
        .run().changes;
    return changes;
  }

  #expired(now: Date) {
    return expiringTables(schema, now).map(([name, table, before]) => [name, table, lt(table.expiresAt, iso(before))] as const);
  }

  async purgeExpired(now: Date): Promise<PurgeCounts> {
    return this.#sqlite.transaction(() => {
      const counts = {} as PurgeCounts;
      for (const [name, table, where] of this.#expired(now)) counts[name] = this.#db.delete(table).where(where).run().changes;
      return counts;
    })();
  }

  async preview(cutoff: Date, now: Date): Promise<RetentionPreview> {
    const counted = (table: SQLiteTable, where: SQL | undefined) =>
      this.#db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
    const result = { requests: counted(schema.requests, this.#due(cutoff)), unlinked: 0 } as RetentionPreview;
    for (const [name, table, where] of this.#expired(now)) result[name] = counted(table, where);
    const rolledBack = new Error('preview');
    try {
      this.#sqlite.transaction(() => {
        result.unlinked = this.#unlinked(cutoff) + this.#panelsAndPortfolio(cutoff);
        throw rolledBack;
      })();
    } catch (error) {
      if (error !== rolledBack) throw error;
    }
    return result;
  }

  /** The right of access's queries (api/core/subject-access.ts gathers the answer from them). */
  readSubjectAccess<T>(work: (queries: SubjectAccessQueries) => Promise<T>): Promise<T> {
    return work(this.#subjects);
  }
}

/** Statements run once per aanvraag or message: built once, bound per call (as sqlite/store.ts does). */
function preparedStatements(db: Db) {
  const p = sql.placeholder;
  const { messages, organisations, requests, accessGrants, notificationPreferences, endSurveyInvitations } = schema;
  return {
    log: db
      .select({ seq: messages.seq, body: messages.body, sender: organisations.code })
      .from(messages)
      .innerJoin(organisations, eq(organisations.id, messages.senderId))
      .where(eq(messages.requestNumber, p('number')))
      .prepare(),
    setBody: db
      .update(messages)
      .set(params('body'))
      .where(eq(messages.seq, p('seq')))
      .prepare(),
    contactMoment: db
      .update(schema.contactMoments)
      .set(params('staffName', 'spokeWith', 'subject', 'summary'))
      .where(eq(schema.contactMoments.messageSeq, p('seq')))
      .prepare(),
    planningChange: db
      .update(schema.planningChanges)
      .set(params('staffName', 'reason'))
      .where(and(eq(schema.planningChanges.requestId, p('requestId')), eq(schema.planningChanges.messageSeq, p('seq'))))
      .prepare(),
    stagnation: db
      .update(schema.stagnationEvents)
      .set(params('reason'))
      .where(eq(schema.stagnationEvents.messageSeq, p('seq')))
      .prepare(),
    anonymiseRequest: db
      .update(requests)
      .set({
        ...params(...schema.REQUEST_PERSON_COLUMNS, 'state', 'anonymisedAt', 'updatedAt'),
        changePosition: NEXT_CHANGE_POSITION,
      })
      .where(eq(requests.id, p('id')))
      .prepare(),
    grantees: db
      .select({ email: accessGrants.email })
      .from(accessGrants)
      .where(eq(accessGrants.requestId, p('id')))
      .prepare(),
    deleteGrants: db
      .delete(accessGrants)
      .where(eq(accessGrants.requestId, p('id')))
      .prepare(),
    deletePreferences: db
      .delete(notificationPreferences)
      .where(eq(notificationPreferences.requestId, p('id')))
      .prepare(),
    eraseInvitation: db
      .update(endSurveyInvitations)
      .set(params('email'))
      .where(eq(endSurveyInvitations.requestId, p('id')))
      .returning({ id: endSurveyInvitations.id })
      .prepare(),
    deleteStatus: db
      .delete(schema.requestStatuses)
      .where(eq(schema.requestStatuses.number, p('number')))
      .prepare(),
  };
}
