/** Rate-limit counts (RateLimitStore) on PostgreSQL: SQL only; one statement, so concurrent hits never lose a count. */
import { lte, sql } from 'drizzle-orm';
import type { RateLimitStore } from '../store.ts';
import type { PgDb } from './database.ts';
import { rateLimits } from './schema.ts';

export class PgRateLimits implements RateLimitStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async hit(bucket: string, windowMs: number, now: Date) {
    const at = now.toISOString();
    const ends = new Date(now.getTime() + windowMs).toISOString();
    const ended = sql`${rateLimits.windowEnds} <= ${at}::timestamptz`;
    const [row] = await this.#db
      .insert(rateLimits)
      .values({ bucket, windowEnds: ends, hits: 1 })
      .onConflictDoUpdate({
        target: rateLimits.bucket,
        set: {
          hits: sql`case when ${ended} then 1 else ${rateLimits.hits} + 1 end`,
          windowEnds: sql`case when ${ended} then ${ends}::timestamptz else ${rateLimits.windowEnds} end`,
        },
      })
      .returning({ hits: rateLimits.hits, windowEnds: rateLimits.windowEnds });
    if (!row) throw new Error('rate limit: no row returned');
    return { hits: row.hits, windowEnds: new Date(row.windowEnds) };
  }

  async prune(now: Date): Promise<void> {
    await this.#db.delete(rateLimits).where(lte(rateLimits.windowEnds, now.toISOString()));
  }
}
