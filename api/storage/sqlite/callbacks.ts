/** "Bel mij terug" requests in SQLite, one per answered survey (invitation or widget response). */
import { and, asc, eq, gte, isNotNull, isNull, or } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { CallbackClose } from '../../../domain/callback-handling.ts';
import { closeColumns, newCallbackRow, refusal, toCallbackRequest, toCallbackTask, toHandlingRow } from '../callback-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { CallbackClaimResult, CallbackRequest, CallbackStore, CallbackTask, NewOutboxMail } from '../store.ts';
import { insertOutboxRows } from './outbox.ts';
import * as schema from './schema.ts';

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

  /** The organisation's open requests (one when `id` is given), each with its claimant. */
  #tasks(organisation: string, id?: string): CallbackTask[] {
    const t = schema.callbackRequests;
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return [];
    return this.#db
      .select({ request: t, claimedAt: t.claimedAt, claimantId: schema.staffMembers.id, claimantName: schema.staffMembers.name })
      .from(t)
      .leftJoin(schema.staffMembers, eq(schema.staffMembers.id, t.claimedBy))
      .where(and(eq(t.organisationId, organisationId), isNull(t.doneAt), id === undefined ? undefined : eq(t.id, id)))
      .orderBy(asc(t.createdAt), asc(t.id))
      .all()
      .map((r) => toCallbackTask(r, this.#ids));
  }

  async openTasks(organisation: string): Promise<CallbackTask[]> {
    return this.#tasks(organisation);
  }

  /** The open request of the organisation that nobody else claimed: the one condition of a claim and a close. */
  #free(organisationId: number, id: string, staffId: number) {
    const t = schema.callbackRequests;
    return and(
      eq(t.id, id),
      eq(t.organisationId, organisationId),
      isNull(t.doneAt),
      or(isNull(t.claimedBy), eq(t.claimedBy, staffId)),
    );
  }

  /** One conditional update; when it changed nothing, the request as it is now says why. */
  #update(organisation: string, id: string, staffId: number, set: Partial<typeof schema.callbackRequests.$inferInsert>) {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return { result: 'unknown' } as const;
    const changed = this.#db
      .update(schema.callbackRequests)
      .set(set)
      .where(this.#free(organisationId, id, staffId))
      .run().changes;
    return changed === 1 ? ({ result: 'done' } as const) : refusal(this.#tasks(organisation, id)[0]);
  }

  async claim(organisation: string, id: string, staffId: number, at: Date): Promise<CallbackClaimResult> {
    return this.#update(organisation, id, staffId, { claimedBy: staffId, claimedAt: at.toISOString() });
  }

  async unclaim(organisation: string, id: string, staffId: number | 'anyone'): Promise<'released' | 'not-yours' | 'unknown'> {
    const t = schema.callbackRequests;
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return 'unknown';
    const changed = this.#db
      .update(t)
      .set({ claimedBy: null, claimedAt: null })
      .where(
        and(
          eq(t.id, id),
          eq(t.organisationId, organisationId),
          isNull(t.doneAt),
          staffId === 'anyone' ? isNotNull(t.claimedBy) : eq(t.claimedBy, staffId),
        ),
      )
      .run().changes;
    if (changed === 1) return 'released';
    return this.#tasks(organisation, id)[0] ? 'not-yours' : 'unknown';
  }

  async close(organisation: string, id: string, staffId: number, close: CallbackClose, at: Date): Promise<CallbackClaimResult> {
    return this.#update(organisation, id, staffId, closeColumns(staffId, close, at));
  }

  async handling(organisation: string, since: Date) {
    const t = schema.callbackRequests;
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return [];
    return this.#db
      .select({ createdAt: t.createdAt, claimedAt: t.claimedAt, doneAt: t.doneAt, closeReason: t.closeReason })
      .from(t)
      .where(and(eq(t.organisationId, organisationId), or(isNull(t.doneAt), gte(t.doneAt, since.toISOString()))))
      .all()
      .map(toHandlingRow);
  }
}
