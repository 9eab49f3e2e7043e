/** The served statuses' storage (api/core/served-statuses.ts) on PostgreSQL: SQL only. */
import { eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { RequestState } from '../../../domain/request-state.ts';
import type { CachedStatus, KeptStatus, KeptTag, StatusStorage } from '../contract.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import { gridOperatorList, keptGridOperators } from '../status-rows.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const { requestStatuses, requests } = schema;

export class PgStatusStorage implements StatusStorage {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  #tag(row: { combiId: number | null; gridOperators: string; etag: string; validUntil: string; version: string }): KeptTag {
    return {
      combi: row.combiId === null ? undefined : this.#ids.combiCode(row.combiId),
      gridOperators: keptGridOperators(row.gridOperators),
      etag: row.etag,
      validUntil: row.validUntil,
      version: row.version,
    };
  }

  async kept(number: string): Promise<CachedStatus | undefined> {
    const [row] = await this.#db.select().from(requestStatuses).where(eq(requestStatuses.number, number));
    return row && { ...this.#tag(row), json: Buffer.from(row.json) };
  }

  async keptTag(number: string): Promise<KeptTag | undefined> {
    const { combiId, gridOperators, etag, validUntil, version } = requestStatuses;
    const [row] = await this.#db
      .select({ combiId, gridOperators, etag, validUntil, version })
      .from(requestStatuses)
      .where(eq(requestStatuses.number, number));
    return row && this.#tag(row);
  }

  async state(number: string): Promise<RequestState | undefined> {
    const [row] = await this.#db.select({ state: requests.state }).from(requests).where(eq(requests.number, number));
    return row?.state as RequestState | undefined;
  }

  async keep(statuses: KeptStatus[]): Promise<void> {
    if (statuses.length === 0) return;
    const rows = statuses.map((s) => ({
      number: s.number,
      combiId: s.combi === null ? null : (this.#ids.combiId(s.combi) ?? null),
      gridOperators: gridOperatorList(s.gridOperators),
      json: s.json,
      etag: s.etag,
      validUntil: s.validUntil,
      version: s.version,
    }));
    await this.#db
      .insert(requestStatuses)
      .values(rows)
      .onConflictDoUpdate({
        target: requestStatuses.number,
        set: {
          combiId: sql`excluded.combi_id`,
          gridOperators: sql`excluded.grid_operators`,
          json: sql`excluded.json`,
          etag: sql`excluded.etag`,
          validUntil: sql`excluded.valid_until`,
          version: sql`excluded.version`,
        },
      });
  }

  async stale(today: string, version: string): Promise<string[]> {
    const rows = await this.#db
      .select({ number: requests.number })
      .from(requests)
      .leftJoin(requestStatuses, eq(requestStatuses.number, requests.number))
      .where(or(isNull(requestStatuses.number), lt(requestStatuses.validUntil, today), ne(requestStatuses.version, version)));
    return rows.map((r) => r.number);
  }
}
