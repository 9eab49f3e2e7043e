import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a migration for each database after a schema change; this one is
// PostgreSQL's (api/storage/postgres/), beside SQLite's (drizzle.config.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './api/storage/postgres/schema.ts',
  out: './api/storage/postgres/migrations',
  casing: 'snake_case',
});
