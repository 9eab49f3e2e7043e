/**
 * A small fixed-window rate limiter in memory, per process (one server per database file, see
 * decision 0002). Keys are chosen by the caller: an IP address, an aanvraagnummer, an address.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The client's address, the usual key of a limit. */
export function clientIp(c: Context): string {
  return getConnInfo(c).remote.address ?? 'onbekend';
}

export type RateLimit = { ok: true } | { ok: false; retryAfterSeconds: number };

export function rateLimiter(options: { max: number; windowMs: number; now?: () => number }) {
  const { max, windowMs, now = Date.now } = options;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key: string): RateLimit {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
        if (windows.size > 50_000) {
          for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
        }
      }
      w.count++;
      return w.count <= max ? { ok: true } : { ok: false, retryAfterSeconds: Math.ceil((w.start + windowMs - t) / 1000) };
    },
    reset() {
      windows.clear();
    },
  };
}
