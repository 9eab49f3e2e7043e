/** Rate-limit counts (RateLimitStore) on SQLite: SQL only. */
import { lte, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { RateLimitStore } from '../store.ts';
import * as schema from './schema.ts';

const { rateLimits } = schema;

export class SqliteRateLimits implements RateLimitStore {
  readonly #db: BetterSQLite3Database<typeof schema>;

  constructor(db: BetterSQLite3Database<typeof schema>) {
    this.#db = db;
  }

  async hit(bucket: string, windowMs: number, now: Date) {
    const at = now.toISOString();
    const ends = new Date(now.getTime() + windowMs).toISOString();
    const ended = sql`${rateLimits.windowEnds} <= ${at}`;
    const row = this.#db
      .insert(rateLimits)
      .values({ bucket, windowEnds: ends, hits: 1 })
      .onConflictDoUpdate({
        target: rateLimits.bucket,
        set: {
          hits: sql`case when ${ended} then 1 else ${rateLimits.hits} + 1 end`,
          windowEnds: sql`case when ${ended} then ${ends} else ${rateLimits.windowEnds} end`,
        },
      })
      .returning({ hits: rateLimits.hits, windowEnds: rateLimits.windowEnds })
      .get();
    return { hits: row.hits, windowEnds: new Date(row.windowEnds) };
  }

  async prune(now: Date): Promise<void> {
    this.#db.delete(rateLimits).where(lte(rateLimits.windowEnds, now.toISOString())).run();
  }
}
