/**
 * CSRF defence for cookie-authenticated forms: a state-changing request must come from our own
 * pages. Browsers say so in Sec-Fetch-Site (or, older ones, in Origin); a request that says
 * neither is refused, since hono/csrf lets a cross-site JSON POST through.
 */
import { createMiddleware } from 'hono/factory';
import { problem } from './problem.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether an Origin header names this host. Anything that is no URL ("null" from a sandboxed
 * frame, "xyz", a port that is no number) is simply not ours: refused, never an exception.
 */
function sameHost(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host;
}

export function sameOriginOnly() {
  return createMiddleware(async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const allowed = site ? site === 'same-origin' || site === 'none' : sameHost(c.req.header('origin'), c.req.header('host'));
    if (!allowed) return problem(c, 403, 'Dit formulier kan alleen vanaf Traject zelf worden verstuurd.');
    return next();
  });
}
