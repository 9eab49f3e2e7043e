/**
 * The change feed (GET /api/v1/wijzigingen): the aanvragen an organisation takes part in whose
 * status changed, in commit order, each with the ETag of its status now, and a cursor to go on
 * from. Back-office systems follow it instead of polling every aanvraag.
 *
 * Each aanvraag's row holds its place in commit order (`change_position`), moved forward by every
 * write: an aanvraag appears once per page, at its last change. The storage makes the order
 * gap-free and duplicate-free on each database (api/storage/{sqlite,postgres}/change-feed.ts);
 * this module adds the ETags and the wait for a change (long polling).
 */
import type { Sender } from '../../domain/authorization.ts';
import type { Scope } from '../../domain/staff.ts';
import type { ChangeFeedStorage, CursorRefusal, ServedStatus } from '../storage/contract.ts';

/** A point in time the feed's readers wait for: the next commit that changed an aanvraag. */
export class ChangeSignal {
  #waiting: (() => void)[] = [];

  /** Called by the store after a commit changed aanvragen, here or (PostgreSQL) in another process. */
  changed(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }

  /** Resolves at the next change, after `ms`, or when `signal` aborts, whichever comes first. */
  next(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#waiting = this.#waiting.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.#waiting.push(done);
    });
  }
}

export type ChangeFeedParts = {
  storage: ChangeFeedStorage;
  /** The served status (and so its ETag) of an aanvraag for `org`. */
  served: (number: string, org: Sender) => Promise<ServedStatus | 'niet-betrokken' | undefined>;
  /** The aanvragen `org` takes part in, as a scope (domain/staff.ts). */
  scope: (org: Sender) => Scope;
};

export type Change = { nummer: string; etag: string };
export type FeedPage = { changes: Change[]; cursor: string; more: boolean };
export type FeedRequest = { cursor: string | undefined; limit: number; waitMs: number; abort?: AbortSignal };

/** How often a long poll looks again even without a signal: writes by a CLI process send none on SQLite. */
const RECHECK_MS = 1000;

export class ChangeFeed {
  /** The store calls `changed()` on it after every commit that changed aanvragen. */
  readonly signal = new ChangeSignal();
  readonly #parts: ChangeFeedParts;

  constructor(parts: ChangeFeedParts) {
    this.#parts = parts;
  }

  /**
   * A page of the feed for `org`; when it is empty and `waitMs` > 0, waits for a change (at most
   * `waitMs`) and reads again. The ETag is the one a look-up answers now.
   */
  async page(org: Sender, { cursor, limit, waitMs, abort }: FeedRequest): Promise<FeedPage | CursorRefusal> {
    const { storage, served, scope } = this.#parts;
    const deadline = performance.now() + waitMs;
    for (;;) {
      // One more than asked, to know whether another page is waiting.
      const read = await storage.changedAfter(scope(org), cursor, limit + 1);
      if (typeof read === 'string') return read;
      const more = read.numbers.length > limit;
      const page = more ? { numbers: read.numbers.slice(0, limit), cursor: read.positions[limit - 1] as string } : read;
      const left = deadline - performance.now();
      if (page.numbers.length > 0 || left <= 0 || abort?.aborted) {
        // Read at once, not one after another: on PostgreSQL each may be a round trip.
        const statuses = await Promise.all(page.numbers.map((nummer) => served(nummer, org)));
        // An aanvraag named by a message before its request_submitted has no status yet.
        const changes: Change[] = page.numbers.flatMap((nummer, i) => {
          const status = statuses[i];
          return typeof status === 'object' ? [{ nummer, etag: status.etag }] : [];
        });
        return { changes, cursor: page.cursor, more };
      }
      await this.signal.next(Math.min(left, RECHECK_MS), abort);
    }
  }
}
