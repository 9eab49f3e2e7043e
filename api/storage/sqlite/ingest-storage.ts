/**
 * The ingestion side of api/storage/contract.ts on SQLite: SQL only. better-sqlite3 runs a
 * transaction synchronously and cannot keep one open across an `await`, so a transaction here is
 * (docs/decisions/0023-application-core.md):
 * 1. one at a time (an in-process queue), so no other ingestion writes what this one read;
 * 2. reads answered at once from the committed database;
 * 3. writes collected, then applied in one synchronous SQLite transaction when the work resolves,
 *    in the order the foreign keys need. Nothing is written when the work throws.
 */
import type Database from 'better-sqlite3';
import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, max, or, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { IsoDate } from '../../../domain/calendar.ts';
import { COMPARABLE_SAMPLE, type ComparableRow } from '../../../domain/expected-window.ts';
import type { LoggedMessage } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import { CollectedWrites, countingOn } from '../collected-writes.ts';
import { comparableChangeOf, comparableColumns } from '../comparable-rows.ts';
import type {
  AanvraagRow,
  ComparableChange,
  IngestStorage,
  IngestTransaction,
  ParkedRow,
  WebhookSubscription,
} from '../contract.ts';
import { invitedDelivery } from '../end-survey-rows.ts';
import {
  END_SURVEY_UPDATED,
  endSurveyColumns,
  messageColumns,
  outcomeColumns,
  parkedColumns,
  parkedRowOf,
  projectionColumns,
  REQUEST_UPDATED,
  requestColumns,
  shownWindowColumns,
  WORK_ORDER_UPDATED,
  workOrderColumns,
} from '../ingest-rows.ts';
import { columnsOf, PARKED_WAITING } from '../received-message-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { SqliteAccess } from './access.ts';
import { NEXT_CHANGE_POSITION } from './change-feed.ts';
import type { SqliteOutbox } from './outbox.ts';
import { params } from './placeholders.ts';
import * as schema from './schema.ts';
import { activeSubscriptions } from './webhooks.ts';

type Db = BetterSQLite3Database<typeof schema>;
type Statements = ReturnType<typeof prepare>;

export type SqliteIngestParts = {
  sqlite: Database.Database;
  db: Db;
  ids: DirectoryIds;
  outbox: SqliteOutbox;
  access: SqliteAccess;
  /** After each commit, with the aanvragen it changed (the status cache drops them). */
  onCommitted?: (numbers: string[]) => void;
  /** Awaited before each transaction: the WAL may start over at its commit (checkpointer.ts). */
  beforeWrite?: () => Promise<void>;
};

export class SqliteIngestStorage implements IngestStorage {
  readonly #parts: SqliteIngestParts;
  readonly #q: Statements;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(parts: SqliteIngestParts) {
    this.#parts = parts;
    this.#q = prepare(parts.db, parts.sqlite);
  }

  transaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      // Before the reads: nothing may commit between them and this transaction's writes.
      await this.#parts.beforeWrite?.();
      const tx = new SqliteIngestTransaction(this.#parts, this.#q);
      const result = await work(tx);
      const changed = this.#parts.sqlite.transaction(() => tx.commit())();
      this.#parts.onCommitted?.(changed);
      return result;
    };
    const result = this.#queue.then(run);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

class SqliteIngestTransaction extends CollectedWrites implements IngestTransaction {
  readonly #parts: SqliteIngestParts;
  readonly #q: Statements;
  /** Row ids of the aanvragen read or written, by number; null for one read and not found. */
  readonly #requestIds = new Map<string, number | null>();

  constructor(parts: SqliteIngestParts, q: Statements) {
    super(countingOn(() => (q.lastSeq.get() as number | undefined) ?? 0));
    this.#parts = parts;
    this.#q = q;
  }

  /** Nothing to lock or batch: the queue runs one transaction at a time, and reads cost no round trip. */
  async readAhead(): Promise<void> {}

  async readAheadAddresses(): Promise<void> {}

  async loggedBodyHash(sender: string, messageId: string): Promise<string | undefined> {
    const senderId = this.#parts.ids.organisationId(sender);
    if (senderId === undefined) return undefined;
    return this.#q.bodyHash.get({ senderId, messageId })?.bodyHash;
  }

  async parkedMessages(number: string): Promise<ParkedRow[]> {
    return this.#q.waitingParked.all({ number }).map((row) => parkedRowOf(row, this.#parts.ids));
  }

  async aanvraag(number: string): Promise<RequestState | undefined> {
    const row = this.#q.requestByNumber.get({ number });
    this.#requestIds.set(number, row?.id ?? null);
    return row?.state as RequestState | undefined;
  }

  async messageLog(number: string): Promise<LoggedMessage[]> {
    return this.#q.logOfRequest.all({ number }).map((row) => ({
      ...(row.body as Omit<LoggedMessage, 'sender'>),
      sender: this.#parts.ids.organisationCode(row.senderId) ?? String(row.senderId),
    })) as LoggedMessage[];
  }

  async notificationMode(number: string, email: string) {
    const requestId = this.#storedId(number);
    return requestId === undefined ? 'alles' : this.#parts.access.notificationModeSync(requestId, email);
  }

  async customerLanguage(email: string) {
    return this.#parts.access.languageSync(email) ?? 'nl';
  }

  async endSurvey(number: string) {
    const requestId = this.#storedId(number);
    return requestId === undefined ? undefined : this.#q.endSurveyOf.get({ requestId });
  }

  async invitedDeliveriesTo(email: string): Promise<string[]> {
    return this.#q.invitedDeliveries.all({ email }).map(invitedDelivery);
  }

  async comparableChanges(cursor: string | undefined) {
    return comparableChangesOf(this.#q.comparable, this.#parts.ids, cursor);
  }

  async comparableGroup(combi: string, kind: string) {
    return comparableGroupOf(this.#q.comparable, this.#parts.ids, combi, kind);
  }

  async webhookSubscriptions(): Promise<WebhookSubscription[]> {
    return activeSubscriptions(this.#parts.db, this.#parts.ids);
  }

  /** Writes everything collected; runs inside one SQLite transaction. Returns the aanvragen changed. */
  commit(): string[] {
    const q = this.#q;
    for (const row of this.aanvragen.values()) this.#writeAanvraag(row);
    const { ids } = this.#parts;
    for (const m of this.messages) {
      q.insertMessage.run(messageColumns(m, ids));
      const rows = projectionColumns(m, this.#requestId(m.requestNumber), ids);
      for (const row of rows.planning) q.insertPlanningChange.run(row);
      for (const row of rows.contact) q.insertContactMoment.run(row);
      for (const row of rows.stagnation) q.insertStagnationEvent.run(row);
    }
    // Parked rows before the outcomes: an outcome may be about a message parked in this transaction.
    for (const m of this.parked) q.insertParked.run(parkedColumns(m, ids));
    for (const outcome of this.outcomes) {
      const { key, set } = outcomeColumns(outcome, ids);
      q.resolveParked.run({ ...key, ...set });
    }
    for (const { requestNumber, ...link } of this.links) {
      this.#parts.access.addAccessLinkSync({ ...link, requestId: this.#requestId(requestNumber) });
    }
    for (const decision of this.endSurveys) {
      q.saveEndSurvey.run(endSurveyColumns(decision, this.#requestId(decision.requestNumber), ids));
    }
    for (const { requestNumber, ...mail } of this.outbox) {
      this.#parts.outbox.enqueueSync({ ...mail, requestId: this.#requestId(requestNumber) });
    }
    for (const record of this.shownWindows) q.insertShownWindow.run(shownWindowColumns(record, this.#requestId(record.number)));
    return [...this.aanvragen.keys()];
  }

  #writeAanvraag(row: AanvraagRow): void {
    const q = this.#q;
    let requestId = this.#storedId(row.number);
    if (requestId === undefined) {
      requestId = (q.insertRequest.get({ number: row.number, phase: row.phase, updatedAt: row.updatedAt }) as { id: number }).id;
      this.#requestIds.set(row.number, requestId);
    }
    q.updateRequest.run(requestColumns(row, this.#parts.ids));
    // The stored status is now out of date: the next look-up computes and keeps it, so ingestion
    // does no status work (a batch touches many aanvragen nobody looks up).
    q.deleteStatus.run({ number: row.number });
    for (const wo of row.workOrders) q.upsertWorkOrder.run(workOrderColumns(requestId, wo, this.#parts.ids));
  }

  /** The row id of a stored aanvraag (or one this commit inserted); undefined when there is none. */
  #storedId(number: string): number | undefined {
    let id = this.#requestIds.get(number);
    if (id === undefined) {
      id = this.#q.requestByNumber.get({ number })?.id ?? null;
      this.#requestIds.set(number, id);
    }
    return id ?? undefined;
  }

  #requestId(number: string): number {
    const id = this.#storedId(number);
    if (id === undefined) throw new Error(`unknown aanvraag ${number}`);
    return id;
  }
}

/** An aanvraag's row id and folded state by its number, prepared (the store's look-ups use it too). */
export function aanvraagByNumber(db: Db) {
  const { requests } = schema;
  return db
    .select({ id: requests.id, state: requests.state })
    .from(requests)
    .where(eq(requests.number, sql.placeholder('number')))
    .prepare();
}

/**
 * The comparable aanvragen behind the expected window (api/core/comparable-index.ts), prepared and
 * read from the covering index: the track & trace page's latest COMPARABLE_SAMPLE of a combi area
 * and kind at a moment, and for the index all of a combi area and kind, then those written since
 * a change position. Stored instants keep the sender's offset, so "before" is exact to
 * within those hours: nothing for days counted from submission.
 */
export function comparableStatements(db: Db) {
  const { requests } = schema;
  const p = sql.placeholder;
  const columns = comparableColumns(requests);
  return {
    atMoment: db
      .select({ submittedAt: requests.submittedAt, startsOn: requests.startsOn, cancelledAt: requests.cancelledAt })
      .from(requests)
      .where(
        and(
          eq(requests.combiId, p('combiId')),
          eq(requests.kind, p('kind')),
          lt(requests.submittedAt, p('at')),
          or(isNull(requests.cancelledAt), gte(requests.cancelledAt, p('at'))),
        ),
      )
      .orderBy(desc(requests.submittedAt))
      .limit(COMPARABLE_SAMPLE)
      .prepare(),
    // In the index's order of submission, which the columns sort in one pass.
    group: db
      .select({
        number: requests.number,
        submittedAt: requests.submittedAt,
        cancelledAt: requests.cancelledAt,
        startsOn: requests.startsOn,
      })
      .from(requests)
      .where(and(eq(requests.combiId, p('combiId')), eq(requests.kind, p('kind')), isNotNull(requests.submittedAt)))
      .orderBy(asc(requests.submittedAt))
      .prepare(),
    since: db
      .select({ ...columns, position: requests.changePosition })
      .from(requests)
      .where(gt(requests.changePosition, p('after')))
      .orderBy(asc(requests.changePosition))
      .prepare(),
    lastPosition: db
      .select({ last: max(requests.changePosition) })
      .from(requests)
      .prepare(),
  };
}

type ComparableStatements = ReturnType<typeof comparableStatements>;

/** comparableRows of the storage contract. */
export function comparableRowsOf(statements: ComparableStatements, combiId: number, kind: string, at: string): ComparableRow[] {
  // Thousands of rows per read: as arrays, skipping drizzle's mapping of each row (a third of the read).
  const rows = statements.atMoment.values({ combiId, kind, at }) as [string, IsoDate | null, string | null][];
  return rows.map(([submittedAt, startsOn, cancelledAt]) => ({ submittedAt, startsOn, cancelledAt }));
}

/**
 * comparableChanges of the storage contract. SQLite has one writer at a time, so change positions
 * follow commit order and the cursor is the last position read.
 */
export function comparableChangesOf(
  statements: ComparableStatements,
  ids: DirectoryIds,
  cursor: string | undefined,
): { rows: ComparableChange[]; cursor: string } {
  if (cursor === undefined) return { rows: [], cursor: String(statements.lastPosition.get()?.last ?? 0) };
  const since = statements.since.all({ after: Number(cursor) });
  return {
    rows: since.map(({ position: _, ...row }) => comparableChangeOf(ids, row)),
    cursor: String(since.at(-1)?.position ?? cursor),
  };
}

/** comparableGroup of the storage contract, from the covering index. */
export function comparableGroupOf(
  statements: ComparableStatements,
  ids: DirectoryIds,
  combi: string,
  kind: string,
): ComparableChange[] {
  const combiId = ids.combiId(combi);
  if (combiId === undefined) return [];
  // A hundred thousand rows in the largest group: as arrays, skipping drizzle's mapping of each.
  const rows = statements.group.values({ combiId, kind }) as [string, string, string | null, IsoDate | null][];
  return rows.map(([number, submittedAt, cancelledAt, startsOn]) => ({
    number,
    combi,
    kind,
    submittedAt,
    cancelledAt,
    startsOn,
  }));
}

/** Every statement of the ingestion path, built once and bound per message. */
function prepare(db: Db, sqlite: Database.Database) {
  const p = sql.placeholder;
  const { messages, requests, endSurveyInvitations: invitations, parkedMessages: parked } = schema;
  const workOrderValues = params(...WORK_ORDER_UPDATED);
  const endSurveyValues = params(...END_SURVEY_UPDATED);
  return {
    // Logged or parked, in one statement: a new message (the usual case) is in neither. Once a
    // parked message is applied both rows hold the same hash, so which one answers does not matter.
    bodyHash: db
      .select({ bodyHash: messages.bodyHash })
      .from(messages)
      .where(and(eq(messages.senderId, p('senderId')), eq(messages.messageId, p('messageId'))))
      .unionAll(
        db
          .select({ bodyHash: parked.bodyHash })
          .from(parked)
          .where(and(eq(parked.senderId, p('senderId')), eq(parked.messageId, p('messageId')))),
      )
      .limit(1)
      .prepare(),
    requestByNumber: aanvraagByNumber(db),
    waitingParked: db
      .select(columnsOf(parked, PARKED_WAITING))
      .from(parked)
      .where(and(eq(parked.requestNumber, p('number')), isNull(parked.resolvedAt)))
      .orderBy(asc(parked.id))
      .prepare(),
    insertParked: db
      .insert(parked)
      .values(params('senderId', 'messageId', 'requestNumber', 'type', 'receivedAt', 'expiresAt', 'bodyHash', 'body'))
      .prepare(),
    resolveParked: db
      .update(parked)
      .set(params('resolvedAt', 'status', 'result', 'errors'))
      .where(and(eq(parked.senderId, p('senderId')), eq(parked.messageId, p('messageId'))))
      .prepare(),
    comparable: comparableStatements(db),
    insertShownWindow: db
      .insert(schema.shownWindows)
      .values(params('requestId', 'shownAt', 'fromDate', 'toDate', 'statedOutOfTen', 'comparable'))
      .onConflictDoNothing()
      .prepare(),
    logOfRequest: db
      .select({ body: messages.body, senderId: messages.senderId })
      .from(messages)
      .where(eq(messages.requestNumber, p('number')))
      .prepare(),
    // AUTOINCREMENT's counter: the last place taken in the log (never handed out twice once committed).
    lastSeq: sqlite.prepare("select seq from sqlite_sequence where name = 'messages'").pluck(),
    endSurveyOf: db
      .select({ status: invitations.status, skipReason: invitations.skipReason })
      .from(invitations)
      .where(eq(invitations.requestId, p('requestId')))
      .prepare(),
    invitedDeliveries: db
      .select({ deliveredOn: invitations.deliveredOn, createdAt: invitations.createdAt })
      .from(invitations)
      .where(and(eq(invitations.email, p('email')), eq(invitations.status, 'uitgenodigd')))
      .prepare(),
    saveEndSurvey: db
      .insert(invitations)
      .values({ ...endSurveyValues, ...params('requestId') })
      .onConflictDoUpdate({ target: invitations.requestId, set: endSurveyValues })
      .prepare(),
    insertMessage: db
      .insert(messages)
      .values(params('seq', 'senderId', 'messageId', 'requestNumber', 'type', 'occurredAt', 'receivedAt', 'bodyHash', 'body'))
      .prepare(),
    insertPlanningChange: db
      .insert(schema.planningChanges)
      .values(params('requestId', 'messageSeq', 'field', 'value', 'organisationId', 'staffName', 'at', 'reason'))
      .prepare(),
    insertContactMoment: db
      .insert(schema.contactMoments)
      .values(
        params(
          'requestId',
          'messageSeq',
          'code',
          'channel',
          'at',
          'organisationId',
          'staffName',
          'spokeWith',
          'subject',
          'summary',
        ),
      )
      .prepare(),
    insertStagnationEvent: db
      .insert(schema.stagnationEvents)
      .values(params('requestId', 'messageSeq', 'event', 'cause', 'reason', 'organisationId', 'at'))
      .prepare(),
    insertRequest: db
      .insert(requests)
      .values({ ...params('number', 'phase', 'updatedAt'), state: {}, changePosition: NEXT_CHANGE_POSITION })
      .returning({ id: requests.id })
      .prepare(),
    updateRequest: db
      .update(requests)
      // A changed aanvraag moves to the end of the change feed.
      .set({ ...params(...REQUEST_UPDATED), changePosition: NEXT_CHANGE_POSITION })
      .where(eq(requests.number, p('number')))
      .prepare(),
    deleteStatus: db
      .delete(schema.requestStatuses)
      .where(eq(schema.requestStatuses.number, p('number')))
      .prepare(),
    upsertWorkOrder: db
      .insert(schema.workOrders)
      .values({ ...params('requestId', 'externalId', 'discipline', 'gridOperatorId'), ...workOrderValues })
      .onConflictDoUpdate({ target: [schema.workOrders.requestId, schema.workOrders.externalId], set: workOrderValues })
      .prepare(),
  };
}
