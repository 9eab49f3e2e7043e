/**
 * The hostile host page for the browser tests, mounted by e2e/server.ts only: global !important
 * styles, a strict Content-Security-Policy with a fresh nonce per request (no 'unsafe-inline',
 * not even 'self' for scripts), and Cross-Origin-Embedder-Policy, which refuses cross-origin files
 * without Cross-Origin-Resource-Policy. Open it at http://localhost:<port>/e2e/hostile/ so that the
 * widgets (from 127.0.0.1:<port>) are cross-origin, as on a third party's site.
 * ?widgets=nee leaves the loader out (to compare the page with and without it).
 * ?nummer=<aanvraag> is the aanvraag the page is about: as a grid operator's portal would, the page
 * asks the API for the pop-up tokens of that aanvraag with its API key (Netbeheer Zuid's) before it
 * is sent, and hands them to its script in meta tags; an aanvraag the API does not know gets none.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { apiKey } from '../fixtures.ts';

const read = (name: string) => readFileSync(join(import.meta.dirname, name), 'utf8');

/** The pop-ups the page can start, by the name host.js looks them up by. */
const POP_UPS = [
  ['webfeedback', 'aanvraag-ingediend'],
  ['offerte', 'offerte-geaccepteerd'],
  ['offerte', 'offerte-afgewezen'],
] as const;

/** Meta tags with a token per pop-up, asked for server-side with the portal's API key. */
async function tokenTags(portal: string, aanvraagnummer: string | undefined): Promise<string> {
  if (!aanvraagnummer) return '';
  const tags = await Promise.all(
    POP_UPS.map(async ([survey, aanleiding]) => {
      const res = await fetch(`${portal}/api/v1/enquetes/${survey}/pop-up-tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey('netbeheer-zuid')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ aanvraagnummer, aanleiding }),
      });
      if (!res.ok) return '';
      const { token } = (await res.json()) as { token: string };
      return `<meta name="token-${aanleiding}" content="${token}" />`;
    }),
  );
  return tags.join('');
}

export function hostileRoutes() {
  return new Hono()
    .get('/e2e/hostile/', async (c) => {
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
      const tokens = await tokenTags(portal, c.req.query('nummer'));
      const page = read('index.html').replaceAll('{{nonce}}', nonce).replace('{{tokens}}', tokens).replace('{{loader}}', loader);
      return c.html(page, 200, {
        'content-security-policy': csp,
        'cross-origin-embedder-policy': 'require-corp',
        'cache-control': 'no-store',
      });
    })
    .get('/e2e/hostile/host.css', (c) => c.body(read('host.css'), 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/e2e/hostile/host.js', (c) => c.body(read('host.js'), 200, { 'content-type': 'text/javascript; charset=utf-8' }));
}
