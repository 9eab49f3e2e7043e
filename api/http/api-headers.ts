/**
 * The security headers of every API answer: hono's secureHeaders() with its defaults. The
 * look-up's fast lane (routes/aanvragen-lane.ts) answers without Hono, so it takes its headers
 * from this same middleware, once, rather than keeping a list of its own.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const apiSecureHeaders = secureHeaders();

/** The headers apiSecureHeaders adds, as a plain object (lower-case names). */
export async function apiSecureHeaderValues(): Promise<Record<string, string>> {
  const probe = new Hono().use(apiSecureHeaders).get('/', (c) => c.body(null));
  const res = await probe.request('/');
  return Object.fromEntries(res.headers);
}
