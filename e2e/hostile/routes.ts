/**
 * The hostile host page for the browser tests, mounted by e2e/server.ts only: global !important
 * styles, a strict Content-Security-Policy with a fresh nonce per request (no 'unsafe-inline',
 * not even 'self' for scripts), and Cross-Origin-Embedder-Policy, which refuses cross-origin files
 * without Cross-Origin-Resource-Policy. Open it at http://localhost:<port>/e2e/hostile/ so that the
 * widgets (from 127.0.0.1:<port>) are cross-origin, as on a third party's site.
 * ?widgets=nee leaves the loader out (to compare the page with and without it).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';

const read = (name: string) => readFileSync(join(import.meta.dirname, name), 'utf8');

export function hostileRoutes() {
  return new Hono()
    .get('/e2e/hostile/', (c) => {
      const nonce = randomBytes(16).toString('base64');
      const port = new URL(c.req.url).port;
      const portal = `http://127.0.0.1:${port}`;
      const loader =
        c.req.query('widgets') === 'nee' ? '' : `<script async nonce="${nonce}" src="${portal}/widgets/traject.js"></script>`;
      const csp = [
        "default-src 'none'",
        `script-src 'nonce-${nonce}'`,
        "style-src 'self'",
        `connect-src ${portal}`,
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; ');
      return c.html(read('index.html').replaceAll('{{nonce}}', nonce).replace('{{loader}}', loader), 200, {
        'content-security-policy': csp,
        'cross-origin-embedder-policy': 'require-corp',
        'cache-control': 'no-store',
      });
    })
    .get('/e2e/hostile/host.css', (c) => c.body(read('host.css'), 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/e2e/hostile/host.js', (c) => c.body(read('host.js'), 200, { 'content-type': 'text/javascript; charset=utf-8' }));
}
