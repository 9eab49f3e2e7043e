import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new migration to api/data/migrations after a schema change.
export default defineConfig({
  dialect: 'sqlite',
  schema: './api/data/schema.ts',
  out: './api/data/migrations',
  casing: 'snake_case',
});
