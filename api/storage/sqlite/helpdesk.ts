/**
 * Helpdesk contacts in SQLite, SQL only: the contact with the route of its survey invitation (or
 * the reason there is none), and the invitation in the outbox, written in one transaction. What
 * is sent and when is the core's (api/core/helpdesk-survey.ts). As for ingestion
 * (docs/decisions/0023-application-core.md), a transaction runs one at a time, reads at once and
 * writes what it collected in one synchronous transaction when the work resolves.
 */
import type Database from 'better-sqlite3';
import { and, eq, isNull } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { HelpdeskContactRow, HelpdeskContactStorage, HelpdeskMailRow, HelpdeskTransaction } from '../contract.ts';
import { helpdeskRecord, helpdeskValues } from '../helpdesk-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { HelpdeskContactRecord } from '../store.ts';
import type { SqliteOutbox } from './outbox.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;

export class SqliteHelpdesk implements HelpdeskContactStorage {
  readonly #sqlite: Database.Database;
  readonly #db: Db;
  readonly #outbox: SqliteOutbox;
  readonly #ids: DirectoryIds;
  #queue: Promise<unknown> = Promise.resolve();

  /** Logging a contact is the application core's (api/core/helpdesk-survey.ts), run over this storage. */
  constructor(sqlite: Database.Database, db: Db, outbox: SqliteOutbox, ids: DirectoryIds) {
    this.#sqlite = sqlite;
    this.#db = db;
    this.#outbox = outbox;
    this.#ids = ids;
  }

  transaction<T>(work: (tx: HelpdeskTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      const tx = new SqliteHelpdeskTransaction(this.#db, this.#ids);
      const result = await work(tx);
      this.#sqlite.transaction(() => tx.commit(this.#outbox))();
      return result;
    };
    const result = this.#queue.then(run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Marks the survey invitation used; false when it was used already. */
  async use(id: string, at: Date): Promise<boolean> {
    const t = schema.helpdeskContacts;
    const result = this.#db
      .update(t)
      .set({ usedAt: at.toISOString() })
      .where(and(eq(t.id, id), isNull(t.usedAt)))
      .run();
    return result.changes === 1;
  }

  async byId(id: string): Promise<HelpdeskContactRecord | undefined> {
    const row = this.#db.select().from(schema.helpdeskContacts).where(eq(schema.helpdeskContacts.id, id)).get();
    return row ? helpdeskRecord(row, this.#ids) : undefined;
  }
}

class SqliteHelpdeskTransaction implements HelpdeskTransaction {
  readonly #db: Db;
  readonly #ids: DirectoryIds;
  readonly #contacts: ReturnType<typeof helpdeskValues>[] = [];
  readonly #mails: HelpdeskMailRow[] = [];

  constructor(db: Db, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async logContact(row: HelpdeskContactRow) {
    const t = schema.helpdeskContacts;
    const values = helpdeskValues(row, this.#ids);
    // Transactions run one at a time (the queue), so what is not there now is not there at the commit.
    const first = this.#db
      .select()
      .from(t)
      .where(and(eq(t.organisationId, values.organisationId), eq(t.contactId, values.contactId)))
      .get();
    if (first) return { added: false as const, contact: helpdeskRecord(first, this.#ids), bodyHash: first.bodyHash };
    this.#contacts.push(values);
    return { added: true as const, contact: helpdeskRecord({ ...values, usedAt: null }, this.#ids) };
  }

  async enqueue(mail: HelpdeskMailRow): Promise<void> {
    this.#mails.push(mail);
  }

  async customerLanguage(email: string) {
    const c = schema.customerLanguages;
    return this.#db.select({ language: c.language }).from(c).where(eq(c.email, email.toLowerCase())).get()?.language ?? 'nl';
  }

  /** Writes what was collected; runs inside one SQLite transaction. */
  commit(outbox: SqliteOutbox): void {
    for (const values of this.#contacts) this.#db.insert(schema.helpdeskContacts).values(values).run();
    for (const { requestNumber, ...mail } of this.#mails) {
      const requestId =
        requestNumber === null
          ? null
          : (this.#db
              .select({ id: schema.requests.id })
              .from(schema.requests)
              .where(eq(schema.requests.number, requestNumber))
              .get()?.id ?? null);
      outbox.enqueueSync({ ...mail, requestId });
    }
  }
}
