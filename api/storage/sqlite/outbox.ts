/** The outbox in SQLite (see OutboxStore). */
import { asc, count, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import {
  dueCondition,
  mailColumns,
  newOutboxRow,
  outboxCounts,
  outboxMail,
  type PruneOptions,
  prunableCondition,
  pruneInBatches,
  restOfBatches,
  sentColumns,
} from '../outbox-rows.ts';
import type { NewOutboxMail, OutboxChannel, OutboxMail, OutboxStore } from '../store.ts';
import { params } from './placeholders.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;

/** Puts rows in the outbox inside another writer's transaction (`tx`); one whose key is there already is ignored. */
export function insertOutboxRows(tx: Pick<Db, 'insert'>, mails: readonly NewOutboxMail[], now: Date): void {
  if (mails.length === 0) return;
  tx.insert(schema.outbox)
    .values(mails.map((mail) => newOutboxRow(mail, now)))
    .onConflictDoNothing({ target: schema.outbox.idempotencyKey })
    .run();
}

/** Every column of an outbox row, for writing a row anew (markSent). */
const OUTBOX_COLUMNS = Object.keys(getTableColumns(schema.outbox)) as (keyof typeof schema.outbox.$inferSelect)[];

export class SqliteOutbox implements OutboxStore {
  readonly #db: Db;
  readonly #insert;
  /** markSent's statements, prepared once: built and prepared per mail they took 220 µs a mail. */
  readonly #sent;

  constructor(db: Db) {
    this.#db = db;
    const { outbox } = schema;
    const id = sql.placeholder('id');
    this.#sent = {
      row: db.select().from(outbox).where(eq(outbox.id, id)).prepare(),
      remove: db.delete(outbox).where(eq(outbox.id, id)).prepare(),
      write: db
        .insert(outbox)
        .values(params(...OUTBOX_COLUMNS))
        .prepare(),
    };
    this.#insert = db
      .insert(schema.outbox)
      .values(
        params('idempotencyKey', 'kind', 'requestId', 'to', 'subject', 'html', 'text', 'headers', 'nextAttemptAt', 'channel'),
      )
      .onConflictDoNothing({ target: schema.outbox.idempotencyKey })
      .prepare();
  }

  /** Synchronous, for use inside the ingestion transaction. */
  enqueueSync(mail: NewOutboxMail, now = new Date()): void {
    this.#insert.run(newOutboxRow(mail, now));
  }

  async enqueue(mail: NewOutboxMail): Promise<void> {
    this.enqueueSync(mail);
  }

  async due(limit: number, now: Date, channels?: readonly OutboxChannel[]): Promise<OutboxMail[]> {
    const { outbox } = schema;
    const rows = this.#db
      .select(mailColumns(outbox))
      .from(outbox)
      .where(dueCondition(outbox, now, channels))
      .orderBy(asc(outbox.id))
      .limit(limit)
      .all();
    const rest = restOfBatches(outbox, rows);
    if (rest) {
      rows.push(...this.#db.select(mailColumns(outbox)).from(outbox).where(rest).all());
      rows.sort((a, b) => a.id - b.id);
    }
    return rows.map(outboxMail);
  }

  async startBatch(ids: readonly number[], batchKey: string): Promise<void> {
    this.#db
      .update(schema.outbox)
      .set({ batchKey })
      .where(inArray(schema.outbox.id, [...ids]))
      .run();
  }

  /**
   * One transaction for the batch, and each row written anew rather than updated: SQLite leaves a
   * page that an update shrank nearly empty (a mail with its bodies fills a 4 KB page; without
   * them it needs about 400 B), whereas a delete merges such pages. Measured on 20,000 mails: 4,106
   * B per sent row updated, 404 B rewritten, at about the same speed.
   */
  async markSent(sent: readonly { id: number; providerId: string }[], at: Date): Promise<void> {
    const { row: rowOf, remove, write } = this.#sent;
    this.#db.transaction(() => {
      for (const { id, providerId } of sent) {
        const row = rowOf.get({ id });
        if (!row) continue;
        remove.run({ id });
        write.run({ ...row, ...sentColumns(providerId, at) });
      }
    });
  }

  async markRetry(id: number, error: string, nextAttemptAt: Date, leaveBatch = false): Promise<void> {
    const row = this.#db.select({ attempts: schema.outbox.attempts }).from(schema.outbox).where(eq(schema.outbox.id, id)).get();
    this.#db
      .update(schema.outbox)
      .set({
        attempts: (row?.attempts ?? 0) + 1,
        lastError: error,
        nextAttemptAt: nextAttemptAt.toISOString(),
        ...(leaveBatch && { batchKey: null }),
      })
      .where(eq(schema.outbox.id, id))
      .run();
  }

  async markFailed(id: number, error: string): Promise<void> {
    this.#db.update(schema.outbox).set({ status: 'failed', lastError: error }).where(eq(schema.outbox.id, id)).run();
  }

  async counts() {
    const rows = this.#db
      .select({ status: schema.outbox.status, n: count() })
      .from(schema.outbox)
      .groupBy(schema.outbox.status)
      .all();
    return outboxCounts(rows);
  }

  async prune(before: Date, options?: PruneOptions): Promise<number> {
    const { outbox } = schema;
    // One batch is one short synchronous statement: requests are answered between batches.
    return pruneInBatches(async (batch) => {
      const oldest = this.#db.select({ id: outbox.id }).from(outbox).where(prunableCondition(outbox, before)).limit(batch);
      return this.#db.delete(outbox).where(inArray(outbox.id, oldest)).run().changes;
    }, options);
  }
}
