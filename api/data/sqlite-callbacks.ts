/** "Bel mij terug" requests in SQLite, one per answered survey (invitation or widget response). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { newCallbackRow, toCallbackRequest } from '../storage/callback-rows.ts';
import type { DirectoryIds } from '../storage/scope-sql.ts';
import * as schema from './schema.ts';
import { insertOutboxRows } from './sqlite-outbox.ts';
import type { CallbackRequest, CallbackStore, NewOutboxMail } from './store.ts';

type Db = BetterSQLite3Database<typeof schema>;

export class SqliteCallbacks implements CallbackStore {
  readonly #db: Db;
  readonly #ids: DirectoryIds;

  constructor(db: Db, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async add(request: Omit<CallbackRequest, 'doneAt'>, webhooks: readonly NewOutboxMail[] = []): Promise<'created' | 'exists'> {
    return this.#db.transaction((tx) => {
      const result = tx
        .insert(schema.callbackRequests)
        .values(newCallbackRow(request, this.#ids))
        .onConflictDoNothing({ target: schema.callbackRequests.invitationId })
        .run();
      if (result.changes !== 1) return 'exists';
      insertOutboxRows(tx, webhooks, request.createdAt);
      return 'created';
    });
  }

  async openFor(organisation: string | 'alle'): Promise<CallbackRequest[]> {
    const t = schema.callbackRequests;
    const organisationId = organisation === 'alle' ? undefined : this.#ids.organisationId(organisation);
    if (organisation !== 'alle' && organisationId === undefined) return [];
    return this.#db
      .select()
      .from(t)
      .where(organisationId === undefined ? isNull(t.doneAt) : and(isNull(t.doneAt), eq(t.organisationId, organisationId)))
      .orderBy(asc(t.createdAt))
      .all()
      .map((r) => toCallbackRequest(r, this.#ids));
  }
}
