/** "Bel mij terug" requests in SQLite, one per answered survey (invitation or widget response). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.ts';
import type { CallbackRequest, CallbackStore } from './store.ts';

type Db = BetterSQLite3Database<typeof schema>;

export class SqliteCallbacks implements CallbackStore {
  readonly #db: Db;
  readonly #orgId: (code: string) => number | undefined;
  readonly #orgCode: (id: number) => string | undefined;

  constructor(db: Db, orgId: (code: string) => number | undefined, orgCode: (id: number) => string | undefined) {
    this.#db = db;
    this.#orgId = orgId;
    this.#orgCode = orgCode;
  }

  async add(request: Omit<CallbackRequest, 'doneAt'>): Promise<'created' | 'exists'> {
    const organisationId = this.#orgId(request.organisation);
    if (organisationId === undefined) throw new Error(`unknown organisation ${request.organisation}`);
    const { organisation: _, ...row } = request;
    const result = this.#db
      .insert(schema.callbackRequests)
      .values({ ...row, organisationId, createdAt: request.createdAt.toISOString() })
      .onConflictDoNothing({ target: schema.callbackRequests.invitationId })
      .run();
    return result.changes === 1 ? 'created' : 'exists';
  }

  async openFor(organisation: string | 'alle'): Promise<CallbackRequest[]> {
    const t = schema.callbackRequests;
    const organisationId = organisation === 'alle' ? undefined : this.#orgId(organisation);
    if (organisation !== 'alle' && organisationId === undefined) return [];
    return this.#db
      .select()
      .from(t)
      .where(organisationId === undefined ? isNull(t.doneAt) : and(isNull(t.doneAt), eq(t.organisationId, organisationId)))
      .orderBy(asc(t.createdAt))
      .all()
      .map((r) => ({
        id: r.id,
        invitationId: r.invitationId,
        survey: r.survey,
        requestNumber: r.requestNumber,
        organisation: this.#orgCode(r.organisationId) ?? String(r.organisationId),
        phone: r.phone,
        note: r.note,
        createdAt: new Date(r.createdAt),
        doneAt: r.doneAt ? new Date(r.doneAt) : null,
      }));
  }
}
