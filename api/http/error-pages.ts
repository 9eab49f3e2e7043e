/**
 * The site's own pages for "not found" and "something went wrong" (site/pages/404.astro, 500.astro
 * and their English twins), as the build wrote them, sent with their status, their CSP and the
 * reader's language: English under /en/, Dutch elsewhere. The API keeps its problem+json answers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'hono';

/** The page for a status at the request's path; undefined for the API, or when there is no built site. */
export type ErrorPages = (c: Context, status: 404 | 500 | 503) => Response | undefined;

const FILES = { '/404': '404.html', '/500': '500.html', '/en/404': 'en/404/index.html', '/en/500': 'en/500/index.html' };

const isEnglish = (path: string) => path === '/en' || path.startsWith('/en/');

/** Reads the built pages once; `csp` gives each prerendered page's policy (with the hashes of its inline styles). */
export function errorPagesFrom(clientDir: string, csp: (path: string) => string | undefined): ErrorPages | undefined {
  const pages = new Map<string, { html: string; csp: string | undefined }>();
  for (const [path, file] of Object.entries(FILES)) {
    const full = join(clientDir, file);
    if (!existsSync(full)) return undefined;
    pages.set(path, { html: readFileSync(full, 'utf8'), csp: csp(path) });
  }
  return (c, status) => {
    if (c.req.path.startsWith('/api/')) return undefined;
    // 503 (storage full, a database away) is "something went wrong, try again", with a time to wait.
    const page = pages.get(`${isEnglish(c.req.path) ? '/en' : ''}/${status === 404 ? 404 : 500}`);
    if (!page) return undefined;
    return c.html(page.html, status, {
      ...(page.csp && { 'content-security-policy': page.csp }),
      ...(status === 503 && { 'retry-after': '60' }),
    });
  };
}
