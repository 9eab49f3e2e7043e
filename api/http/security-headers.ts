/**
 * The security headers of every answer — API, static files, Astro pages, widgets, 404s — from this
 * one module. A route that sets one of these headers itself keeps its own value: the widgets are
 * readable cross-origin (Cross-Origin-Resource-Policy: cross-origin), the Astro pages carry their
 * own Content-Security-Policy with the hashes of their inline styles and scripts (astro.config.mjs
 * builds it from SITE_CSP below), the e2e host page its own; the API reference gets DOCS_CSP.
 * Why these values: docs/decisions/0020-http-hardening.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Hono, type MiddlewareHandler } from 'hono';
import { MESSAGE_PAGE_STYLE } from './message-page.ts';
import { REFERENCE_STYLE } from './reference-page.ts';

/** What every page of the site may load besides its own hashed inline styles and scripts (Astro adds those). */
export const SITE_CSP = {
  directives: [
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ] as const,
  /** The site search runs Pagefind's WebAssembly (dist/client/pagefind/). */
  scriptResources: ["'self'", "'wasm-unsafe-eval'"],
  styleResources: ["'self'"],
};

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Everything that is not an Astro page: API answers, files, 404s, the short message pages. It
 * loads nothing but the message pages' one inline style block.
 */
const DEFAULT_CSP = [
  "default-src 'none'",
  `style-src ${sha256(MESSAGE_PAGE_STYLE)}`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Pagefind's worker gets the policy of its own script: it fetches the index and runs WebAssembly. */
const SEARCH_CSP = [
  ...SITE_CSP.directives,
  `script-src ${SITE_CSP.scriptResources.join(' ')}`,
  `style-src ${SITE_CSP.styleResources.join(' ')}`,
].join('; ');

/** The API reference (api/routes/docs.ts): a page rendered on the server, with one inline style block. */
const DOCS_CSP = [
  "default-src 'none'",
  `style-src ${sha256(REFERENCE_STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What every answer carries, a JSON answer of the API too (OWASP's REST Security Cheat Sheet). */
const EVERY_ANSWER = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/** What only a document a browser renders needs: isolation, prefetching, old browsers' filters. */
const DOCUMENTS_ONLY = {
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
} as const;

/** The API answers data, never a page: nothing may load from it or frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Never stored by a browser or proxy: the whole API, and the personal pages (track & trace, survey links, staff). */
const NOT_STORED = /^\/api\/|^\/(en\/)?volg(\/|$)|^\/(en\/)?enquete(\/|$)|^\/beheer(\/|$)/;

/**
 * Each of the few header sets, made once as entries: they are written on every answer, the
 * look-up's too, where six headers fewer are a tenth of a 304's cost (decision 0046).
 */
type HeaderSet = readonly (readonly [string, string])[];
const SETS = new Map<string, HeaderSet>([
  ...[DEFAULT_CSP, DOCS_CSP, SEARCH_CSP].flatMap((csp) =>
    [false, true].map((notStored): [string, HeaderSet] => [
      `${notStored}|${csp === DEFAULT_CSP ? 'site' : csp === DOCS_CSP ? 'docs' : 'search'}`,
      Object.entries({
        ...EVERY_ANSWER,
        ...DOCUMENTS_ONLY,
        'content-security-policy': csp,
        ...(notStored && { 'cache-control': 'no-store' }),
      }),
    ]),
  ),
  ['true|api', Object.entries({ ...EVERY_ANSWER, 'content-security-policy': API_CSP, 'cache-control': 'no-store' })],
]);

/** The security headers for an answer at `path` (lower-case names), as entries. */
export function securityHeadersFor(path: string): HeaderSet {
  const kind =
    path === '/api/v1/docs' ? 'docs' : path.startsWith('/api/') ? 'api' : path.startsWith('/pagefind/') ? 'search' : 'site';
  return SETS.get(`${NOT_STORED.test(path)}|${kind}`) as HeaderSet;
}

/**
 * Adds the headers of securityHeadersFor to every answer that did not set them itself.
 *
 * Served by Node, they are set on Node's response before the route runs: Node merges them with the
 * answer's own, which win, so a route that sets one keeps it; the Astro pages, written straight to
 * Node's response (api/server.ts), get them so too. Reading the answer's headers
 * afterwards instead made @hono/node-server build a Headers object for every answer and convert it
 * back, a fifth of a small request's cost. Without Node (app.request() in tests) they are added after.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (outgoing) {
      for (const [name, value] of securityHeadersFor(c.req.path)) if (!outgoing.hasHeader(name)) outgoing.setHeader(name, value);
      return next();
    }
    await next();
    const headers = c.res.headers;
    if (headers.has('x-hono-already-sent')) return;
    for (const [name, value] of securityHeadersFor(c.req.path)) if (!headers.has(name)) headers.set(name, value);
  };
}

/**
 * All headers of a route's answer at `path` that sets `own` itself, as the middleware leaves them:
 * what an answer written without Hono (the look-up's fast lane) sends to match the route.
 */
export async function securityHeaderValues(path: string, own: Record<string, string> = {}): Promise<Record<string, string>> {
  const probe = new Hono().use(securityHeaders()).get('*', (c) => c.body(null, 200, own));
  const res = await probe.request(path);
  return Object.fromEntries(res.headers);
}

/**
 * The Content-Security-Policy of each prerendered page, with its hashes, as the build wrote it
 * (dist/_headers.json, from astro.config.mjs's `staticHeaders`); by the path a browser asks for.
 */
export function prerenderedPageCsp(siteDir: string): ((path: string) => string | undefined) | undefined {
  const file = join(siteDir, '_headers.json');
  if (!existsSync(file)) return undefined;
  const entries = JSON.parse(readFileSync(file, 'utf8')) as { pathname: string; headers: { key: string; value: string }[] }[];
  const csp = new Map(
    entries.map((e) => [e.pathname, e.headers.find((h) => h.key.toLowerCase() === 'content-security-policy')?.value]),
  );
  return (path) => csp.get(path.replace(/\/index\.html$/, '').replace(/(.)\/$/, '$1') || '/');
}
