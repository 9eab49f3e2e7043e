import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new migration to api/storage/sqlite/migrations after a schema change.
export default defineConfig({
  dialect: 'sqlite',
  schema: './api/storage/sqlite/schema.ts',
  out: './api/storage/sqlite/migrations',
  casing: 'snake_case',
});
