/**
 * The outbox on PostgreSQL (see OutboxStore). Several server processes run the outbox worker on
 * one database, so `due()` claims what it returns instead of only reading it.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
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
import { insertMany } from './bulk-insert.ts';
import type { PgDb, PgTx } from './database.ts';
import * as schema from './schema.ts';

/**
 * How long a claimed mail stays away from the other processes. A worker marks it sent, retried or
 * failed within its send timeout (seconds); one that dies mid-send leaves it claimed, and after the
 * lease another process sends it again with the same idempotency key, so the provider delivers it
 * once.
 */
export const OUTBOX_LEASE_MS = 5 * 60_000;

/** The advisory-lock class of provider batches (the two-key form; the aanvragen's is 2312). */
const BATCH_LOCK = 2313;

/** Puts mails in the outbox inside a transaction (ingestion's); one whose key is there already is ignored. */
export async function insertOutboxMails(db: PgDb | PgTx, mails: readonly NewOutboxMail[], now = new Date()): Promise<void> {
  await insertMany(
    db,
    schema.outbox,
    mails.map((mail) => newOutboxRow(mail, now)),
    { target: ['idempotencyKey'], ignore: true },
  );
}

export class PgOutbox implements OutboxStore {
  readonly #db: PgDb;
  readonly #leaseMs: number;

  constructor(db: PgDb, leaseMs = OUTBOX_LEASE_MS) {
    this.#db = db;
    this.#leaseMs = leaseMs;
  }

  enqueue(mail: NewOutboxMail): Promise<void> {
    return insertOutboxMails(this.#db, [mail]);
  }

  /**
   * Claims the due mails, oldest first: locked with SKIP LOCKED so two processes never take the
   * same row, and leased (next attempt moved the lease on) in the same transaction, so once it
   * commits no other process finds them due until the lease runs out. A batch goes to one process
   * whole: the first to take its advisory lock (the others pass its rows by) claims the rest of it
   * too, also what the limit cut off. (The lock is tried on every due row the scan looks at, so a
   * claim may hold back a batch it does not take until it commits: that batch goes at the next poll.)
   */
  async due(limit: number, now: Date, channels?: readonly OutboxChannel[]): Promise<OutboxMail[]> {
    const { outbox } = schema;
    const lease = new Date(now.getTime() + this.#leaseMs).toISOString();
    const rows = await this.#db.transaction(async (tx) => {
      const claimable = tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            dueCondition(outbox, now, channels),
            sql`case when ${outbox.batchKey} is null then true
              else pg_try_advisory_xact_lock(${BATCH_LOCK}, hashtext(${outbox.batchKey})) end`,
          ),
        )
        .orderBy(asc(outbox.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      const claimed = await tx
        .update(outbox)
        .set({ nextAttemptAt: lease })
        .where(inArray(outbox.id, claimable))
        .returning(mailColumns(outbox));
      const others = restOfBatches(outbox, claimed);
      if (!others) return claimed;
      const rest = await tx.update(outbox).set({ nextAttemptAt: lease }).where(others).returning(mailColumns(outbox));
      return [...claimed, ...rest];
    });
    // RETURNING keeps no order.
    return rows.sort((a, b) => a.id - b.id).map(outboxMail);
  }

  async startBatch(ids: readonly number[], batchKey: string): Promise<void> {
    await this.#db
      .update(schema.outbox)
      .set({ batchKey })
      .where(inArray(schema.outbox.id, [...ids]));
  }

  /** One statement for the batch: the ids and provider ids as a JSON list. */
  async markSent(sent: readonly { id: number; providerId: string }[], at: Date): Promise<void> {
    if (sent.length === 0) return;
    const { outbox } = schema;
    const { providerId: _, ...columns } = sentColumns('', at);
    const list = sql`(select * from jsonb_to_recordset(${JSON.stringify(sent)}::jsonb) as v(id integer, "providerId" text)) v`;
    await this.#db
      .update(outbox)
      .set({ ...columns, providerId: sql`v."providerId"` })
      .from(list)
      .where(eq(outbox.id, sql`v.id`));
  }

  async markRetry(id: number, error: string, nextAttemptAt: Date, leaveBatch = false): Promise<void> {
    await this.#db
      .update(schema.outbox)
      .set({
        attempts: sql`${schema.outbox.attempts} + 1`,
        lastError: error,
        nextAttemptAt: nextAttemptAt.toISOString(),
        ...(leaveBatch && { batchKey: null }),
      })
      .where(eq(schema.outbox.id, id));
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.#db.update(schema.outbox).set({ status: 'failed', lastError: error }).where(eq(schema.outbox.id, id));
  }

  async counts() {
    const rows = await this.#db
      .select({ status: schema.outbox.status, n: count() })
      .from(schema.outbox)
      .groupBy(schema.outbox.status);
    return outboxCounts(rows);
  }

  async prune(before: Date, options?: PruneOptions): Promise<number> {
    const { outbox } = schema;
    return pruneInBatches(async (batch) => {
      const oldest = this.#db.select({ id: outbox.id }).from(outbox).where(prunableCondition(outbox, before)).limit(batch);
      return (await this.#db.delete(outbox).where(inArray(outbox.id, oldest)).returning({ id: outbox.id })).length;
    }, options);
  }
}
