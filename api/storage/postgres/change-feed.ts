/**
 * The change feed's storage on PostgreSQL (api/core/change-feed.ts): SQL only.
 *
 * Several processes write at once and a sequence number is taken before its transaction commits,
 * so numbers can become visible out of order and a reader could step over one still to come.
 * Instead each write of an aanvraag records its transaction id (xid8), and the feed reads only
 * rows written by transactions older than the oldest one still running (the snapshot's xmin):
 * every write not yet visible belongs to a transaction at or above that xmin, so it sorts after
 * any cursor this feed has handed out. Ties within one transaction go by aanvraagnummer.
 */
import { and, asc, sql } from 'drizzle-orm';
import type { Scope } from '../../../domain/staff.ts';
import type { ChangedPage, ChangeFeedStorage, CursorRefusal } from '../contract.ts';
import { type DirectoryIds, scopeCondition } from '../scope-sql.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const { requests } = schema;

/** The position of a write to `requests`: its transaction (the column's default on insert). */
export const CHANGE_POSITION_NOW = sql`pg_current_xact_id()`;

/** A cursor is `<transaction id>:<aanvraagnummer>` of the last aanvraag seen. */
const CURSOR = /^(\d{1,20}):([A-Z0-9-]{0,40})$/;

export class PgChangeFeed implements ChangeFeedStorage {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async changedAfter(scope: Scope, cursor: string | undefined, limit: number): Promise<ChangedPage | CursorRefusal> {
    const match = CURSOR.exec(cursor ?? '0:');
    if (!match) return 'ongeldig';
    const [, xid = '0', number = ''] = match;
    const [beyond] = await this.#db.execute<{ future: boolean }>(
      sql`select ${xid}::xid8 >= pg_snapshot_xmax(pg_current_snapshot()) as future`,
    );
    if (beyond?.future) return 'toekomst';
    const rows = await this.#db
      .select({ number: requests.number, position: requests.changePosition })
      .from(requests)
      .where(
        and(
          sql`(${requests.changePosition}, ${requests.number}) > (${xid}::xid8, ${number})`,
          sql`${requests.changePosition} < pg_snapshot_xmin(pg_current_snapshot())`,
          scopeCondition(scope, this.#ids, schema),
        ),
      )
      .orderBy(asc(requests.changePosition), asc(requests.number))
      .limit(limit);
    const positions = rows.map((r) => `${r.position}:${r.number}`);
    return { numbers: rows.map((r) => r.number), positions, cursor: positions.at(-1) ?? `${xid}:${number}` };
  }
}
