/**
 * The ingestion side of api/storage/contract.ts on PostgreSQL: SQL only. Several server processes
 * ingest into one database, so a transaction here is a real `BEGIN … COMMIT`:
 * 1. the aanvragen a batch is about are locked until the commit, all at once at its start
 *    (`readAhead`, in the order of their keys, so two batches over the same aanvragen wait for
 *    each other instead of deadlocking), or one by one by `aanvraag(number)`: a
 *    transaction-scoped advisory lock on the number (which also covers a number not stored yet,
 *    where a row lock has nothing to hold) and `select … for update` on its row (so writers that
 *    do not take the advisory lock wait too). Another ingestion of the same aanvraag, in this
 *    process or another, waits for the commit and then reads what it wrote;
 * 2. reads run in the transaction and see what was committed (what the batch names is read at
 *    its start in one round trip, the rest when asked); the transaction's own writes are
 *    collected (api/storage/collected-writes.ts) and written at the end of the work, in the order
 *    the foreign keys need, so reads never see them, as the contract says;
 * 3. a message's place in the log comes from the database's sequence, so places are unique across
 *    processes (with gaps where a transaction rolled back, and not in commit order);
 * 4. a transaction that loses a race (the same message ingested by two processes at once, about
 *    different aanvragen: the unique index refuses the second; or a deadlock with a writer that
 *    locks rows in another order) runs its work again from the start; the second run reads what
 *    the winner committed (the message is then a duplicate).
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { COMPARABLE_SAMPLE, type ComparableRow } from '../../../domain/expected-window.ts';
import type { NotificationMode } from '../../../domain/kcm-mails.ts';
import type { Lang } from '../../../domain/language.ts';
import type { LoggedMessage } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import { CollectedWrites } from '../collected-writes.ts';
import { comparableChangeOf, comparableColumns } from '../comparable-rows.ts';
import type {
  ComparableChange,
  EndSurveyRecordStatus,
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
import { insertMany } from './bulk-insert.ts';
import { CHANGE_POSITION_NOW } from './change-feed.ts';
import type { PgDb, PgTx } from './database.ts';
import { insertOutboxMails } from './outbox.ts';
import * as schema from './schema.ts';
import { activeSubscriptions } from './webhooks.ts';

export type PgIngestParts = {
  db: PgDb;
  ids: DirectoryIds;
  /** After each commit, with the aanvragen it changed (the status cache drops them). */
  onCommitted?: (numbers: string[]) => void;
};

/** Runs of one transaction at most: the first, and again after a lost race (twice in a row is rare). */
const MAX_RUNS = 3;

type EndSurveyRecord = { status: EndSurveyRecordStatus; skipReason: string | null };
const messageKey = (sender: string, messageId: string) => `${sender}\n${messageId}`;
/** The advisory-lock class of aanvragen (the two-key form, apart from the migrations' one-key lock). */
const AANVRAAG_LOCK = 2312;

export class PgIngestStorage implements IngestStorage {
  readonly #parts: PgIngestParts;

  constructor(parts: PgIngestParts) {
    this.#parts = parts;
  }

  async transaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T> {
    for (let run = 1; ; run++) {
      try {
        const { result, changed } = await this.#parts.db.transaction(async (db) => {
          const tx = new PgIngestTransaction(db, this.#parts.ids);
          const result = await work(tx);
          return { result, changed: await tx.commit() };
        });
        this.#parts.onCommitted?.(changed);
        return result;
      } catch (error) {
        if (run >= MAX_RUNS || !lostRace(error)) throw error;
      }
    }
  }
}

/** A deadlock, or the unique index of the log (or of parked messages) refusing a message another transaction just committed. */
function lostRace(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; constraint_name?: string } }).cause ?? (error as { code?: string });
  const { code, constraint_name } = cause as { code?: string; constraint_name?: string };
  return (
    code === '40P01' ||
    code === '40001' ||
    (code === '23505' && (constraint_name === 'messages_sender_message' || constraint_name === 'parked_messages_sender_message'))
  );
}

class PgIngestTransaction extends CollectedWrites implements IngestTransaction {
  readonly #db: PgTx;
  readonly #ids: DirectoryIds;
  /** Row ids of the aanvragen read and found, by number. */
  readonly #requestIds = new Map<string, number>();

  readonly #places: LogPlaces;

  constructor(db: PgTx, ids: DirectoryIds) {
    const places = new LogPlaces(db);
    super(() => places.next());
    this.#places = places;
    this.#db = db;
    this.#ids = ids;
  }

  /**
   * Locks the batch's aanvragen in the order of their keys (so two batches never deadlock over
   * them) and reads, in one round trip after the lock, their states, notification choices,
   * eindmeting decisions and waiting parked messages, the body hashes of the batch's messages,
   * and a place in the log for each: the reads below then answer from memory.
   */
  async readAhead({ numbers, messages }: Parameters<IngestTransaction['readAhead']>[0]): Promise<void> {
    const unique = [...new Set(numbers)];
    if (unique.length === 0) return;
    await this.#lock(unique);
    const [states, hashes, modes, surveys, languages, parked] = await Promise.all([
      this.#statesOf(unique),
      this.#hashesOf(messages),
      this.#modesOf(unique),
      this.#endSurveysOf(unique),
      this.#applicantLanguagesOf(unique),
      this.#parkedOf(unique),
      this.#places.reserve(messages.length),
    ]);
    for (const [email, language] of languages) this.#ahead.languages.set(email, language);
    for (const n of unique) {
      this.#ahead.states.set(n, states.get(n));
      this.#ahead.modes.set(n, modes.get(n) ?? new Map());
      this.#ahead.endSurveys.set(n, surveys.get(n));
      this.#ahead.parked.set(n, parked.get(n) ?? []);
    }
    for (const m of messages)
      this.#ahead.hashes.set(messageKey(m.sender, m.messageId), hashes.get(messageKey(m.sender, m.messageId)));
  }

  /** The languages and eindmeting invitations of these addresses, in one round trip. */
  async readAheadAddresses(emails: readonly string[]): Promise<void> {
    const { languages, invitations } = this.#ahead;
    const addresses = [...new Set(emails.map((e) => e.toLowerCase()))];
    const unread = addresses.filter((a) => !languages.has(a));
    const uninvited = addresses.filter((a) => !invitations.has(a));
    const c = schema.customerLanguages;
    const [chosen, invited] = await Promise.all([
      unread.length ? this.#db.select({ email: c.email, language: c.language }).from(c).where(inArray(c.email, unread)) : [],
      this.#invitedDeliveriesOf(uninvited),
    ]);
    for (const a of unread) languages.set(a, 'nl');
    for (const { email, language } of chosen) languages.set(email, language);
    for (const a of uninvited) invitations.set(a, invited.get(a) ?? []);
  }

  /** What readAhead read; a name it holds is answered from here, even when nothing was found. */
  readonly #ahead = {
    states: new Map<string, RequestState | undefined>(),
    hashes: new Map<string, string | undefined>(),
    modes: new Map<string, Map<string, NotificationMode>>(),
    endSurveys: new Map<string, EndSurveyRecord | undefined>(),
    /** By lower-case address; also every language read since, so each address costs one read per batch at most. */
    languages: new Map<string, Lang>(),
    /** By lower-case address: the dates of the opleveringen it was invited about (readAheadAddresses). */
    invitations: new Map<string, string[]>(),
    /** The parked messages waiting for each aanvraag, handed out once. */
    parked: new Map<string, ParkedRow[]>(),
  };

  async loggedBodyHash(sender: string, messageId: string): Promise<string | undefined> {
    const key = messageKey(sender, messageId);
    if (this.#ahead.hashes.has(key)) return this.#ahead.hashes.get(key);
    return (await this.#hashesOf([{ sender, messageId }])).get(key);
  }

  async aanvraag(number: string): Promise<RequestState | undefined> {
    const { states } = this.#ahead;
    if (states.has(number)) {
      const state = states.get(number);
      // Handed out once: the core folds into the state it is given.
      states.delete(number);
      return state;
    }
    await this.#lock([number]);
    const read = await this.#statesOf([number]);
    return read.get(number);
  }

  async messageLog(number: string): Promise<LoggedMessage[]> {
    const { messages } = schema;
    const rows = await this.#db
      .select({ body: messages.body, senderId: messages.senderId })
      .from(messages)
      .where(eq(messages.requestNumber, number));
    return rows.map((row) => ({
      ...(row.body as Omit<LoggedMessage, 'sender'>),
      sender: this.#ids.organisationCode(row.senderId) ?? String(row.senderId),
    })) as LoggedMessage[];
  }

  async notificationMode(number: string, email: string): Promise<NotificationMode> {
    const modes = this.#ahead.modes.get(number) ?? (await this.#modesOf([number])).get(number);
    return modes?.get(email.toLowerCase()) ?? 'alles';
  }

  async customerLanguage(email: string): Promise<Lang> {
    const address = email.toLowerCase();
    const known = this.#ahead.languages.get(address);
    if (known) return known;
    const c = schema.customerLanguages;
    const [row] = await this.#db.select({ language: c.language }).from(c).where(eq(c.email, address));
    const language = row?.language ?? 'nl';
    this.#ahead.languages.set(address, language);
    return language;
  }

  async endSurvey(number: string): Promise<EndSurveyRecord | undefined> {
    const { endSurveys } = this.#ahead;
    return endSurveys.has(number) ? endSurveys.get(number) : (await this.#endSurveysOf([number])).get(number);
  }

  async comparableChanges(cursor: string | undefined) {
    return comparableChanges(this.#db, this.#ids, cursor);
  }

  async comparableGroup(combi: string, kind: string) {
    return comparableGroup(this.#db, this.#ids, combi, kind);
  }

  /**
   * Takes the aanvragen's advisory locks, in the order of their keys. Awaited before the reads:
   * a statement's snapshot is taken when it starts, so reads sent after the lock is granted see
   * what the transaction that held it committed.
   */
  async #lock(numbers: string[]): Promise<void> {
    await this.#db.execute(sql`
      select pg_advisory_xact_lock(${AANVRAAG_LOCK}, key)
      from (select distinct hashtext(n) as key from unnest(array[${sql.join(
        numbers.map((n) => sql`${n}`),
        sql`, `,
      )}]::text[]) n order by key) keys`);
  }

  /** The states of these aanvragen, their rows locked (`for update`); their row ids kept for the commit. */
  async #statesOf(numbers: string[]): Promise<Map<string, RequestState>> {
    const { requests } = schema;
    const rows = await this.#db
      .select({ id: requests.id, number: requests.number, state: requests.state })
      .from(requests)
      .where(inArray(requests.number, numbers))
      .for('update');
    for (const row of rows) this.#requestIds.set(row.number, row.id);
    return new Map(rows.map((row) => [row.number, row.state as RequestState]));
  }

  /** Body hashes by messageKey, of those of these messages that are logged or parked. */
  async #hashesOf(wanted: readonly { sender: string; messageId: string }[]): Promise<Map<string, string>> {
    const known = wanted.filter((m) => this.#ids.organisationId(m.sender) !== undefined);
    if (known.length === 0) return new Map();
    const senders = [...new Set(known.map((m) => this.#ids.organisationId(m.sender) as number))];
    const messageIds = [...new Set(known.map((m) => m.messageId))];
    const of = (t: typeof schema.messages | typeof schema.parkedMessages) =>
      this.#db
        .select({ senderId: t.senderId, messageId: t.messageId, bodyHash: t.bodyHash })
        .from(t)
        .where(and(inArray(t.senderId, senders), inArray(t.messageId, messageIds)));
    const [logged, parked] = await Promise.all([of(schema.messages), of(schema.parkedMessages)]);
    // Another sender may use the same id: only the pairs asked for count. A logged message wins
    // over its parked row (both have the same hash once a parked message is applied).
    const asked = new Set(known.map((m) => messageKey(m.sender, m.messageId)));
    const found = new Map<string, string>();
    for (const row of [...logged, ...parked]) {
      const key = messageKey(this.#ids.organisationCode(row.senderId) ?? '', row.messageId);
      if (asked.has(key) && !found.has(key)) found.set(key, row.bodyHash);
    }
    return found;
  }

  async parkedMessages(number: string): Promise<ParkedRow[]> {
    const ahead = this.#ahead.parked.get(number);
    if (ahead) {
      // Handed out once, as a read hands out new rows each time.
      this.#ahead.parked.delete(number);
      return ahead;
    }
    return (await this.#parkedOf([number])).get(number) ?? [];
  }

  /** The parked messages still waiting for these aanvragen, in the order received, by number. */
  async #parkedOf(numbers: string[]): Promise<Map<string, ParkedRow[]>> {
    const t = schema.parkedMessages;
    const rows = await this.#db
      .select(columnsOf(t, PARKED_WAITING))
      .from(t)
      .where(and(inArray(t.requestNumber, numbers), isNull(t.resolvedAt)))
      .orderBy(asc(t.id));
    const waiting = new Map<string, ParkedRow[]>();
    for (const row of rows) {
      const list = waiting.get(row.requestNumber) ?? [];
      list.push(parkedRowOf(row, this.#ids));
      waiting.set(row.requestNumber, list);
    }
    return waiting;
  }

  /** The notification choices made for these aanvragen, by number and address. */
  async #modesOf(numbers: string[]): Promise<Map<string, Map<string, NotificationMode>>> {
    const { notificationPreferences: prefs, requests } = schema;
    const rows = await this.#db
      .select({ number: requests.number, email: prefs.email, mode: prefs.mode })
      .from(prefs)
      .innerJoin(requests, eq(requests.id, prefs.requestId))
      .where(inArray(requests.number, numbers));
    const modes = new Map<string, Map<string, NotificationMode>>(numbers.map((n) => [n, new Map()]));
    for (const row of rows) modes.get(row.number)?.set(row.email, row.mode);
    return modes;
  }

  /** The mail language of each stored applicant of these aanvragen ('nl' when never chosen), by lower-case address. */
  async #applicantLanguagesOf(numbers: string[]): Promise<Map<string, Lang>> {
    const { customerLanguages: c, requests } = schema;
    const address = sql<string>`lower(${requests.applicantEmail})`;
    const rows = await this.#db
      .select({ email: address, language: c.language })
      .from(requests)
      .leftJoin(c, eq(c.email, address))
      .where(and(inArray(requests.number, numbers), sql`${requests.applicantEmail} is not null`));
    return new Map(rows.map((row) => [row.email, row.language ?? 'nl']));
  }

  /** The eindmeting decisions recorded for these aanvragen. */
  async #endSurveysOf(numbers: string[]): Promise<Map<string, EndSurveyRecord>> {
    const { endSurveyInvitations: invitations, requests } = schema;
    const rows = await this.#db
      .select({ number: requests.number, status: invitations.status, skipReason: invitations.skipReason })
      .from(invitations)
      .innerJoin(requests, eq(requests.id, invitations.requestId))
      .where(inArray(requests.number, numbers));
    return new Map(rows.map(({ number, ...decision }) => [number, decision]));
  }

  webhookSubscriptions(): Promise<WebhookSubscription[]> {
    return activeSubscriptions(this.#db, this.#ids);
  }

  async invitedDeliveriesTo(email: string): Promise<string[]> {
    const ahead = this.#ahead.invitations.get(email);
    if (ahead) return [...ahead];
    return (await this.#invitedDeliveriesOf([email])).get(email) ?? [];
  }

  /** The opleveringen each of these addresses (as stored: lower case) was invited about, by address. */
  async #invitedDeliveriesOf(emails: string[]): Promise<Map<string, string[]>> {
    if (emails.length === 0) return new Map();
    const { endSurveyInvitations: invitations } = schema;
    const rows = await this.#db
      .select({ email: invitations.email, deliveredOn: invitations.deliveredOn, createdAt: invitations.createdAt })
      .from(invitations)
      .where(and(inArray(invitations.email, emails), eq(invitations.status, 'uitgenodigd')));
    const dates = new Map<string, string[]>();
    for (const row of rows) dates.set(row.email, [...(dates.get(row.email) ?? []), invitedDelivery(row)]);
    return dates;
  }

  /** Writes everything collected, in foreign-key order; returns the aanvragen changed. */
  async commit(): Promise<string[]> {
    const db = this.#db;
    const ids = this.#ids;
    const requestIds = await this.#writeAanvragen();
    const requestId = (number: string) => {
      const id = requestIds.get(number);
      if (id === undefined) throw new Error(`unknown aanvraag ${number}`);
      return id;
    };
    const { planning, contact, stagnation } = this.#projections(requestId);
    const { workOrders } = schema;
    // Each step's statements are sent together (postgres.js pipelines them); a step waits for the
    // rows its foreign keys name. The first failure rejects, and PostgreSQL refuses the rest.
    await Promise.all([
      insertMany(
        db,
        workOrders,
        [...this.aanvragen.values()].flatMap((a) => a.workOrders.map((wo) => workOrderColumns(requestId(a.number), wo, ids))),
        { target: ['requestId', 'externalId'], update: WORK_ORDER_UPDATED },
      ),
      insertMany(
        db,
        schema.messages,
        this.messages.map((m) => messageColumns(m, ids)),
      ),
      insertMany(
        db,
        schema.accessLinks,
        this.links.map(({ requestNumber, ...link }) => ({
          ...link,
          requestId: requestId(requestNumber),
          expiresAt: link.expiresAt.toISOString(),
        })),
      ),
      insertMany(
        db,
        schema.endSurveyInvitations,
        this.#lastEndSurveys().map((d) => endSurveyColumns(d, requestId(d.requestNumber), ids)),
        { target: ['requestId'], update: END_SURVEY_UPDATED },
      ),
      insertOutboxMails(
        db,
        this.outbox.map(({ requestNumber, ...mail }) => ({ ...mail, requestId: requestId(requestNumber) })),
      ),
      insertMany(
        db,
        schema.shownWindows,
        this.shownWindows.map((record) => shownWindowColumns(record, requestId(record.number))),
        { target: ['requestId'], ignore: true },
      ),
    ]);
    await insertMany(
      db,
      schema.parkedMessages,
      this.parked.map((m) => parkedColumns(m, ids)),
    );
    // After the parked rows: an outcome may be about a message parked in this transaction.
    const parked = schema.parkedMessages;
    await Promise.all([
      ...this.outcomes.map((outcome) => {
        const { key, set } = outcomeColumns(outcome, ids);
        return db
          .update(parked)
          .set(set)
          .where(and(eq(parked.senderId, key.senderId), eq(parked.messageId, key.messageId)));
      }),
      insertMany(db, schema.planningChanges, planning),
      insertMany(db, schema.contactMoments, contact),
      insertMany(db, schema.stagnationEvents, stagnation),
    ]);
    return [...this.aanvragen.keys()];
  }

  /**
   * Writes the aanvragen's rows (inserted when new) and drops their kept statuses, which are now
   * out of date (the next look-up computes and keeps them again); returns the row id of every
   * aanvraag the other writes name.
   */
  async #writeAanvragen(): Promise<Map<string, number>> {
    const db = this.#db;
    const { requests, requestStatuses } = schema;
    const numbers = [...this.aanvragen.keys()];
    const named = new Set([
      ...this.messages.map((m) => m.requestNumber),
      ...this.links.map((l) => l.requestNumber),
      ...this.endSurveys.map((e) => e.requestNumber),
      ...this.outbox.map((m) => m.requestNumber),
      ...this.shownWindows.map((w) => w.number),
    ]);
    const unknown = [...named].filter((n) => !this.aanvragen.has(n) && !this.#requestIds.has(n));
    await Promise.all([
      insertMany(
        db,
        requests,
        [...this.aanvragen.values()].map((row) => requestColumns(row, this.#ids)),
        // A changed aanvraag moves to the end of the change feed (an insert gets it by default).
        { target: ['number'], update: REQUEST_UPDATED, set: { changePosition: CHANGE_POSITION_NOW } },
      ),
      numbers.length ? db.delete(requestStatuses).where(inArray(requestStatuses.number, numbers)) : undefined,
    ]);
    // New aanvragen got their ids just now; those only named (an eindmeting from the CSV) were stored before.
    const wanted = [...numbers.filter((n) => !this.#requestIds.has(n)), ...unknown];
    const read = wanted.length
      ? await db.select({ id: requests.id, number: requests.number }).from(requests).where(inArray(requests.number, wanted))
      : [];
    const ids = new Map(this.#requestIds);
    for (const { id, number } of read) ids.set(number, id);
    return ids;
  }

  #projections(requestId: (number: string) => number) {
    const all = this.messages.map((m) => projectionColumns(m, requestId(m.requestNumber), this.#ids));
    return {
      planning: all.flatMap((p) => p.planning),
      contact: all.flatMap((p) => p.contact),
      stagnation: all.flatMap((p) => p.stagnation),
    };
  }

  /** One decision per aanvraag, the last saved (one upsert may not touch a row twice). */
  #lastEndSurveys() {
    return [...new Map(this.endSurveys.map((e) => [e.requestNumber, e])).values()];
  }
}

/**
 * The latest COMPARABLE_SAMPLE aanvragen of a combi area and kind submitted before an instant and
 * not cancelled by then, with the day their work starts: the track & trace page's expected window
 * (comparableRows of the storage contract).
 */
export async function comparableRows(db: PgDb | PgTx, combiId: number, kind: string, at: string): Promise<ComparableRow[]> {
  const { requests } = schema;
  return (await db
    .select({ submittedAt: requests.submittedAt, startsOn: requests.startsOn, cancelledAt: requests.cancelledAt })
    .from(requests)
    .where(
      and(
        eq(requests.combiId, combiId),
        eq(requests.kind, kind),
        lt(requests.submittedAt, at),
        or(isNull(requests.cancelledAt), gte(requests.cancelledAt, at)),
      ),
    )
    .orderBy(desc(requests.submittedAt))
    .limit(COMPARABLE_SAMPLE)) as ComparableRow[];
}

/**
 * comparableChanges of the storage contract. Transaction ids are taken before commit, so a write
 * can become visible below a position already read (api/storage/postgres/change-feed.ts). The
 * cursor is therefore the oldest transaction still running when the read began (the snapshot's
 * xmin): everything below it had finished, and was read; what is at or above it is read again
 * next time. The cursor is taken before the rows, so no statement between the two can slip by.
 */
export async function comparableChanges(
  db: PgDb | PgTx,
  ids: DirectoryIds,
  cursor: string | undefined,
): Promise<{ rows: ComparableChange[]; cursor: string }> {
  const [snapshot] = await db.execute<{ xmin: string }>(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`);
  const next = snapshot?.xmin ?? cursor ?? '0';
  if (cursor === undefined) return { rows: [], cursor: next };
  const { requests } = schema;
  const rows = await db
    .select(comparableColumns(schema.requests))
    .from(requests)
    .where(sql`${requests.changePosition} >= ${cursor}::xid8`);
  return { rows: rows.map((row) => comparableChangeOf(ids, row)), cursor: next };
}

/** comparableGroup of the storage contract. */
export async function comparableGroup(
  db: PgDb | PgTx,
  ids: DirectoryIds,
  combi: string,
  kind: string,
): Promise<ComparableChange[]> {
  const combiId = ids.combiId(combi);
  if (combiId === undefined) return [];
  const { requests } = schema;
  const rows = await db
    .select(comparableColumns(schema.requests))
    .from(requests)
    .where(and(eq(requests.combiId, combiId), eq(requests.kind, kind), isNotNull(requests.submittedAt)));
  return rows.map((row) => comparableChangeOf(ids, row));
}

/**
 * Places in the log from the messages' identity sequence: one per message of the batch, reserved
 * with the batch's reads (readAhead); beyond those (parked messages applied) in blocks that double
 * (1, 2, 4, … 256), so a batch asks the database a few times at most, not once per message. Places
 * a transaction leaves unused (duplicates, refusals) are gaps, as a rollback leaves.
 */
class LogPlaces {
  readonly #db: PgTx;
  #reserved: number[] = [];
  #block = 1;

  constructor(db: PgTx) {
    this.#db = db;
  }

  async reserve(count: number): Promise<void> {
    if (count === 0) return;
    const rows = await this.#db.execute<{ seq: string }>(
      sql`select nextval(pg_get_serial_sequence('messages', 'seq')) as seq from generate_series(1, ${count})`,
    );
    this.#reserved.push(...rows.map((r) => Number(r.seq)));
    this.#reserved.sort((a, b) => a - b);
  }

  async next(): Promise<number> {
    if (this.#reserved.length === 0) {
      await this.reserve(this.#block);
      this.#block = Math.min(this.#block * 2, 256);
    }
    return this.#reserved.shift() as number;
  }
}
