/** End-survey invitations in SQLite: one per aanvraag, sent or skipped with the reason. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { params } from './placeholders.ts';
import * as schema from './schema.ts';
import type { CsvInvitationResult, EndSurveyRecord, EndSurveyStore } from './store.ts';

type Db = BetterSQLite3Database<typeof schema>;

export class SqliteEndSurveys implements EndSurveyStore {
  readonly #db: Db;
  readonly #insert;
  readonly #lastSent;
  readonly #fromCsv: (requestNumber: string) => Promise<CsvInvitationResult>;

  /** `fromCsv` runs the decision inside the ingestion side of the store, which owns states and mail. */
  constructor(db: Db, fromCsv: (requestNumber: string) => Promise<CsvInvitationResult>) {
    this.#db = db;
    this.#fromCsv = fromCsv;
    const t = schema.endSurveyInvitations;
    this.#insert = db
      .insert(t)
      .values(
        params(
          'id',
          'requestId',
          'email',
          'contractorId',
          'trigger',
          'status',
          'skipReason',
          'secretHash',
          'createdAt',
          'expiresAt',
        ),
      )
      .onConflictDoNothing({ target: t.requestId })
      .prepare();
    this.#lastSent = db
      .select({ createdAt: t.createdAt })
      .from(t)
      .where(and(eq(t.email, sql.placeholder('email')), eq(t.status, 'uitgenodigd')))
      .orderBy(desc(t.createdAt))
      .limit(1)
      .prepare();
  }

  /** When this address last got an end survey, if ever. */
  lastSentTo(email: string): Date | undefined {
    const row = this.#lastSent.get({ email: email.toLowerCase() });
    return row ? new Date(row.createdAt) : undefined;
  }

  inviteFromCsv(requestNumber: string): Promise<CsvInvitationResult> {
    return this.#fromCsv(requestNumber);
  }

  /** The status of the aanvraag's invitation, if it has one. */
  statusSync(requestId: number): 'uitgenodigd' | 'overgeslagen' | undefined {
    const t = schema.endSurveyInvitations;
    return this.#db.select({ status: t.status }).from(t).where(eq(t.requestId, requestId)).get()?.status;
  }

  /** Clears a "not in CAPO" skip, so the weekly CSV upload can decide again for that aanvraag. */
  clearCapoSkipSync(requestId: number): void {
    const t = schema.endSurveyInvitations;
    this.#db
      .delete(t)
      .where(and(eq(t.requestId, requestId), eq(t.status, 'overgeslagen'), eq(t.skipReason, 'niet-in-capo')))
      .run();
  }

  /** Records the decision; false when this aanvraag already had one (nothing changes then). */
  recordSync(row: {
    id: string;
    requestId: number;
    email: string;
    contractorId: number | null;
    trigger: 'capo' | 'csv';
    status: 'uitgenodigd' | 'overgeslagen';
    skipReason: string | null;
    secretHash: string | null;
    createdAt: Date;
    expiresAt: Date | null;
  }): boolean {
    const result = this.#insert.run({
      ...row,
      email: row.email.toLowerCase(),
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt?.toISOString() ?? null,
    });
    return result.changes === 1;
  }

  async forRequest(requestNumber: string): Promise<EndSurveyRecord | undefined> {
    return this.#select(eq(schema.requests.number, requestNumber));
  }

  async byId(id: string): Promise<EndSurveyRecord | undefined> {
    return this.#select(eq(schema.endSurveyInvitations.id, id));
  }

  /** Marks the invitation used; false when it was used already. */
  async use(id: string, at: Date): Promise<boolean> {
    const t = schema.endSurveyInvitations;
    const result = this.#db
      .update(t)
      .set({ usedAt: at.toISOString() })
      .where(and(eq(t.id, id), sql`${t.usedAt} is null`))
      .run();
    return result.changes === 1;
  }

  #select(where: ReturnType<typeof eq>): EndSurveyRecord | undefined {
    const t = schema.endSurveyInvitations;
    const row = this.#db
      .select({ invitation: t, number: schema.requests.number, contractor: schema.organisations.code })
      .from(t)
      .innerJoin(schema.requests, eq(schema.requests.id, t.requestId))
      .leftJoin(schema.organisations, eq(schema.organisations.id, t.contractorId))
      .where(where)
      .get();
    if (!row) return undefined;
    const i = row.invitation;
    return {
      id: i.id,
      requestNumber: row.number,
      email: i.email,
      contractor: row.contractor,
      trigger: i.trigger,
      status: i.status,
      skipReason: i.skipReason,
      secretHash: i.secretHash,
      createdAt: new Date(i.createdAt),
      expiresAt: i.expiresAt ? new Date(i.expiresAt) : null,
      usedAt: i.usedAt ? new Date(i.usedAt) : null,
    };
  }
}
