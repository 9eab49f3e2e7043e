import { describe, expect, it } from 'vitest';
import type { CachedStatus } from '../storage/contract.ts';
import { StatusCache } from './status-cache.ts';

/** An entry whose JSON has `bytes` bytes. */
const entry = (bytes: number, mark = 'x'): CachedStatus => ({
  json: Buffer.alloc(bytes, mark),
  combi: 'brabant-oost',
  gridOperators: ['netbeheer-zuid'],
  etag: '"x"',
  validUntil: '2026-12-31',
  version: '1:test',
});

describe('the status cache', () => {
  it('keeps entries within its budget, the ones used longest ago leaving first', () => {
    // Each entry costs its JSON plus 256 bytes of overhead: three of 744 fill 3000 bytes.
    const cache = new StatusCache(3000, () => 1);
    for (const n of ['A', 'B', 'C']) expect(cache.set(n, entry(744))).toBe(true);
    expect(cache.size).toEqual({ entries: 3, bytes: 3000, tags: 0 });
    expect(cache.get('A')).toBeDefined();
    cache.set('D', entry(744));
    expect(cache.get('B')).toBeUndefined();
    expect(cache.get('A')).toBeDefined();
    expect(cache.get('D')).toBeDefined();
    expect(cache.size).toEqual({ entries: 3, bytes: 3000, tags: 0 });
  });

  it('keeps a status read on a miss only when its aanvraag is asked for again: one-off look-ups leave the hot ones be', () => {
    // Budget for three entries of 744 bytes; it remembers 3000 / 8192 → 1 number at least.
    const cache = new StatusCache(3000, () => 1);
    expect(cache.offer('A', entry(744))).toBe(false);
    expect(cache.get('A')).toBeUndefined();
    // Its tag is kept without the JSON: a conditional look-up of it is answered from memory.
    expect(cache.tag('A')?.etag).toBe('"x"');
    expect(cache.tag('A')).not.toHaveProperty('json');
    expect(cache.offer('A', entry(744))).toBe(true);
    expect(cache.get('A')).toBeDefined();
    // A stream of aanvragen asked for once each keeps nothing, and so evicts nothing.
    for (let i = 0; i < 100; i++) expect(cache.offer(`once-${i}`, entry(744))).toBe(false);
    expect(cache.get('A')).toBeDefined();
    expect(cache.size.entries).toBe(1);
    // Forgotten with the rest when another process wrote (clear).
    cache.offer('B', entry(744));
    cache.clear();
    expect(cache.offer('B', entry(744))).toBe(false);
    expect(new StatusCache(0, () => 1).offer('A', entry(1))).toBe(false);
  });

  it('replaces an entry for the same aanvraag and counts its bytes once', () => {
    const cache = new StatusCache(10_000, () => 1);
    cache.set('A', entry(100, 'a'));
    cache.set('A', entry(200, 'b'));
    expect(cache.size).toEqual({ entries: 1, bytes: 456, tags: 0 });
    expect(Buffer.from(cache.get('A')?.json ?? []).toString()).toBe('b'.repeat(200));
    cache.delete('A');
    expect(cache.size).toEqual({ entries: 0, bytes: 0, tags: 0 });
  });

  it('refuses an entry larger than the whole budget, and keeps nothing with a budget of 0', () => {
    expect(new StatusCache(1000, () => 1).set('A', entry(900))).toBe(false);
    const off = new StatusCache(0, () => 1);
    expect(off.set('A', entry(1))).toBe(false);
    expect(off.get('A')).toBeUndefined();
  });

  it('drops everything once another connection has written (data_version moved), checked at most every checkMs', () => {
    let version = 1;
    const cache = new StatusCache(10_000, () => version, 60_000);
    cache.set('A', entry(10));
    expect(cache.get('A')).toBeDefined();
    version = 2;
    // Within the interval the check is not repeated.
    expect(cache.get('A')).toBeDefined();

    const eager = new StatusCache(10_000, () => version, 0);
    eager.set('A', entry(10));
    expect(eager.get('A')).toBeDefined();
    version = 3;
    expect(eager.get('A')).toBeUndefined();
    expect(eager.size.entries).toBe(0);
  });

  it('keeps tags without their JSON, in an eighth of its budget, dropped with the statuses', () => {
    let version = 1;
    // 64 KB: an eighth is 8 KB, room for 32 tags of 256 bytes.
    const cache = new StatusCache(64 * 1024, () => version, 0);
    const { json: _, ...tag } = entry(10);
    for (let i = 0; i < 40; i++) cache.setTag(`T${i}`, { ...tag, etag: `"t${i}"` });
    expect(cache.size.tags).toBe(32);
    // The tags kept first left first.
    expect(cache.tag('T0')).toBeUndefined();
    expect(cache.tag('T39')?.etag).toBe('"t39"');
    // A held status answers for its tag, and its status replaces a tag held alone.
    cache.set('T39', { ...entry(10), etag: '"full"' });
    expect(cache.tag('T39')?.etag).toBe('"full"');
    expect(cache.size.tags).toBe(31);
    // A write of the aanvraag drops its tag; a write by another connection drops them all.
    cache.delete('T38');
    expect(cache.tag('T38')).toBeUndefined();
    version = 2;
    expect(cache.tag('T37')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0, tags: 0 });
    // Nothing with a budget of 0.
    const off = new StatusCache(0, () => 1);
    off.setTag('A', tag);
    expect(off.tag('A')).toBeUndefined();
  });
});
