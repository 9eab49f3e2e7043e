/**
 * Helpdesk contacts in PostgreSQL, SQL only: the contact and its survey invitation in the outbox,
 * in one transaction; what is sent is the core's (api/core/helpdesk-survey.ts). A contact is
 * recorded by `insert … on conflict do nothing`, so two processes logging the same contact at
 * once record it once, and the second finds the first.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { HelpdeskContactRow, HelpdeskContactStorage, HelpdeskMailRow, HelpdeskTransaction } from '../contract.ts';
import { helpdeskRecord, helpdeskValues } from '../helpdesk-rows.ts';
import { newOutboxRow } from '../outbox-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { HelpdeskContactRecord } from '../store.ts';
import type { PgDb, PgTx as Tx } from './database.ts';
import * as schema from './schema.ts';

const t = schema.helpdeskContacts;

export class PgHelpdesk implements HelpdeskContactStorage {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  /** Logging a contact is the application core's (api/core/helpdesk-survey.ts), run over this storage. */
  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  transaction<T>(work: (tx: HelpdeskTransaction) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) => work(new PgHelpdeskTransaction(tx, this.#ids)));
  }

  /** Marks the survey invitation used; false when it was used already. */
  async use(id: string, at: Date): Promise<boolean> {
    const used = await this.#db
      .update(t)
      .set({ usedAt: at.toISOString() })
      .where(and(eq(t.id, id), isNull(t.usedAt)))
      .returning({ id: t.id });
    return used.length === 1;
  }

  async byId(id: string): Promise<HelpdeskContactRecord | undefined> {
    const [row] = await this.#db.select().from(t).where(eq(t.id, id));
    return row ? helpdeskRecord(row, this.#ids) : undefined;
  }
}

class PgHelpdeskTransaction implements HelpdeskTransaction {
  readonly #tx: Tx;
  readonly #ids: DirectoryIds;

  constructor(tx: Tx, ids: DirectoryIds) {
    this.#tx = tx;
    this.#ids = ids;
  }

  async logContact(row: HelpdeskContactRow) {
    const values = helpdeskValues(row, this.#ids);
    const [added] = await this.#tx
      .insert(t)
      .values(values)
      .onConflictDoNothing({ target: [t.organisationId, t.contactId] })
      .returning();
    if (added) return { added: true as const, contact: helpdeskRecord(added, this.#ids) };
    // The conflict waited for the other transaction to commit; this statement sees its row.
    const [first] = await this.#tx
      .select()
      .from(t)
      .where(and(eq(t.organisationId, values.organisationId), eq(t.contactId, values.contactId)));
    if (!first) throw new Error(`helpdeskcontact ${values.contactId} botste en is toch niet gevonden`);
    return { added: false as const, contact: helpdeskRecord(first, this.#ids), bodyHash: first.bodyHash };
  }

  async customerLanguage(email: string) {
    const c = schema.customerLanguages;
    const [row] = await this.#tx.select({ language: c.language }).from(c).where(eq(c.email, email.toLowerCase()));
    return row?.language ?? 'nl';
  }

  async enqueue({ requestNumber, ...mail }: HelpdeskMailRow): Promise<void> {
    const requestId =
      requestNumber === null
        ? null
        : sql`(select ${schema.requests.id} from ${schema.requests} where ${schema.requests.number} = ${requestNumber})`;
    await this.#tx
      .insert(schema.outbox)
      .values({ ...newOutboxRow(mail, new Date()), requestId })
      .onConflictDoNothing({ target: schema.outbox.idempotencyKey });
  }
}
