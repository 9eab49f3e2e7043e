/**
 * One set of security headers on every answer — pages, files, API, widgets, 404s — and a strict
 * Content-Security-Policy that still lets every page run: each inline script and style a page
 * carries is allowed by its hash, nothing by 'unsafe-inline'.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, submission, type TestServer } from '../testing.ts';
import { buildSiteForTests } from '../testing-site.ts';

let server: TestServer;
let site: Awaited<ReturnType<typeof buildSiteForTests>>;
let key: string;
const NUMBER = 'MA-KOPPEN-1';

beforeAll(async () => {
  site = await buildSiteForTests();
  server = await startTestServer({ SITE_DIR: site.dir });
  key = server.keys.get('netbeheer-zuid') as string;
  expect((await server.post(key, { berichten: [submission(NUMBER)] })).status).toBe(201);
});
afterAll(async () => {
  await server.close();
  site.remove();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { redirect: 'manual', headers });

/** The sources a CSP directive allows (or those of default-src when it is missing). */
function sources(csp: string, directive: string): string[] {
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name as string, values]),
  );
  return directives.get(directive) ?? directives.get('default-src') ?? [];
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('security headers', () => {
  it('are on every answer: pages, files, API, widgets and 404s alike', async () => {
    const paths = [
      '/',
      '/en/',
      '/begrippen/',
      '/zoeken/',
      '/volg',
      '/beheer/inloggen',
      '/bestaat-niet',
      '/_astro/bestaat-niet.css',
      '/api/v1/bestaat-niet',
      `/api/v1/aanvragen/${NUMBER}`,
      '/api/v1/openapi.json',
      '/healthz',
      '/widgets/traject.js',
      '/widgets/bestaat-niet.js',
      '/volg/afmelden/onbekend',
    ];
    for (const path of paths) {
      const res = await get(path);
      const headers = Object.fromEntries(res.headers);
      expect(headers, `${path} (${res.status})`).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'strict-transport-security': expect.stringMatching(/^max-age=\d{8,}; includeSubDomains$/),
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
    }
  });

  it('give the pages a strict CSP that allows each inline script and style of the page by its hash', async () => {
    const pages = ['/', '/zoeken/', '/en/search/', '/volg', '/volg/code', '/beheer/inloggen', '/volg/afmelden/onbekend'];
    // The site's own 404 page, at an address that is no page.
    for (const path of [...pages, '/bestaat-niet', '/en/does-not-exist']) {
      const res = await get(path);
      expect(res.status, path).toBeLessThan(500);
      const csp = res.headers.get('content-security-policy') ?? '';
      const html = await res.text();
      const scripts = sources(csp, 'script-src');
      const styles = sources(csp, 'style-src');
      for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:'])
        expect([...scripts, ...styles], `${path}: ${csp}`).not.toContain(loose);
      for (const [, body] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
        expect(scripts, `${path}: inline script`).toContain(hash(body as string));
      for (const [, body] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g))
        expect(styles, `${path}: inline style`).toContain(hash(body as string));
      // Attributes a hash cannot allow.
      expect(html, path).not.toMatch(/\sstyle="|\son[a-z]+="/);
      expect(sources(csp, 'object-src'), path).toEqual(["'none'"]);
      expect(sources(csp, 'base-uri'), path).toEqual(["'none'"]);
    }
  });

  it('keep the widgets loadable by other sites', async () => {
    const res = await get('/widgets/traject.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('forbid storing the personal pages in both languages: track & trace and survey links', async () => {
    for (const path of ['/volg', '/en/volg', '/enquete/onbekend', '/en/enquete/onbekend']) {
      expect((await get(path)).headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('forbid storing contact summaries and phone numbers: the look-up (route and fast lane) and the call-back list', async () => {
    const auth = { authorization: `Bearer ${key}` };
    for (const path of [`/api/v1/aanvragen/${NUMBER}?via=route`, `/api/v1/aanvragen/${NUMBER}`, '/api/v1/terugbelverzoeken']) {
      const res = await get(path, auth);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('give JSON answers of the API the headers an API needs, and keep the document-only ones for pages', async () => {
    const documentOnly = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-xss-protection', 'x-download-options'];
    for (const path of [`/api/v1/aanvragen/${NUMBER}`, '/api/v1/bestaat-niet', '/api/v1/openapi.json']) {
      const res = await get(path, { authorization: `Bearer ${key}` });
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      for (const name of documentOnly) expect(res.headers.get(name), `${path} ${name}`).toBeNull();
    }
    for (const path of ['/', '/volg', '/api/v1/docs']) {
      const res = await get(path);
      for (const name of documentOnly) expect(res.headers.get(name), `${path} ${name}`).not.toBeNull();
    }
  });
});
