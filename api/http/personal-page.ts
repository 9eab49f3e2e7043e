/**
 * Headers for everything personal (track & trace, sign-in, survey links): never cached, never
 * leaking a token-bearing address in a Referer, never framed. One set, for the Hono routes and
 * for the Astro pages that server.ts writes outside Hono.
 */
import { createMiddleware } from 'hono/factory';

export const PERSONAL_PAGE_HEADERS = {
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** The paths whose pages are personal: track & trace (both languages), survey links, the staff side. */
const PERSONAL_PATHS = /^\/(en\/)?volg(\/|$)|^\/enquete(\/|$)|^\/beheer(\/|$)/;

export function isPersonalPath(path: string): boolean {
  return PERSONAL_PATHS.test(path);
}

export function personalPage() {
  return createMiddleware(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PERSONAL_PAGE_HEADERS)) c.header(name, value);
  });
}
