/** End-survey invitations in SQLite: one per aanvraag, sent or skipped with the reason. */
import { and, eq, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { EndSurveyStorage } from '../contract.ts';
import { toEndSurvey } from '../end-survey-rows.ts';
import type { EndSurveyRecord } from '../store.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;

export class SqliteEndSurveys implements EndSurveyStorage {
  readonly #db: Db;

  /** The invitations are written by ingestion (api/core/ingest.ts, api/core/end-survey-invitation.ts). */
  constructor(db: Db) {
    this.#db = db;
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
    return row && toEndSurvey(row.invitation, row.number, row.contractor);
  }
}
