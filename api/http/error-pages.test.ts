/**
 * An address that does not exist, or an error on our side, answers with the site's own page in
 * the reader's language — title, lang, the ways back, the portal's frame — with the right status
 * and a CSP that allows the page's own inline styles; the API keeps its problem+json answers.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/sessions.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';
import { buildSiteForTests } from '../testing-site.ts';
import { createLogger } from './logger.ts';

let server: TestServer;
let site: Awaited<ReturnType<typeof buildSiteForTests>>;

beforeAll(async () => {
  site = await buildSiteForTests();
  const failing = new Hono()
    .get('/proef/kapot', () => {
      throw new Error('a bug on a page');
    })
    .get('/en/proef/kapot', () => {
      throw new Error('a bug on an English page');
    });
  server = await startTestServer({ SITE_DIR: site.dir }, createLogger('silent'), { extraRoutes: failing });
  const nb = server.keys.get('netbeheer-zuid') as string;
  const applicant = { name: 'Sanne de Vries', email: 'sanne@example.com' };
  expect((await server.post(nb, { berichten: [submission('MA-FOUT-1', { applicant })] })).status).toBe(201);
});
afterAll(async () => {
  await server.close();
  site.remove();
});

const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

describe('error pages', () => {
  it.each([
    ['/bestaat-niet', 404, 'nl', 'Deze pagina bestaat niet', 'Naar de startpagina'],
    ['/fasen/bestaat-niet/', 404, 'nl', 'Deze pagina bestaat niet', 'Naar de startpagina'],
    ['/en/does-not-exist', 404, 'en', 'This page does not exist', 'To the home page'],
    ['/volg/MA-FOUT-1/bestaat/niet', 404, 'nl', 'Deze pagina bestaat niet', 'Naar de startpagina'],
    ['/en/volg/MA-FOUT-1/does/not/exist', 404, 'en', 'This page does not exist', 'To the home page'],
    ['/proef/kapot', 500, 'nl', 'Er ging iets mis aan onze kant', 'Naar de startpagina'],
    ['/en/proef/kapot', 500, 'en', 'Something went wrong on our side', 'To the home page'],
  ])('%s answers %i with the site’s own page in its language', async (path, status, lang, title, back) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`<html lang="${lang}"`);
    expect(html).toContain(`<title>${title} · Traject</title>`);
    expect(html).toMatch(new RegExp(`<a href="${lang === 'nl' ? '/' : '/en/'}">${back}</a>`));
    // Its inline styles are allowed by the page's own CSP, not blocked by the default one.
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'self' 'sha256-/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['/volg/MA-FOUT-1', 'nl', 'Er ging iets mis aan onze kant'],
    ['/en/volg/MA-FOUT-1', 'en', 'Something went wrong on our side'],
  ])(
    '%s: a page that fails while it renders answers 500 with the whole error page in its language, not a page cut off',
    async (path, lang, title) => {
      const { token } = await createSession(server.store.access, 'sanne@example.com');
      const store = server.store as { requestState: typeof server.store.requestState };
      const requestState = store.requestState;
      store.requestState = async () => {
        throw new Error('a bug behind the track & trace page');
      };
      try {
        const res = await fetch(`${server.url}${path}`, { headers: { cookie: `traject_sessie=${token}` } });
        expect(res.status).toBe(500);
        const html = await res.text();
        expect(html).toContain(`<html lang="${lang}"`);
        expect(html).toContain(`<title>${title} · Traject</title>`);
        expect(html).toContain('</html>');
      } finally {
        store.requestState = requestState;
      }
    },
  );

  it('leaves the API its problem+json answers', async () => {
    const res = await get('/api/v1/bestaat-niet');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
