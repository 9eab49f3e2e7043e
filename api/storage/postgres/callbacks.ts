/** "Bel mij terug" requests in PostgreSQL, one per answered survey (invitation or widget response). */
import { and, asc, eq, gte, isNotNull, isNull, or } from 'drizzle-orm';
import type { CallbackClose } from '../../../domain/callback-handling.ts';
import { closeColumns, newCallbackRow, refusal, toCallbackRequest, toCallbackTask, toHandlingRow } from '../callback-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { CallbackClaimResult, CallbackRequest, CallbackStore, CallbackTask, NewOutboxMail } from '../store.ts';
import type { PgDb } from './database.ts';
import { insertOutboxMails } from './outbox.ts';
import { staffMembers, callbackRequests as t } from './schema.ts';

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

  /** The organisation's open requests (one when `id` is given), each with its claimant. */
  async #tasks(organisation: string, id?: string): Promise<CallbackTask[]> {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return [];
    const rows = await this.#db
      .select({ request: t, claimedAt: t.claimedAt, claimantId: staffMembers.id, claimantName: staffMembers.name })
      .from(t)
      .leftJoin(staffMembers, eq(staffMembers.id, t.claimedBy))
      .where(and(eq(t.organisationId, organisationId), isNull(t.doneAt), id === undefined ? undefined : eq(t.id, id)))
      .orderBy(asc(t.createdAt), asc(t.id));
    return rows.map((r) => toCallbackTask(r, this.#ids));
  }

  openTasks(organisation: string): Promise<CallbackTask[]> {
    return this.#tasks(organisation);
  }

  /**
   * One conditional update of an open request of the organisation that nobody else claimed (the
   * row lock makes two claims at once one claim); when it changed nothing, the request says why.
   */
  async #update(organisation: string, id: string, staffId: number, set: Partial<typeof t.$inferInsert>) {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return { result: 'unknown' } as const;
    const free = and(
      eq(t.id, id),
      eq(t.organisationId, organisationId),
      isNull(t.doneAt),
      or(isNull(t.claimedBy), eq(t.claimedBy, staffId)),
    );
    const changed = await this.#db.update(t).set(set).where(free).returning({ id: t.id });
    return changed.length === 1 ? ({ result: 'done' } as const) : refusal((await this.#tasks(organisation, id))[0]);
  }

  claim(organisation: string, id: string, staffId: number, at: Date): Promise<CallbackClaimResult> {
    return this.#update(organisation, id, staffId, { claimedBy: staffId, claimedAt: at.toISOString() });
  }

  async unclaim(organisation: string, id: string, staffId: number | 'anyone'): Promise<'released' | 'not-yours' | 'unknown'> {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return 'unknown';
    const changed = await this.#db
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
      .returning({ id: t.id });
    if (changed.length === 1) return 'released';
    return (await this.#tasks(organisation, id))[0] ? 'not-yours' : 'unknown';
  }

  close(organisation: string, id: string, staffId: number, close: CallbackClose, at: Date): Promise<CallbackClaimResult> {
    return this.#update(organisation, id, staffId, closeColumns(staffId, close, at));
  }

  async handling(organisation: string, since: Date) {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) return [];
    const rows = await this.#db
      .select({ createdAt: t.createdAt, claimedAt: t.claimedAt, doneAt: t.doneAt, closeReason: t.closeReason })
      .from(t)
      .where(and(eq(t.organisationId, organisationId), or(isNull(t.doneAt), gte(t.doneAt, since.toISOString()))));
    return rows.map(toHandlingRow);
  }
}
