/**
 * Personal calendar feeds in PostgreSQL: SQL only (api/storage/calendar-feed-rows.ts maps the
 * rows). Making a feed locks the aanvraag's row first, so two at once for the same address leave
 * one live feed, not two.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { calendarFeedRow, toCalendarFeed } from '../calendar-feed-rows.ts';
import type { CalendarFeed, CalendarFeedStore } from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const { calendarFeeds: f, requests: r } = schema;

export class PgCalendarFeeds implements CalendarFeedStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async create(feed: Omit<CalendarFeed, 'revokedAt'>): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const [request] = await tx.select({ id: r.id }).from(r).where(eq(r.number, feed.requestNumber)).for('update');
      if (!request) throw new Error(`unknown aanvraag ${feed.requestNumber}`);
      const row = calendarFeedRow(feed, request.id);
      await tx
        .update(f)
        .set({ revokedAt: row.createdAt })
        .where(and(eq(f.requestId, request.id), eq(f.email, row.email), isNull(f.revokedAt)));
      await tx.insert(f).values(row);
    });
  }

  async feed(id: string): Promise<CalendarFeed | undefined> {
    const [row] = await this.#db
      .select({ feed: f, number: r.number })
      .from(f)
      .innerJoin(r, eq(r.id, f.requestId))
      .where(eq(f.id, id));
    return row && toCalendarFeed(row.feed, row.number);
  }

  async live(requestNumber: string, email: string): Promise<CalendarFeed | undefined> {
    const [row] = await this.#db
      .select({ feed: f })
      .from(f)
      .innerJoin(r, eq(r.id, f.requestId))
      .where(and(eq(r.number, requestNumber), eq(f.email, email.toLowerCase()), isNull(f.revokedAt)));
    return row && toCalendarFeed(row.feed, requestNumber);
  }

  async revoke(requestNumber: string, email: string, at: Date): Promise<void> {
    await this.#db
      .update(f)
      .set({ revokedAt: at.toISOString() })
      .where(
        and(
          eq(f.requestId, this.#db.select({ id: r.id }).from(r).where(eq(r.number, requestNumber))),
          eq(f.email, email.toLowerCase()),
          isNull(f.revokedAt),
        ),
      );
  }
}
