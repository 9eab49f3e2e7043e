/** Many rows in one insert on a real PostgreSQL: every value arrives as it was, whatever it holds. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { insertMany } from './bulk-insert.ts';
import { connectPostgres, type PgConnection } from './database.ts';
import { migratePostgres } from './migrate.ts';
import * as schema from './schema.ts';

let database: TestDatabase;
let pool: PgConnection;
beforeEach(async () => {
  database = await createTestDatabase();
  await migratePostgres(database.sql);
  pool = connectPostgres(database.url, { max: 2 });
});
afterEach(async () => {
  await pool.sql.end({ timeout: 1 });
  await database.drop();
});

it('keeps quotes, backslashes, braces, commas, the word NULL, empty text, nulls, JSON and moments', async () => {
  const awkward = ['"quoted"', 'back\\slash', '{braces}, commas', 'NULL', '', 'é – ✓', ' spaced ', 'line\nbreak'];
  const rows = awkward.map((subject, i) => ({
    idempotencyKey: `k${i}`,
    kind: 'test',
    requestId: null,
    to: 'a@example.com',
    subject,
    html: i % 2 ? null : `<p class="x">${subject}</p>`,
    text: subject,
    headers: i % 2 ? null : { 'List-Unsubscribe': `<${subject}>`, nested: '{"a":[1]}' },
    nextAttemptAt: '2026-12-06T19:00:00+01:00',
    channel: 'email',
  }));
  await insertMany(pool.db, schema.outbox, rows);
  // A second insert of the same keys is ignored on conflict.
  await insertMany(pool.db, schema.outbox, rows, { target: ['idempotencyKey'], ignore: true });
  const stored = await pool.db.select().from(schema.outbox).orderBy(schema.outbox.id);
  expect(stored).toHaveLength(awkward.length);
  expect(stored.map((r) => r.subject)).toEqual(awkward);
  expect(stored.map((r) => r.text)).toEqual(awkward);
  expect(stored.map((r) => r.html)).toEqual(rows.map((r) => r.html));
  expect(stored.map((r) => r.headers)).toEqual(rows.map((r) => r.headers));
  expect(stored[0]?.nextAttemptAt).toBe('2026-12-06T18:00:00.000Z');
});
