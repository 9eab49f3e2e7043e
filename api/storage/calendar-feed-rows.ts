/**
 * Calendar feeds (CalendarFeedStore) between records and rows, for both databases: moments as ISO
 * 8601 strings, addresses in lower case; one mapping for api/storage/sqlite/calendar-feeds.ts and
 * api/storage/postgres/calendar-feeds.ts.
 */
import type { CalendarFeed } from './store.ts';

type CalendarFeedRow = {
  id: string;
  secretHash: string;
  requestId: number;
  email: string;
  createdAt: string;
  revokedAt: string | null;
};

export const calendarFeedRow = (feed: Omit<CalendarFeed, 'revokedAt' | 'requestNumber'>, requestId: number) => ({
  id: feed.id,
  secretHash: feed.secretHash,
  requestId,
  email: feed.email.toLowerCase(),
  createdAt: feed.createdAt.toISOString(),
});

export const toCalendarFeed = (row: CalendarFeedRow, requestNumber: string): CalendarFeed => ({
  id: row.id,
  secretHash: row.secretHash,
  requestNumber,
  email: row.email,
  createdAt: new Date(row.createdAt),
  revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
});
