/**
 * Rate limits, and the client address they are usually keyed by. A limiter counts hits per key in
 * a fixed window behind a small interface: in memory, per process, today (one server per database
 * file, decision 0002); the same interface can later be answered by the database, so that several
 * processes share one count.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import proxyaddr from 'proxy-addr';

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

export type LimiterOptions = { max: number; windowMs: number; now?: () => number };

/** A fixed-window limiter in this process's memory. */
export function rateLimiter({ max, windowMs, now = Date.now }: LimiterOptions): Limiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async hit(key) {
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
      return { ok: w.count <= max, count: w.count, retryAfterSeconds: Math.ceil((w.start + windowMs - t) / 1000) };
    },
  };
}
