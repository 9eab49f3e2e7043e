/**
 * Why the PostgreSQL change feed reads only below the oldest running transaction: a transaction
 * that took its id first but commits last must not land behind a cursor already handed out.
 * Here that order is forced: one write is held open while a later one commits and is read.
 */
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../../demo/seed.ts';
import { loadContent } from '../../../domain/content.ts';
import { openStore } from '../../core/open-store.ts';
import { contactLogged, submission } from '../../testing.ts';
import type { OrganisationRecord, Store } from '../store.ts';
import { createTestData, type TestData } from '../testing/test-store.ts';

let data: TestData;
let store: Store;
let platform: OrganisationRecord;
let zuid: OrganisationRecord;

beforeEach(async () => {
  data = await createTestData();
  store = await openStore(data.where, { content: loadContent() });
  await seedDirectory(store);
  platform = store.organisation('traject') as OrganisationRecord;
  zuid = store.organisation('netbeheer-zuid') as OrganisationRecord;
  await store.ingest(['MA-2026-EARLY1', 'MA-2026-LATER1'].map((n) => ({ sender: zuid, message: submission(n) })));
});
afterEach(async () => {
  await store.close();
  await data.drop();
});

/**
 * The feed's cursor once it has shown the two aanvragen of beforeEach. A transaction of another
 * test on the same cluster may hold the feed back a moment; a cursor taken then would show them
 * later, in the middle of this test.
 */
async function cursorPastSetUp(): Promise<string> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  const deadline = Date.now() + 10_000;
  while (seen.size < 2) {
    if (Date.now() > deadline) throw new Error('the change feed did not show the aanvragen of beforeEach within 10 s');
    const page = await store.changeFeed.page(platform, { cursor, limit: 10, waitMs: 1000 });
    if (typeof page === 'string') throw new Error(page);
    for (const change of page.changes) seen.add(change.nummer);
    cursor = page.cursor;
  }
  return cursor as string;
}

describe('the change feed on PostgreSQL', () => {
  it('shows a write that took its transaction id first but committed last, after the cursor already passed later ones', async () => {
    const start = { cursor: await cursorPastSetUp() };

    // A writer that takes its transaction id now (as ingestion does at its first write) and commits later.
    const sql = postgres(data.where.DATABASE_URL as string, { max: 1, onnotice: () => {} });
    const reserved = await sql.reserve();
    await reserved`begin`;
    await reserved`update requests set change_position = pg_current_xact_id() where number = 'MA-2026-EARLY1'`;

    // A later transaction commits meanwhile.
    await store.ingest([{ sender: zuid, message: contactLogged('MA-2026-LATER1', 'later-1') }]);
    const meanwhile = await store.changeFeed.page(platform, { cursor: start.cursor, limit: 10, waitMs: 0 });
    if (typeof meanwhile === 'string') throw new Error(meanwhile);
    // Not shown yet: an older transaction is still running.
    expect(meanwhile.changes).toEqual([]);

    await reserved`commit`;
    reserved.release();
    await sql.end();
    // Transactions of other tests on the same cluster may hold the horizon a moment longer.
    const after = await store.changeFeed.page(platform, { cursor: meanwhile.cursor, limit: 10, waitMs: 10_000 });
    if (typeof after === 'string') throw new Error(after);
    expect(after.changes.map((c) => c.nummer)).toEqual(['MA-2026-EARLY1', 'MA-2026-LATER1']);
  });
});
