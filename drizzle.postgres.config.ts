import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a migration for each database after a schema change; this one is
// PostgreSQL's (api/storage/postgres/), beside SQLite's (drizzle.config.ts). dashboard-schema.ts
// holds the one table SQLite does not have (the dashboard's facts, kept in memory there).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./api/storage/postgres/schema.ts', './api/storage/postgres/dashboard-schema.ts'],
  out: './api/storage/postgres/migrations',
  casing: 'snake_case',
});
