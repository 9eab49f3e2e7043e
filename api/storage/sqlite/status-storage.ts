/** The served statuses' storage (api/core/served-statuses.ts) on SQLite: SQL only. */
import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { RequestState } from '../../../domain/request-state.ts';
import type { CachedStatus, KeptStatus, KeptTag, StatusStorage } from '../contract.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import { gridOperatorList, keptGridOperators } from '../status-rows.ts';
import { aanvraagByNumber } from './ingest-storage.ts';
import { params } from './placeholders.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;

export class SqliteStatusStorage implements StatusStorage {
  readonly #sqlite: Database.Database;
  readonly #ids: DirectoryIds;
  readonly #q;

  constructor(sqlite: Database.Database, db: Db, ids: DirectoryIds) {
    this.#sqlite = sqlite;
    this.#ids = ids;
    const p = sql.placeholder;
    const tagColumns = {
      combiId: schema.requestStatuses.combiId,
      gridOperators: schema.requestStatuses.gridOperators,
      etag: schema.requestStatuses.etag,
      validUntil: schema.requestStatuses.validUntil,
      version: schema.requestStatuses.version,
    };
    const columns = {
      ...tagColumns,
      // As bytes: the response sends them as they are, with no string made and encoded again.
      json: sql<Buffer>`cast(${schema.requestStatuses.json} as blob)`,
    };
    this.#q = {
      state: aanvraagByNumber(db),
      kept: db
        .select(columns)
        .from(schema.requestStatuses)
        .where(eq(schema.requestStatuses.number, p('number')))
        .prepare(),
      keptTag: db
        .select(tagColumns)
        .from(schema.requestStatuses)
        .where(eq(schema.requestStatuses.number, p('number')))
        .prepare(),
      keep: db
        .insert(schema.requestStatuses)
        .values(params('number', 'combiId', 'gridOperators', 'json', 'etag', 'validUntil', 'version'))
        .onConflictDoUpdate({
          target: schema.requestStatuses.number,
          set: params('combiId', 'gridOperators', 'json', 'etag', 'validUntil', 'version'),
        })
        .prepare(),
      stale: db
        .select({ number: schema.requests.number })
        .from(schema.requests)
        .leftJoin(schema.requestStatuses, eq(schema.requestStatuses.number, schema.requests.number))
        .where(
          sql`${schema.requestStatuses.number} is null or ${schema.requestStatuses.validUntil} < ${p('today')} or ${schema.requestStatuses.version} <> ${p('version')}`,
        )
        .prepare(),
    };
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
    const row = this.#q.kept.get({ number });
    return row && { ...this.#tag(row), json: row.json };
  }

  async keptTag(number: string): Promise<KeptTag | undefined> {
    const row = this.#q.keptTag.get({ number });
    return row && this.#tag(row);
  }

  async state(number: string): Promise<RequestState | undefined> {
    return this.#q.state.get({ number })?.state as RequestState | undefined;
  }

  async keep(statuses: KeptStatus[]): Promise<void> {
    this.#sqlite.transaction(() => {
      for (const s of statuses) {
        this.#q.keep.run({
          number: s.number,
          combiId: s.combi === null ? null : (this.#ids.combiId(s.combi) ?? null),
          gridOperators: gridOperatorList(s.gridOperators),
          json: s.json,
          etag: s.etag,
          validUntil: s.validUntil,
          version: s.version,
        });
      }
    })();
  }

  async stale(today: string, version: string): Promise<string[]> {
    return this.#q.stale.all({ today, version }).map((r) => r.number);
  }
}
