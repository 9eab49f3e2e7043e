/**
 * Rate limits, and the client address they are usually keyed by. A limiter counts hits per key in
 * a fixed window in the database (Store.rateLimits), so that every server process of a fleet
 * shares one count: tries spread over several processes trip the same limit. Keys are kept as a
 * hash of the limit's name and the key, never as the address or account itself.
 */
import { createHash } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import proxyaddr from 'proxy-addr';
import type { RateLimitStore } from '../storage/store.ts';

/** Whether the proxy at `address` (`hop` hops from the server) is believed (TRUST_PROXY). */
export type TrustProxy = (address: string, hop: number) => boolean;

const TRUST = 'trustProxy';
const trustNone: TrustProxy = () => false;

/** Tells clientIp which proxies in front of the server to believe, for every request of an app. */
export function trustProxies(trust: TrustProxy = trustNone): MiddlewareHandler {
  return (c, next) => {
    c.set(TRUST as never, trust as never);
    return next();
  };
}

/**
 * The client's address, the usual key of a limit: the socket's, or, when the socket is a trusted
 * proxy, the last address in X-Forwarded-For that is not one (proxy-addr, as Express does it).
 * What a client writes itself further left in that header is never taken.
 */
export function clientIp(c: Context): string {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  if (!incoming?.socket) return 'onbekend';
  const trust = (c.get(TRUST as never) as TrustProxy | undefined) ?? trustNone;
  return proxyaddr(incoming, trust) ?? 'onbekend';
}

/** One hit: whether it is within the limit, the hits of its key in this window, and when the window ends. */
export type Hit = { ok: boolean; count: number; retryAfterSeconds: number };

/** Counts hits per key; `max` a window of `windowMs`. */
export type Limiter = { hit(key: string): Promise<Hit> };

export type LimiterOptions = {
  /** Names the limit, so that two limits on the same key count apart. */
  name: string;
  max: number;
  windowMs: number;
  counts: RateLimitStore;
  now?: () => number;
};

/** A fixed-window limiter whose counts live in the database. */
export function rateLimiter({ name, max, windowMs, counts, now = Date.now }: LimiterOptions): Limiter {
  let prunedAt = 0;
  return {
    async hit(key) {
      const t = now();
      const bucket = createHash('sha256').update(`${name}\n${key}`).digest('base64url');
      const { hits, windowEnds } = await counts.hit(bucket, windowMs, new Date(t));
      // Ended windows are forgotten now and then, by whichever process gets here.
      if (t - prunedAt >= windowMs) {
        prunedAt = t;
        counts.prune(new Date(t)).catch(() => {});
      }
      return { ok: hits <= max, count: hits, retryAfterSeconds: Math.max(1, Math.ceil((windowEnds.getTime() - t) / 1000)) };
    },
  };
}
