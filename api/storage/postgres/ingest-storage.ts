/**
 * The ingestion side of api/storage/contract.ts on PostgreSQL: SQL only. Several server processes
 * ingest into one database, so a transaction here is a real `BEGIN … COMMIT`:
 * 1. the aanvragen a batch is about are locked until the commit, all at once at its start
 *    (`lockAanvragen`, in the order of their keys, so two batches over the same aanvragen wait
 *    for each other instead of deadlocking), or one by one by `aanvraag(number)`: a
 *    transaction-scoped advisory lock on the number (which also covers a number not stored yet,
 *    where a row lock has nothing to hold) and `select … for update` on its row (so writers that
 *    do not take the advisory lock wait too). Another ingestion of the same aanvraag, in this
 *    process or another, waits for the commit and then reads what it wrote;
 * 2. reads run in the transaction and see what was committed; the transaction's own writes are
 *    collected (api/storage/collected-writes.ts) and written at the end of the work, in the order
 *    the foreign keys need, so reads never see them, as the contract says;
 * 3. a message's place in the log comes from the database's sequence, so places are unique across
 *    processes (with gaps where a transaction rolled back, and not in commit order);
 * 4. a transaction that loses a race (the same message ingested by two processes at once, about
 *    different aanvragen: the unique index refuses the second; or a deadlock with a writer that
 *    locks rows in another order) runs its work again from the start; the second run reads what
 *    the winner committed (the message is then a duplicate).
 */
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { LoggedMessage } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import { CollectedWrites } from '../collected-writes.ts';
import type { EndSurveyRecordStatus, IngestStorage, IngestTransaction } from '../contract.ts';
import { endSurveyColumns, messageColumns, projectionColumns, requestColumns, workOrderColumns } from '../ingest-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { PgDb, PgTx } from './database.ts';
import { insertOutboxMails } from './outbox.ts';
import * as schema from './schema.ts';

export type PgIngestParts = {
  db: PgDb;
  ids: DirectoryIds;
  /** After each commit, with the aanvragen it changed (the status cache drops them). */
  onCommitted?: (numbers: string[]) => void;
};

/** Runs of one transaction at most: the first, and again after a lost race (twice in a row is rare). */
const MAX_RUNS = 3;
/** The advisory-lock class of aanvragen (the two-key form, apart from the migrations' one-key lock). */
const AANVRAAG_LOCK = 2312;
/** Rows per insert statement, well below PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 1000;

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

/** A deadlock, or the unique index of the log refusing a message another transaction just committed. */
function lostRace(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; constraint_name?: string } }).cause ?? (error as { code?: string });
  const { code, constraint_name } = cause as { code?: string; constraint_name?: string };
  return code === '40P01' || code === '40001' || (code === '23505' && constraint_name === 'messages_sender_message');
}

class PgIngestTransaction extends CollectedWrites implements IngestTransaction {
  readonly #db: PgTx;
  readonly #ids: DirectoryIds;
  /** Row ids of the aanvragen read and found, by number. */
  readonly #requestIds = new Map<string, number>();

  constructor(db: PgTx, ids: DirectoryIds) {
    super(sequenceBlocks(db));
    this.#db = db;
    this.#ids = ids;
  }

  async loggedBodyHash(sender: string, messageId: string): Promise<string | undefined> {
    const senderId = this.#ids.organisationId(sender);
    if (senderId === undefined) return undefined;
    const { messages } = schema;
    const [row] = await this.#db
      .select({ bodyHash: messages.bodyHash })
      .from(messages)
      .where(and(eq(messages.senderId, senderId), eq(messages.messageId, messageId)));
    return row?.bodyHash;
  }

  /** Takes the aanvragen's advisory locks in the order of their keys, so two such calls never deadlock. */
  async lockAanvragen(numbers: readonly string[]): Promise<void> {
    if (numbers.length === 0) return;
    await this.#db.execute(sql`
      select pg_advisory_xact_lock(${AANVRAAG_LOCK}, key)
      from (select distinct hashtext(n) as key from unnest(array[${sql.join(
        numbers.map((n) => sql`${n}`),
        sql`, `,
      )}]::text[]) n order by key) keys`);
  }

  async aanvraag(number: string): Promise<RequestState | undefined> {
    const { requests } = schema;
    // Two statements, sent together: the select takes its snapshot after the lock is granted, so
    // it sees what the transaction it waited for committed.
    const [, rows] = await Promise.all([
      this.#db.execute(sql`select pg_advisory_xact_lock(${AANVRAAG_LOCK}, hashtext(${number}))`),
      this.#db.select({ id: requests.id, state: requests.state }).from(requests).where(eq(requests.number, number)).for('update'),
    ]);
    const [row] = rows;
    if (row) this.#requestIds.set(number, row.id);
    return row?.state as RequestState | undefined;
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

  async notificationMode(number: string, email: string) {
    const { notificationPreferences: prefs, requests } = schema;
    const [row] = await this.#db
      .select({ mode: prefs.mode })
      .from(prefs)
      .innerJoin(requests, eq(requests.id, prefs.requestId))
      .where(and(eq(requests.number, number), eq(prefs.email, email.toLowerCase())));
    return row?.mode ?? 'alles';
  }

  async endSurvey(number: string) {
    const { endSurveyInvitations: invitations, requests } = schema;
    const [row] = await this.#db
      .select({ status: invitations.status, skipReason: invitations.skipReason })
      .from(invitations)
      .innerJoin(requests, eq(requests.id, invitations.requestId))
      .where(eq(requests.number, number));
    return row as { status: EndSurveyRecordStatus; skipReason: string | null } | undefined;
  }

  async lastEndSurveyTo(email: string): Promise<Date | undefined> {
    const { endSurveyInvitations: invitations } = schema;
    const [row] = await this.#db
      .select({ createdAt: invitations.createdAt })
      .from(invitations)
      .where(and(eq(invitations.email, email), eq(invitations.status, 'uitgenodigd')))
      .orderBy(desc(invitations.createdAt))
      .limit(1);
    return row ? new Date(row.createdAt) : undefined;
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
    // Sent together (postgres.js pipelines a transaction's statements, in order): the first
    // failure rejects, and PostgreSQL refuses the statements after it.
    await Promise.all([
      ...this.#workOrders(requestId),
      ...inserts(
        this.messages.map((m) => messageColumns(m, ids)),
        (rows) => db.insert(schema.messages).values(rows),
      ),
      ...inserts(planning, (rows) => db.insert(schema.planningChanges).values(rows)),
      ...inserts(contact, (rows) => db.insert(schema.contactMoments).values(rows)),
      ...inserts(stagnation, (rows) =>
        db.insert(schema.stagnationEvents).values(rows as Insert<typeof schema.stagnationEvents>[]),
      ),
      ...inserts(
        this.links.map(({ requestNumber, ...link }) => ({
          ...link,
          requestId: requestId(requestNumber),
          expiresAt: link.expiresAt.toISOString(),
        })),
        (rows) => db.insert(schema.accessLinks).values(rows),
      ),
      ...inserts(
        this.#lastEndSurveys().map((d) => endSurveyColumns(d, requestId(d.requestNumber), ids)),
        (rows) =>
          db
            .insert(schema.endSurveyInvitations)
            .values(rows)
            .onConflictDoUpdate({ target: schema.endSurveyInvitations.requestId, set: excluded(ENDSURVEY_UPDATED) }),
      ),
      ...inserts(
        this.outbox.map(({ requestNumber, ...mail }) => ({ ...mail, requestId: requestId(requestNumber) })),
        (rows) => insertOutboxMails(db, rows),
      ),
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
    const rows = [...this.aanvragen.values()];
    const named = new Set([
      ...this.messages.map((m) => m.requestNumber),
      ...this.links.map((l) => l.requestNumber),
      ...this.endSurveys.map((e) => e.requestNumber),
      ...this.outbox.map((m) => m.requestNumber),
    ]);
    const unknown = [...named].filter((n) => !this.aanvragen.has(n) && !this.#requestIds.has(n));
    const [written, read] = await Promise.all([
      Promise.all(
        inserts(
          rows.map((row) => requestColumns(row, this.#ids)),
          (values) =>
            db
              .insert(requests)
              .values(values)
              .onConflictDoUpdate({ target: requests.number, set: excluded(REQUEST_UPDATED) })
              .returning({ id: requests.id, number: requests.number }),
        ),
      ),
      unknown.length
        ? db.select({ id: requests.id, number: requests.number }).from(requests).where(inArray(requests.number, unknown))
        : [],
      rows.length ? db.delete(requestStatuses).where(inArray(requestStatuses.number, [...this.aanvragen.keys()])) : undefined,
    ]);
    const ids = new Map(this.#requestIds);
    for (const { id, number } of [...written.flat(), ...read]) ids.set(number, id);
    return ids;
  }

  #workOrders(requestId: (number: string) => number) {
    const rows = [...this.aanvragen.values()].flatMap((a) =>
      a.workOrders.map((wo) => workOrderColumns(requestId(a.number), wo, this.#ids)),
    );
    const { workOrders } = schema;
    return inserts(rows, (values) =>
      this.#db
        .insert(workOrders)
        .values(values as Insert<typeof workOrders>[])
        .onConflictDoUpdate({ target: [workOrders.requestId, workOrders.externalId], set: excluded(WORK_ORDER_UPDATED) }),
    );
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
 * Places in the log from the messages' identity sequence. Reserved in blocks that double (1, 2,
 * 4, … 256) so a large batch asks the database a few times, not once per message; places a
 * transaction leaves unused are gaps, as a rollback leaves.
 */
function sequenceBlocks(db: PgTx): () => Promise<number> {
  let reserved: number[] = [];
  let block = 1;
  return async () => {
    if (reserved.length === 0) {
      const rows = await db.execute<{ seq: string }>(
        sql`select nextval(pg_get_serial_sequence('messages', 'seq')) as seq from generate_series(1, ${block})`,
      );
      reserved = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
      block = Math.min(block * 2, 256);
    }
    return reserved.shift() as number;
  };
}

/** A table's row as Drizzle inserts it (the contract's rows say `string` where the schema lists the values). */
type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

/** One insert per ROWS_PER_INSERT rows; none for no rows. */
function inserts<R, Q>(rows: readonly R[], insert: (rows: R[]) => Q): Q[] {
  const statements: Q[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) statements.push(insert(rows.slice(i, i + ROWS_PER_INSERT)));
  return statements;
}

/** `set column = excluded.column` for an upsert, for each of these columns. */
function excluded(columns: readonly PgColumn[]): Record<string, SQL> {
  return Object.fromEntries(columns.map((c) => [c.name, sql.raw(`excluded.${toSnakeCase(c.name)}`)]));
}

const { requests: r, workOrders: w, endSurveyInvitations: e } = schema;
const REQUEST_UPDATED = [
  r.combiId,
  r.kind,
  r.applicantName,
  r.applicantEmail,
  r.applicantPhone,
  r.street,
  r.houseNumber,
  r.houseNumberAddition,
  r.postcode,
  r.city,
  r.phase,
  r.submittedAt,
  r.deliveredAt,
  r.cancelledAt,
  r.lastOccurredAt,
  r.updatedAt,
  r.state,
];
const WORK_ORDER_UPDATED = [
  w.status,
  w.contractorId,
  w.quickscanAt,
  w.quoteSentAt,
  w.quoteDecision,
  w.handedToCombiAt,
  w.completedAt,
  w.cancelledAt,
];
const ENDSURVEY_UPDATED = [
  e.id,
  e.email,
  e.contractorId,
  e.trigger,
  e.status,
  e.skipReason,
  e.secretHash,
  e.createdAt,
  e.expiresAt,
];
