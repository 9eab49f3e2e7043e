import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidgets, type WidgetManifest } from '../../scripts/build-widgets.ts';
import { startTestServer, type TestServer } from '../testing.ts';

let server: TestServer;
let manifest: WidgetManifest;

beforeAll(async () => {
  const site = mkdtempSync(join(tmpdir(), 'traject-site-'));
  manifest = await buildWidgets(join(site, 'widgets'));
  server = await startTestServer({ SITE_DIR: site });
});
afterAll(() => server.close());

const get = (name: string, headers: Record<string, string> = {}) => fetch(`${server.url}/widgets/${name}`, { headers });

describe('GET /widgets/*', () => {
  it('serves versioned files for a year and lets any site load them (CORS, CORP cross-origin)', async () => {
    for (const name of [manifest.loader, manifest.ui.nl, manifest.ui.en]) {
      const res = await get(name);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves the stable loader URL briefly cached, with an ETag that answers 304', async () => {
    const res = await get('traject.js');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = res.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    expect((await get('traject.js', { 'if-none-match': etag })).status).toBe(304);
  });

  it('sends gzip to clients that take it', async () => {
    const { request } = await import('node:http');
    const { port } = new URL(server.url);
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      request({ port, path: `/widgets/${manifest.loader}`, headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toContain(manifest.ui.nl.slice(2));
  });

  it('answers 404 for anything else', async () => {
    expect((await get('ui-0000000000.js')).status).toBe(404);
    expect((await get('..%2Fmanifest.json')).status).toBe(404);
  });
});
