/** End-survey invitations in PostgreSQL: one per aanvraag, sent or skipped with the reason. */
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { EndSurveyStorage } from '../contract.ts';
import { toEndSurvey } from '../end-survey-rows.ts';
import type { EndSurveyRecord } from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

export class PgEndSurveys implements EndSurveyStorage {
  readonly #db: PgDb;

  /** The invitations are written by ingestion (api/core/ingest.ts, api/core/end-survey-invitation.ts). */
  constructor(db: PgDb) {
    this.#db = db;
  }

  forRequest(requestNumber: string): Promise<EndSurveyRecord | undefined> {
    return this.#select(eq(schema.requests.number, requestNumber));
  }

  byId(id: string): Promise<EndSurveyRecord | undefined> {
    return this.#select(eq(schema.endSurveyInvitations.id, id));
  }

  /** One conditional update: of two uses at once (on any process), exactly one is true. */
  async use(id: string, at: Date): Promise<boolean> {
    const t = schema.endSurveyInvitations;
    const rows = await this.#db
      .update(t)
      .set({ usedAt: at.toISOString() })
      .where(and(eq(t.id, id), isNull(t.usedAt)))
      .returning({ id: t.id });
    return rows.length === 1;
  }

  async #select(where: SQL): Promise<EndSurveyRecord | undefined> {
    const t = schema.endSurveyInvitations;
    const [row] = await this.#db
      .select({ invitation: t, number: schema.requests.number, contractor: schema.organisations.code })
      .from(t)
      .innerJoin(schema.requests, eq(schema.requests.id, t.requestId))
      .leftJoin(schema.organisations, eq(schema.organisations.id, t.contractorId))
      .where(where);
    return row && toEndSurvey(row.invitation, row.number, row.contractor);
  }
}
