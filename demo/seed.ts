/**
 * Fills a store with the demo world: organisations, combis, API keys and any number of
 * aanvragen, through the same ingestion path as the API (so the data is what the API would hold).
 */

import { generateApiKey } from '../api/http/api-key.ts';
import type { IngestEntry, OrganisationRecord, Store } from '../api/storage/store.ts';
import { message } from '../domain/messages.ts';
import { DEMO_COMBIS, DEMO_ORGANISATIONS, DEMO_STAFF } from './directory.ts';
import { generateRequest } from './generator.ts';

/** Creates the demo organisations and combis, and one API key per organisation (shown once). */
export async function seedDirectory(store: Store): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const org of DEMO_ORGANISATIONS) {
    if (!store.organisation(org.code)) await store.addOrganisation(org);
    const { key, prefix, hash } = generateApiKey();
    await store.addApiKey(org.code, hash, prefix, 'demo');
    keys.set(org.code, key);
  }
  for (const combi of DEMO_COMBIS) if (!store.combi(combi.code)) await store.addCombi(combi);
  return keys;
}

/** Adds the demo staff accounts that are missing (also to a database seeded before staff existed). */
export async function seedStaff(store: Store): Promise<number> {
  let added = 0;
  for (const member of DEMO_STAFF) {
    if (!store.organisation(member.organisation) || (await store.staff.byEmail(member.email))) continue;
    await store.staff.add(member);
    added++;
  }
  return added;
}

export type SeedOptions = {
  count: number;
  from?: number;
  now?: Date;
  seed?: number;
  batchSize?: number;
  onProgress?: (done: number) => void;
};

/** Ingests `count` generated aanvragen (numbers from `from` on); returns how many messages. */
export async function seedRequests(
  store: Store,
  { count, from = 0, now = new Date(), seed = 2026, batchSize = 250, onProgress }: SeedOptions,
): Promise<number> {
  const senders = new Map<string, OrganisationRecord>();
  const sender = (code: string) => {
    let org = senders.get(code);
    if (!org) {
      org = store.organisation(code);
      if (!org) throw new Error(`demo organisation ${code} is missing: run seedDirectory first`);
      senders.set(code, org);
    }
    return org;
  };
  let messages = 0;
  for (let start = from; start < from + count; start += batchSize) {
    const entries: IngestEntry[] = [];
    const end = Math.min(start + batchSize, from + count);
    for (let i = start; i < end; i++) {
      // Validated like any message from outside, so demo data can never be what the API would refuse.
      for (const m of generateRequest(i, now, seed))
        entries.push({ sender: sender(m.sender), message: message.parse(m.message) });
    }
    const results = await store.ingest(entries);
    const refused = results.find((r) => r.result === 'rejected');
    if (refused) throw new Error(`demo message ${refused.id} was refused: ${JSON.stringify(refused.errors)}`);
    messages += entries.length;
    onProgress?.(end - from);
  }
  return messages;
}
