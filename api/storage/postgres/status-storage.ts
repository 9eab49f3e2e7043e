/** The served statuses' storage (api/core/served-statuses.ts) on PostgreSQL: SQL only. */
import { and, desc, eq, gte, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { RequestState } from '../../../domain/request-state.ts';
import type { KeptStatus, StatusStorage } from '../../core/served-statuses.ts';
import type { CachedStatus } from '../../data/status-cache.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import { gridOperatorList, keptGridOperators } from '../status-rows.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

/** Statuses read per query while the cache is filled at start. */
const PAGE = 2000;
const { requestStatuses, requests } = schema;

export class PgStatusStorage implements StatusStorage {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  #cached(row: {
    combiId: number | null;
    gridOperators: string;
    json: string;
    validUntil: string;
    version: string;
  }): CachedStatus {
    return {
      json: Buffer.from(row.json),
      combi: row.combiId === null ? undefined : this.#ids.combiCode(row.combiId),
      gridOperators: keptGridOperators(row.gridOperators),
      validUntil: row.validUntil,
      version: row.version,
    };
  }

  async kept(number: string): Promise<CachedStatus | undefined> {
    const [row] = await this.#db.select().from(requestStatuses).where(eq(requestStatuses.number, number));
    return row && this.#cached(row);
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

  /** PostgreSQL has no rowid, so pages go by aanvraagnummer, highest first: not strictly the newest. */
  async keptPage(today: string, version: string, after: unknown) {
    const rows = await this.#db
      .select()
      .from(requestStatuses)
      .where(
        and(
          gte(requestStatuses.validUntil, today),
          eq(requestStatuses.version, version),
          after === undefined ? undefined : lt(requestStatuses.number, after as string),
        ),
      )
      .orderBy(desc(requestStatuses.number))
      .limit(PAGE);
    const last = rows.at(-1);
    return {
      rows: rows.map((row) => ({ number: row.number, ...this.#cached(row) })),
      next: last && rows.length === PAGE ? last.number : undefined,
    };
  }
}
