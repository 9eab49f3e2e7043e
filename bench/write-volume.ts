/**
 * npx node bench/write-volume.ts [-- --aanvragen 300]
 *
 * What ingestion writes per message on SQLite (issue 12, "write less per message"): the same
 * messages ingested twice into fresh databases, (a) each aanvraag's messages in one batch, as the
 * bench sends them, and (b) spread over batches, one message per aanvraag per batch, as they arrive
 * in life (weeks apart). Bytes handed to write() per message (this process's wchar: the WAL's
 * frames and the checkpoints' copies, as the server's defaults do them) and the database's bytes
 * per table afterwards.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../api/core/open-store.ts';
import { createMailComposer } from '../api/mail/compose.ts';
import type { IngestEntry } from '../api/storage/store.ts';
import { generateRequest } from '../demo/generator.ts';
import { seedDirectory } from '../demo/seed.ts';
import { loadContent } from '../domain/content.ts';
import { message } from '../domain/messages.ts';

const { values: args } = parseArgs({ options: { aanvragen: { type: 'string', default: '300' } } });
const count = Number(args.aanvragen);
const now = new Date();
const content = loadContent();
/** Bytes this process handed to write() so far (Linux). */
const written = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

async function measure(label: string, batchesOf: (perAanvraag: IngestEntry['message'][][]) => IngestEntry['message'][][]) {
  const file = join(mkdtempSync(join(tmpdir(), 'traject-writes-')), 'db.sqlite');
  const mail = createMailComposer({
    publicUrl: () => 'https://traject.example',
    content,
    organisations: (c) => store.organisation(c),
  });
  const store = openSqliteStore(file, { mail, content });
  await seedDirectory(store);
  const sender = store.organisation('traject') as IngestEntry['sender'];
  const perAanvraag = Array.from({ length: count }, (_, i) => generateRequest(i, now).map((g) => message.parse(g.message)));
  const batches = batchesOf(perAanvraag);
  let messages = 0;
  const before = written();
  for (const batch of batches) {
    await store.ingest(batch.map((m) => ({ sender, message: m })));
    messages += batch.length;
  }
  await store.close();
  const bytes = written() - before;
  const db = new Database(file, { readonly: true });
  const tables = db.prepare('select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc limit 8').all() as {
    name: string;
    bytes: number;
  }[];
  const state = db.prepare('select avg(length(state)) from requests').pluck().get() as number;
  db.close();
  console.log(
    `${label}: ${messages} messages in ${batches.length} batches; written ${Math.round(bytes / messages)} B per message;` +
      ` state ${Math.round(state)} B per aanvraag; on disk per message: ` +
      tables.map((t) => `${t.name} ${Math.round(t.bytes / messages)}`).join(', '),
  );
}

await measure('(a) an aanvraag per batch', (per) => {
  const out: IngestEntry['message'][][] = [];
  let batch: IngestEntry['message'][] = [];
  for (const ms of per) {
    if (batch.length + ms.length > 500) {
      out.push(batch);
      batch = [];
    }
    batch.push(...ms);
  }
  if (batch.length) out.push(batch);
  return out;
});
await measure('(b) one message per aanvraag per batch', (per) => {
  const longest = Math.max(...per.map((ms) => ms.length));
  return Array.from({ length: longest }, (_, i) => per.flatMap((ms) => (ms[i] ? [ms[i]] : [])));
});
process.exit(0);
