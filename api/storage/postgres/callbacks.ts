/** "Bel mij terug" requests in PostgreSQL, one per answered survey (invitation or widget response). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { CallbackRequest, CallbackStore, NewOutboxMail } from '../../data/store.ts';
import { newCallbackRow, toCallbackRequest } from '../callback-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { PgDb } from './database.ts';
import { insertOutboxMails } from './outbox.ts';
import { callbackRequests as t } from './schema.ts';

export class PgCallbacks implements CallbackStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  /** The unique invitation decides: of two requests for one response at once, one is created. */
  async add(request: Omit<CallbackRequest, 'doneAt'>, webhooks: readonly NewOutboxMail[] = []): Promise<'created' | 'exists'> {
    return this.#db.transaction(async (tx) => {
      const rows = await tx
        .insert(t)
        .values(newCallbackRow(request, this.#ids))
        .onConflictDoNothing({ target: t.invitationId })
        .returning({ id: t.id });
      if (rows.length !== 1) return 'exists';
      await insertOutboxMails(tx, webhooks, request.createdAt);
      return 'created';
    });
  }

  async openFor(organisation: string | 'alle'): Promise<CallbackRequest[]> {
    const organisationId = organisation === 'alle' ? undefined : this.#ids.organisationId(organisation);
    if (organisation !== 'alle' && organisationId === undefined) return [];
    const rows = await this.#db
      .select()
      .from(t)
      .where(organisationId === undefined ? isNull(t.doneAt) : and(isNull(t.doneAt), eq(t.organisationId, organisationId)))
      // The id breaks ties of one moment, so the order does not depend on the plan.
      .orderBy(asc(t.createdAt), asc(t.id));
    return rows.map((r) => toCallbackRequest(r, this.#ids));
  }
}
