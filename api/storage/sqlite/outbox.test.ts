/**
 * SQLite's own behaviour: a sent mail's row shrinks to its metadata, and its page space is given
 * back, instead of one 4 KB page per mail as when the bodies were cleared in place.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { openSqliteStore } from '../../core/open-store.ts';

it('keeps a sent mail in about 400 bytes, not the page its bodies took', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'traject-outbox-')), 'db.sqlite');
  const store = openSqliteStore(file);
  const n = 600;
  for (let i = 0; i < n; i++) {
    await store.outbox.enqueue({
      idempotencyKey: `m${i}`,
      kind: 'test',
      to: `m${i}@example.com`,
      subject: `Onderwerp ${i}`,
      html: 'h'.repeat(1800),
      text: 't'.repeat(1100),
      headers: { 'List-Unsubscribe': `<https://traject.example/volg/afmelden/${'a'.repeat(60)}>` },
    });
  }
  const now = new Date(Date.now() + 1000);
  const due = await store.outbox.due(n, now);
  for (let i = 0; i < n; i += 100)
    await store.outbox.markSent(
      due.slice(i, i + 100).map((m) => ({ id: m.id, providerId: `p${m.id}` })),
      now,
    );
  expect(await store.outbox.counts()).toEqual({ pending: 0, sent: n, failed: 0 });
  await store.close();
  const db = new Database(file, { readonly: true });
  const bytes = db.prepare("select sum(pgsize) from dbstat where name = 'outbox'").pluck().get() as number;
  const row = db.prepare("select * from outbox where idempotency_key = 'm7'").get();
  db.close();
  // Cleared in place: about 4,100 bytes per row.
  expect(bytes / n).toBeLessThan(1000);
  expect(row).toMatchObject({
    status: 'sent',
    provider_id: expect.stringMatching(/^p\d+$/),
    html: null,
    text: null,
    to: 'm7@example.com',
    // Everything but the bodies is written again as it was.
    kind: 'test',
    subject: 'Onderwerp 7',
    attempts: 0,
    headers: JSON.stringify({ 'List-Unsubscribe': `<https://traject.example/volg/afmelden/${'a'.repeat(60)}>` }),
    created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  });
});
