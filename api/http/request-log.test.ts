import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newToken } from '../auth/tokens.ts';
import { startTestServer, type TestServer } from '../testing.ts';
import { buildSiteForTests } from '../testing-site.ts';
import type { LogLine } from './logger.ts';
import { redactedPath } from './request-log.ts';

let server: TestServer;
let site: Awaited<ReturnType<typeof buildSiteForTests>>;
const lines: LogLine[] = [];

beforeAll(async () => {
  site = await buildSiteForTests();
  server = await startTestServer({ SITE_DIR: site.dir }, (line) => lines.push(line));
});
afterAll(async () => {
  await server.close();
  site.remove();
});

const { token, secret } = newToken();
const id = token.split('.')[0] as string;

describe('the request log', () => {
  it('keeps the secret part of every personal link out of the path it logs', () => {
    expect(redactedPath(`/enquete/${token}`)).toBe(`/enquete/${id}.…`);
    expect(redactedPath(`/enquete/${token}/terugbellen`)).toBe(`/enquete/${id}.…/terugbellen`);
    expect(redactedPath(`/en/enquete/${token}`)).toBe(`/en/enquete/${id}.…`);
    expect(redactedPath(`/volg/link/${token}`)).toBe(`/volg/link/${id}.…`);
    expect(redactedPath(`/volg/portfolio-agenda/${token}.ics`)).toBe(`/volg/portfolio-agenda/${id}.…`);
    expect(redactedPath(`/en/volg/portfolio-agenda/${token}.ics`)).toBe(`/en/volg/portfolio-agenda/${id}.…`);
    expect(redactedPath(`/volg/afmelden/${token}`)).toBe(`/volg/afmelden/${id}.…`);
    // Anything in that place is treated as a token, also when it is not well-formed.
    expect(redactedPath('/volg/afmelden/geheim')).toBe('/volg/afmelden/…');
    // The widgets' response id is the key to that response: it is left out too.
    expect(redactedPath('/api/v1/enquetes/webfeedback/reacties/r-8f2b6c1d-a3/antwoorden/q1')).toBe(
      '/api/v1/enquetes/webfeedback/reacties/…/antwoorden/q1',
    );
    // Paths without a secret, and the query string, which is never logged.
    expect(redactedPath('/volg/MA-2026-0000123')).toBe('/volg/MA-2026-0000123');
    expect(redactedPath('/api/v1/aanvragen/MA-1')).toBe('/api/v1/aanvragen/MA-1');
    expect(redactedPath('/enquete/bedankt?terugbellen=abc')).toBe('/enquete/bedankt');
  });

  it('writes no personal link in full, over HTTP', async () => {
    const requests: [string, string][] = [
      ['GET', `/volg/link/${token}`],
      ['GET', `/volg/afmelden/${token}`],
      ['POST', `/volg/afmelden/${token}`],
      ['POST', `/enquete/${token}`],
      ['POST', `/enquete/${token}/terugbellen`],
    ];
    for (const [method, path] of requests) {
      await fetch(`${server.url}${path}`, {
        method,
        redirect: 'manual',
        headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
        body: method === 'POST' ? '' : undefined,
      });
    }
    const logged = lines.filter((l) => l.msg === 'request').map((l) => `${l.method} ${l.path}`);
    expect(logged).toEqual(expect.arrayContaining(requests.map(([m, p]) => `${m} ${redactedPath(p)}`)));
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('logs the status an Astro page answered with, not 200', async () => {
    // An unknown survey link: the page says so with 404.
    const res = await fetch(`${server.url}/enquete/${token}`);
    expect(res.status).toBe(404);
    await res.arrayBuffer();
    await vi.waitFor(() => {
      const line = lines.findLast((l) => l.msg === 'request' && l.method === 'GET' && String(l.path).startsWith('/enquete/'));
      expect(line).toMatchObject({ path: `/enquete/${id}.…`, status: 404 });
    });
  });
});
