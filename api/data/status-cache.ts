/**
 * The served statuses, kept in memory: a look-up answers from here without asking SQLite. The
 * store drops an entry whenever it writes or deletes that aanvraag's stored status, so within this
 * process the cache is never behind. Writes by another process (a CLI such as `npm run retention`)
 * are noticed through SQLite's data_version, read at most every CHECK_MS (about 7 µs under load,
 * a fifth of a whole look-up): then the whole cache is dropped, since data_version does not say
 * what changed. Such a write is served at most CHECK_MS late.
 *
 * Bounded by bytes; when full, the entries filled first leave first (Map order). Uniformly random
 * look-ups, the benchmark's worst case, get nothing from a cleverer policy.
 */

import type { Participants } from '../../domain/authorization.ts';

/** A kept status with who takes part in it, so access is decided without reading the state. */
export type CachedStatus = Participants & {
  json: Uint8Array;
  /** The strong ETag of `json`. */
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

export class StatusCache {
  readonly #entries = new Map<string, CachedStatus>();
  readonly #budget: number;
  readonly #dataVersion: () => number;
  readonly #checkMs: number;
  #bytes = 0;
  #version: number;
  #checkedAt = 0;

  /** `dataVersion` is SQLite's PRAGMA data_version on the store's connection. */
  constructor(budgetBytes: number, dataVersion: () => number, checkMs = CHECK_MS) {
    this.#budget = budgetBytes;
    this.#dataVersion = dataVersion;
    this.#checkMs = checkMs;
    this.#version = dataVersion();
  }

  get(number: string): CachedStatus | undefined {
    if (this.#budget === 0) return undefined;
    const now = performance.now();
    if (now - this.#checkedAt >= this.#checkMs) {
      this.#checkedAt = now;
      const version = this.#dataVersion();
      if (version !== this.#version) {
        this.#version = version;
        this.clear();
      }
    }
    return this.#entries.get(number);
  }

  /** Keeps an entry; false when it does not fit in the budget at all. */
  set(number: string, entry: CachedStatus): boolean {
    const size = entry.json.byteLength + ENTRY_OVERHEAD;
    if (size > this.#budget) return false;
    this.delete(number);
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes + size <= this.#budget) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.json.byteLength + ENTRY_OVERHEAD;
    }
    this.#entries.set(number, entry);
    this.#bytes += size;
    return true;
  }

  delete(number: string): void {
    const old = this.#entries.get(number);
    if (!old) return;
    this.#entries.delete(number);
    this.#bytes -= old.json.byteLength + ENTRY_OVERHEAD;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }
}
