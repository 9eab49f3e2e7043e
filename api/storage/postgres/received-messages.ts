/** The sender's view of its own messages in PostgreSQL: SQL only (api/storage/received-message-rows.ts maps the rows). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { columnsOf, PARKED_LOOK_UP, parkedReceived } from '../received-message-rows.ts';
import type { ReceivedMessage, ReceivedMessageStore } from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const { parkedMessages: p, messages: m } = schema;
const PARKED = columnsOf(p, PARKED_LOOK_UP);

export class PgReceivedMessages implements ReceivedMessageStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async find(senderId: number, messageId: string): Promise<ReceivedMessage | undefined> {
    // A parked message keeps its row once applied: it tells when it was parked and what became of it.
    // Both read at once: one round trip, whichever table holds the message.
    const [[parked], [logged]] = await Promise.all([
      this.#db
        .select(PARKED)
        .from(p)
        .where(and(eq(p.senderId, senderId), eq(p.messageId, messageId))),
      this.#db
        .select({ messageId: m.messageId, requestNumber: m.requestNumber, type: m.type, receivedAt: m.receivedAt })
        .from(m)
        .where(and(eq(m.senderId, senderId), eq(m.messageId, messageId))),
    ]);
    if (parked) return parkedReceived(parked);
    return logged && { ...logged, parked: null };
  }

  async waiting(senderId: number, limit: number): Promise<ReceivedMessage[]> {
    const rows = await this.#db
      .select(PARKED)
      .from(p)
      .where(and(eq(p.senderId, senderId), isNull(p.resolvedAt)))
      .orderBy(asc(p.id))
      .limit(limit);
    return rows.map(parkedReceived);
  }
}
