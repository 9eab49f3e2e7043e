/**
 * CSRF defence for cookie-authenticated forms: a state-changing request must come from our own
 * pages. Browsers say so in Sec-Fetch-Site (or, older ones, in Origin); a request that says
 * neither is refused, since hono/csrf lets a cross-site JSON POST through.
 */
import { createMiddleware } from 'hono/factory';
import { problem } from './problem.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOriginOnly() {
  return createMiddleware(async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const allowed = site ? site === 'same-origin' || site === 'none' : !!origin && !!host && new URL(origin).host === host;
    if (!allowed) return problem(c, 403, 'Dit formulier kan alleen vanaf Traject zelf worden verstuurd.');
    return next();
  });
}
