/**
 * A table that only PostgreSQL has: what the dashboard keeps per aanvraag (RequestFacts,
 * domain/dashboard-metrics.ts). SQLite's single process keeps these facts in memory; several
 * PostgreSQL servers share them here, so a server's first view reads them instead of every
 * state, and no server holds them all. A row says which version of the aanvraag's row it was
 * computed from (`source`); api/storage/postgres/dashboard.ts recomputes any row whose source no
 * longer matches. Outside schema.ts, whose tables match SQLite's one for one (schema-parity.test.ts).
 */
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { requests } from './schema.ts';

export const dashboardFacts = pgTable(
  'dashboard_facts',
  {
    requestId: integer()
      .primaryKey()
      .references(() => requests.id, { onDelete: 'cascade' }),
    /** The content the facts were computed with and the row version (xmin) of the state they came from. */
    source: text().notNull(),
    /** Day number (domain/calendar.ts) of submission; null with `facts` before the aanvraag is submitted. */
    submitted: integer(),
    /**
     * The facts as a compact JSON array (dashboard.ts, encodeFacts): a view reads those of 100,000
     * aanvragen at once, which as jsonb objects was 770 bytes and one decoding per aanvraag. Text,
     * so the server joins them into one JSON array without converting each.
     */
    facts: text(),
  },
  (t) => [index('dashboard_facts_submitted').on(t.submitted)],
);
