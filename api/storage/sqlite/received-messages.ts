/** The sender's view of its own messages in SQLite: SQL only (api/storage/received-message-rows.ts maps the rows). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { columnsOf, PARKED_LOOK_UP, parkedReceived } from '../received-message-rows.ts';
import type { ReceivedMessage, ReceivedMessageStore } from '../store.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const { parkedMessages: p, messages: m } = schema;
const PARKED = columnsOf(p, PARKED_LOOK_UP);

export class SqliteReceivedMessages implements ReceivedMessageStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async find(senderId: number, messageId: string): Promise<ReceivedMessage | undefined> {
    // A parked message keeps its row once applied: it tells when it was parked and what became of it.
    const parked = this.#db
      .select(PARKED)
      .from(p)
      .where(and(eq(p.senderId, senderId), eq(p.messageId, messageId)))
      .get();
    if (parked) return parkedReceived(parked);
    const logged = this.#db
      .select({ messageId: m.messageId, requestNumber: m.requestNumber, type: m.type, receivedAt: m.receivedAt })
      .from(m)
      .where(and(eq(m.senderId, senderId), eq(m.messageId, messageId)))
      .get();
    return logged && { ...logged, parked: null };
  }

  async waiting(senderId: number, limit: number): Promise<ReceivedMessage[]> {
    return this.#db
      .select(PARKED)
      .from(p)
      .where(and(eq(p.senderId, senderId), isNull(p.resolvedAt)))
      .orderBy(asc(p.id))
      .limit(limit)
      .all()
      .map(parkedReceived);
  }
}
