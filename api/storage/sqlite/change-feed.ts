/**
 * The change feed's storage on SQLite (api/core/change-feed.ts): SQL only. SQLite has one writer
 * at a time, so a position one above the highest so far, taken inside the write, is commit order.
 */
import { and, asc, gt, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Scope } from '../../../domain/staff.ts';
import type { ChangedPage, ChangeFeedStorage, CursorRefusal } from '../contract.ts';
import { type DirectoryIds, scopeCondition } from '../scope-sql.ts';
import * as schema from './schema.ts';

const { requests } = schema;

/** The position of a write to `requests`: every insert and update of an aanvraag sets it. */
export const NEXT_CHANGE_POSITION = sql<number>`(select coalesce(max(change_position), 0) + 1 from requests)`;

/** A cursor is the position of the last aanvraag seen, in decimals. */
const CURSOR = /^\d{1,15}$/;

export class SqliteChangeFeed implements ChangeFeedStorage {
  readonly #db: BetterSQLite3Database<typeof schema>;
  readonly #ids: DirectoryIds;

  constructor(db: BetterSQLite3Database<typeof schema>, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async changedAfter(scope: Scope, cursor: string | undefined, limit: number): Promise<ChangedPage | CursorRefusal> {
    if (cursor !== undefined && !CURSOR.test(cursor)) return 'ongeldig';
    const after = Number(cursor ?? 0);
    const last =
      this.#db
        .select({ last: sql<number | null>`max(${requests.changePosition})` })
        .from(requests)
        .get()?.last ?? 0;
    if (after > last) return 'toekomst';
    const rows = this.#db
      .select({ number: requests.number, position: requests.changePosition })
      .from(requests)
      .where(and(gt(requests.changePosition, after), scopeCondition(scope, this.#ids, schema)))
      .orderBy(asc(requests.changePosition))
      .limit(limit)
      .all();
    return {
      numbers: rows.map((r) => r.number),
      positions: rows.map((r) => String(r.position)),
      cursor: String(rows.at(-1)?.position ?? after),
    };
  }
}
