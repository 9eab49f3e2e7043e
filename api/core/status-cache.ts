/**
 * The served statuses, kept in memory: a look-up answers from here without asking SQLite. The
 * store drops an entry whenever it writes or deletes that aanvraag's stored status, so within this
 * process the cache is never behind. Writes by another process (a CLI such as `npm run retention`)
 * are noticed through SQLite's data_version, read at most every CHECK_MS (about 7 µs under load,
 * a fifth of a whole look-up): then the whole cache is dropped, since data_version does not say
 * what changed. Such a write is served at most CHECK_MS late.
 *
 * Bounded by bytes; when full, the entries used longest ago leave first (lru-cache, in constant
 * time: evicting from the front of a Map made V8 step over every entry deleted before, about
 * 16 µs per miss once the cache was full). It holds only what is hot: a status read on a miss is
 * kept (`offer`) only when its aanvraag was asked for a while before too. Keeping every status
 * read made uniformly random look-ups slower, not faster: each kept Buffer lives on in the old
 * generation until a full garbage collection, and nearly none is asked for again before it
 * leaves (measured on 119,000 aanvragen: 11,300 look-ups/s with a 128 MB cache kept so, 13,200
 * with none, and 170 MB more resident).
 *
 * Beside the statuses it keeps tags without their JSON (about 200 B each instead of 10 KB): what a
 * conditional look-up reads when the status is not held. Without them, a back-office system
 * polling its aanvragen after the cache was dropped would read the database on every poll, since
 * a 304 never reads the status that would fill the cache.
 */

import { LRUCache } from 'lru-cache';
import type { Participants } from '../../domain/authorization.ts';
import type { CachedStatus } from '../storage/contract.ts';

/** What a conditional look-up needs: who takes part, the tag, and until when and by what it holds. */
export type CachedTag = Participants & {
  /** The strong ETag of the status. */
  etag: string;
  /** The last Dutch calendar day (YYYY-MM-DD) on which this status is still right. */
  validUntil: string;
  /** The content and code it was computed with (domain/status-version.ts). */
  version: string;
};

/** How late a write by another process may be noticed. */
const CHECK_MS = 100;
/** Bytes an entry costs beyond its JSON: key, object, array and Buffer headers, roughly. */
const ENTRY_OVERHEAD = 256;
/** Bytes a tag without its JSON costs, roughly; tags may take an eighth of the budget. */
const TAG_BYTES = 256;
/** The aanvragen asked for recently, to tell a hot one: one per this many bytes of the budget. */
const SEEN_PER_BYTES = 8192;

export class StatusCache {
  readonly #entries: LRUCache<string, CachedStatus>;
  readonly #tags: LRUCache<string, CachedTag>;
  /** The aanvragen offered lately and not kept: a second offer within this window keeps it. */
  readonly #seen: LRUCache<string, true>;
  readonly #budget: number;
  readonly #maxTags: number;
  readonly #dataVersion: () => number;
  readonly #checkMs: number;
  #version: number;
  #checkedAt = 0;

  /** `dataVersion` is SQLite's PRAGMA data_version on the store's connection. */
  constructor(budgetBytes: number, dataVersion: () => number, checkMs = CHECK_MS) {
    this.#budget = budgetBytes;
    this.#maxTags = Math.floor(budgetBytes / 8 / TAG_BYTES);
    // lru-cache wants a bound above 0; a budget of 0 keeps nothing anyway (get, set, setTag).
    this.#entries = new LRUCache({
      maxSize: Math.max(1, budgetBytes),
      sizeCalculation: (entry) => entry.json.byteLength + ENTRY_OVERHEAD,
    });
    this.#tags = new LRUCache({ max: Math.max(1, this.#maxTags) });
    this.#seen = new LRUCache({ max: Math.max(1, Math.floor(budgetBytes / SEEN_PER_BYTES)) });
    this.#dataVersion = dataVersion;
    this.#checkMs = checkMs;
    this.#version = dataVersion();
  }

  get(number: string): CachedStatus | undefined {
    if (this.#budget === 0) return undefined;
    this.#noticeOtherWriters();
    return this.#entries.get(number);
  }

  /** The tag of a held status, or a tag held without its status. */
  tag(number: string): CachedTag | undefined {
    if (this.#budget === 0) return undefined;
    this.#noticeOtherWriters();
    return this.#entries.get(number) ?? this.#tags.get(number);
  }

  /** Keeps a tag without its status; when full, the tag used longest ago leaves. */
  setTag(number: string, tag: CachedTag): void {
    if (this.#maxTags === 0 || this.#entries.has(number)) return;
    this.#tags.set(number, tag);
  }

  #noticeOtherWriters(): void {
    const now = performance.now();
    if (now - this.#checkedAt >= this.#checkMs) {
      this.#checkedAt = now;
      const version = this.#dataVersion();
      if (version !== this.#version) {
        this.#version = version;
        this.clear();
      }
    }
  }

  /** Keeps an entry; false when it does not fit in the budget at all. */
  set(number: string, entry: CachedStatus): boolean {
    if (entry.json.byteLength + ENTRY_OVERHEAD > this.#budget) return false;
    this.#tags.delete(number);
    this.#entries.set(number, entry);
    return true;
  }

  /**
   * Keeps a status read on a miss when it is hot: when its aanvraag was offered before, not long
   * ago (among the last budget / SEEN_PER_BYTES offered). The first offer remembers the number,
   * and keeps the tag without the JSON: what a conditional look-up of it asks next.
   */
  offer(number: string, entry: CachedStatus): boolean {
    if (this.#budget === 0) return false;
    if (!this.#seen.delete(number)) {
      this.#seen.set(number, true);
      const { combi, gridOperators, etag, validUntil, version } = entry;
      this.setTag(number, { combi, gridOperators, etag, validUntil, version });
      return false;
    }
    return this.set(number, entry);
  }

  delete(number: string): void {
    this.#tags.delete(number);
    this.#entries.delete(number);
  }

  clear(): void {
    this.#entries.clear();
    this.#tags.clear();
    this.#seen.clear();
  }

  get size(): { entries: number; bytes: number; tags: number } {
    return { entries: this.#entries.size, bytes: this.#entries.calculatedSize, tags: this.#tags.size };
  }
}
