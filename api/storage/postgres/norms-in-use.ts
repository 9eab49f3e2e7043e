/** The norms in use on PostgreSQL: SQL only (api/core/norm-impact.ts is the report). */
import { and, asc, desc, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Norms } from '../../../domain/norm-impact.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import type { RecordedNorms } from '../contract.ts';
import { eachChunk, OPEN_STATES_CHUNK, toRecordedNorms } from '../norm-rows.ts';
import type { NormsInUseStore } from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const { normsInUse: n, requests: r } = schema;

export class PgNormsInUse implements NormsInUseStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async record(version: string, norms: Norms, at: Date): Promise<void> {
    const row = { version, norms: JSON.stringify(norms), startedAt: at.toISOString() };
    await this.#db
      .insert(n)
      .values(row)
      .onConflictDoUpdate({ target: n.version, set: { startedAt: row.startedAt } });
  }

  async inUse(): Promise<RecordedNorms | undefined> {
    const [row] = await this.#db.select().from(n).orderBy(desc(n.startedAt)).limit(1);
    return row && toRecordedNorms(row);
  }

  async openStates(each: (states: RequestState[]) => void): Promise<void> {
    await eachChunk(
      (after) =>
        this.#db
          .select({ id: r.id, state: r.state })
          .from(r)
          .where(and(gt(r.id, after), isNotNull(r.submittedAt), isNull(r.cancelledAt)))
          .orderBy(asc(r.id))
          .limit(OPEN_STATES_CHUNK),
      each,
    );
  }
}
