/**
 * A conditional look-up reads the tag, never the status. After the memory cache was dropped (a
 * write by another process, or the statuses crowded out by other look-ups), a back-office system
 * that keeps polling must not cost a database read per poll: the tag read once is kept.
 */
import { describe, expect, it } from 'vitest';
import type { Directory, Sender } from '../../domain/authorization.ts';
import type { KeptTag, StatusStorage } from '../storage/contract.ts';
import { ServedStatuses } from './served-statuses.ts';
import { StatusCache } from './status-cache.ts';

const NOW = new Date('2026-12-07T10:00:00+01:00');
const TAG: KeptTag = {
  combi: 'brabant-oost',
  gridOperators: ['netbeheer-zuid'],
  etag: '"abc"',
  validUntil: '2026-12-31',
  version: '',
};
const directory: Directory = {
  organisation: (code) => (code === 'netbeheer-zuid' ? { code, kind: 'netbeheerder' } : undefined),
  combi: () => undefined,
};
const gridOperator = { code: 'netbeheer-zuid', kind: 'netbeheerder' } as Sender;
const stranger = { code: 'elders', kind: 'netbeheerder' } as Sender;

function servedOver(cache: StatusCache) {
  const reads = { tags: 0 };
  const storage: StatusStorage = {
    kept: async () => undefined,
    keptTag: async (number) => {
      reads.tags++;
      return number === 'MA-1' ? TAG : undefined;
    },
    state: async () => undefined,
    keep: async () => {},
    stale: async () => [],
  };
  // Without content nothing is computed: whatever is kept is served as current.
  const served = new ServedStatuses({ storage, cache, directory, organisations: () => undefined, content: undefined });
  return { served, reads };
}

describe('the tag of a conditional look-up', () => {
  it('is read from the database once, then from memory, until the aanvraag is written', async () => {
    let dataVersion = 1;
    const cache = new StatusCache(1024 * 1024, () => dataVersion, 0);
    const { served, reads } = servedOver(cache);
    for (let i = 0; i < 5; i++) expect(await served.etag('MA-1', gridOperator, NOW)).toBe('"abc"');
    expect(reads.tags).toBe(1);
    // Held or not, it answers only to who takes part.
    expect(await served.etag('MA-1', stranger, NOW)).toBeUndefined();
    expect(reads.tags).toBe(1);
    // A write by this process drops it; one by another process drops every tag.
    cache.delete('MA-1');
    await served.etag('MA-1', gridOperator, NOW);
    expect(reads.tags).toBe(2);
    dataVersion = 2;
    await served.etag('MA-1', gridOperator, NOW);
    expect(reads.tags).toBe(3);
    // An unknown number is not remembered as anything.
    expect(await served.etag('MA-2', gridOperator, NOW)).toBeUndefined();
    expect(await served.etag('MA-2', gridOperator, NOW)).toBeUndefined();
    expect(reads.tags).toBe(5);
  });
});
