/**
 * The status of an aanvraag as the API serves it (GET /api/v1/aanvragen/{nummer}), on either
 * database. Computing it folds the norms over the state, so it is computed once per change, kept
 * in the database with the last day it stays right (a due date can make it wrong tomorrow), and
 * kept again in a bounded memory cache: a look-up then answers without the database.
 *
 * Who may read it is decided from the kept participants (`takesPart`), without reading the state.
 *
 * Each kept status carries the version of the content and code it was computed with
 * (domain/status-version.ts): one of another version is computed again on its first look-up, by
 * whichever process serves it, and never answers a conditional look-up with 304
 * (docs/decisions/0028-stored-statuses-follow-content-and-code.md).
 */
import { type Directory, type Sender, takesPart } from '../../domain/authorization.ts';
import { dutchDate } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import type { Organisation } from '../../domain/next-step.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { requestStatus, statusValidUntil } from '../../domain/status.ts';
import { statusVersion } from '../../domain/status-version.ts';
import { strongETag } from '../http/etag.ts';
import type { CachedStatus, KeptStatus, KeptTag, ServedStatus, StatusStorage } from '../storage/contract.ts';
import type { StatusCache } from './status-cache.ts';

export type ServedStatusParts = {
  storage: StatusStorage;
  cache: StatusCache;
  directory: Directory;
  /** The organisations named in a status (their names and phone numbers). */
  organisations: (code: string) => Organisation | undefined;
  /** The norms; without them nothing is kept and every look-up is computed (scripts, tests). */
  content: Content | undefined;
};

/** Statuses kept per transaction when they are refreshed in bulk. */
const REFRESH_CHUNK = 2000;

export class ServedStatuses {
  readonly #parts: ServedStatusParts;
  /** The version this process computes: its content is read once, at start. */
  readonly #version: string;
  #day = { minute: Number.NaN, date: '' };

  constructor(parts: ServedStatusParts) {
    this.#parts = parts;
    this.#version = parts.content ? statusVersion(parts.content) : '';
  }

  /**
   * Kept, of this process's content and code, and right on `today`. Without content (scripts) this
   * process computes nothing, so whatever is kept is the best it has.
   */
  #current(kept: KeptTag, now: Date): boolean {
    return (kept.version === this.#version || !this.#parts.content) && this.#today(now) <= kept.validUntil;
  }

  /** dutchDate, worked out once a minute: the Dutch date only turns at a whole minute (UTC offsets are whole hours). */
  #today(now: Date): string {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== this.#day.minute) this.#day = { minute, date: dutchDate(now) };
    return this.#day.date;
  }

  /** From memory only: undefined when not cached, out of date or `org` takes no part. Never waits. */
  fromMemory(number: string, org: Sender, now: Date): ServedStatus | undefined {
    const kept = this.#parts.cache.get(number);
    return kept && this.#servable(kept, org, now) ? kept : undefined;
  }

  /** The tag from memory only (a held status, or a tag held without it): as fromMemory, for a conditional look-up. */
  etagFromMemory(number: string, org: Sender, now: Date): string | undefined {
    return this.#servableTag(this.#parts.cache.tag(number), org, now);
  }

  #servable(kept: KeptTag, org: Sender, now: Date): boolean {
    return this.#current(kept, now) && takesPart(org, kept, this.#parts.directory);
  }

  #servableTag(kept: KeptTag | undefined, org: Sender, now: Date): string | undefined {
    return kept && this.#servable(kept, org, now) ? kept.etag : undefined;
  }

  /**
   * The ETag of the status `org` would be served, when it is kept and still right: from memory, or
   * read without its JSON. Undefined otherwise (unknown, not `org`'s, or to be computed): then ask `json`.
   */
  async etag(number: string, org: Sender, now: Date): Promise<string | undefined> {
    const { cache, storage } = this.#parts;
    let kept: KeptTag | undefined = cache.tag(number);
    if (!kept) {
      kept = await storage.keptTag(number);
      if (kept) cache.setTag(number, kept);
    }
    return this.#servableTag(kept, org, now);
  }

  async json(number: string, org: Sender, now: Date): Promise<ServedStatus | 'niet-betrokken' | undefined> {
    const { cache, storage, directory } = this.#parts;
    let kept = cache.get(number);
    if (!kept) {
      kept = await storage.kept(number);
      if (kept) cache.offer(number, kept);
    }
    if (kept && this.#current(kept, now)) return takesPart(org, kept, directory) ? kept : 'niet-betrokken';
    // Not kept yet, a due date has passed since, or content or code changed: compute from the state, keep, serve.
    const state = await storage.state(number);
    if (!state?.submittedAt) return undefined;
    if (!takesPart(org, state, directory)) return 'niet-betrokken';
    const fresh = this.#compute(number, state, now);
    if (!fresh) return undefined;
    await storage.keep([fresh]);
    const served = this.#cached(fresh);
    cache.offer(number, served);
    return served;
  }

  #compute(number: string, state: RequestState, now: Date): KeptStatus | undefined {
    const { content, organisations } = this.#parts;
    if (!content || !state.submittedAt) return undefined;
    const status = requestStatus(state, content, organisations, now);
    const json = JSON.stringify(status);
    return {
      number,
      combi: state.combi ?? null,
      gridOperators: [...new Set(state.workOrders.map((w) => w.gridOperator))],
      json,
      etag: strongETag(json),
      validUntil: statusValidUntil(status),
      version: this.#version,
    };
  }

  #cached(kept: KeptStatus): CachedStatus {
    return {
      json: Buffer.from(kept.json),
      combi: kept.combi ?? undefined,
      gridOperators: kept.gridOperators,
      etag: kept.etag,
      validUntil: kept.validUntil,
      version: kept.version,
    };
  }

  /**
   * Keeps the status of every aanvraag that has none, or one out of date or of another version;
   * returns how many. Look-ups do the same one at a time; this does it in bulk.
   */
  async refresh(onProgress: ((done: number, total: number) => void) | undefined, now: Date): Promise<number> {
    const { storage, cache } = this.#parts;
    const stale = await storage.stale(dutchDate(now), this.#version);
    for (let i = 0; i < stale.length; i += REFRESH_CHUNK) {
      const fresh: KeptStatus[] = [];
      for (const number of stale.slice(i, i + REFRESH_CHUNK)) {
        const state = await storage.state(number);
        const kept = state && this.#compute(number, state, now);
        if (kept) fresh.push(kept);
      }
      await storage.keep(fresh);
      for (const { number } of fresh) cache.delete(number);
      onProgress?.(Math.min(i + REFRESH_CHUNK, stale.length), stale.length);
    }
    return stale.length;
  }
}
