/** Personal calendar feeds in SQLite: SQL only (api/storage/calendar-feed-rows.ts maps the rows). */
import { and, eq, isNull } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { calendarFeedRow, toCalendarFeed } from '../calendar-feed-rows.ts';
import type { CalendarFeed, CalendarFeedStore } from '../store.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const { calendarFeeds: f, requests: r } = schema;

export class SqliteCalendarFeeds implements CalendarFeedStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  #requestId(number: string): number | undefined {
    return this.#db.select({ id: r.id }).from(r).where(eq(r.number, number)).get()?.id;
  }

  async create(feed: Omit<CalendarFeed, 'revokedAt'>): Promise<void> {
    const requestId = this.#requestId(feed.requestNumber);
    if (requestId === undefined) throw new Error(`unknown aanvraag ${feed.requestNumber}`);
    const row = calendarFeedRow(feed, requestId);
    // One writer at a time: revoking the old feed and adding the new one cannot interleave with another.
    this.#db.transaction((tx) => {
      tx.update(f)
        .set({ revokedAt: row.createdAt })
        .where(and(eq(f.requestId, requestId), eq(f.email, row.email), isNull(f.revokedAt)))
        .run();
      tx.insert(f).values(row).run();
    });
  }

  async feed(id: string): Promise<CalendarFeed | undefined> {
    const row = this.#db
      .select({ feed: f, number: r.number })
      .from(f)
      .innerJoin(r, eq(r.id, f.requestId))
      .where(eq(f.id, id))
      .get();
    return row && toCalendarFeed(row.feed, row.number);
  }

  async live(requestNumber: string, email: string): Promise<CalendarFeed | undefined> {
    const row = this.#db
      .select({ feed: f })
      .from(f)
      .innerJoin(r, eq(r.id, f.requestId))
      .where(and(eq(r.number, requestNumber), eq(f.email, email.toLowerCase()), isNull(f.revokedAt)))
      .get();
    return row && toCalendarFeed(row.feed, requestNumber);
  }

  async revoke(requestNumber: string, email: string, at: Date): Promise<void> {
    const requestId = this.#requestId(requestNumber);
    if (requestId === undefined) return;
    this.#db
      .update(f)
      .set({ revokedAt: at.toISOString() })
      .where(and(eq(f.requestId, requestId), eq(f.email, email.toLowerCase()), isNull(f.revokedAt)))
      .run();
  }
}
