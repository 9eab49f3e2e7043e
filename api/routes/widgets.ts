/**
 * GET /widgets/* — the built widgets (scripts/build-widgets.ts) for any site to embed: readable
 * cross-origin (CORS, and Cross-Origin-Resource-Policy: cross-origin instead of the same-origin
 * that api/http/security-headers.ts sends elsewhere), hashed files cached for a year, the stable
 * loader for five minutes. Read once into memory at start, gzipped once: they are a few kilobytes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { noneMatchHits, strongETag } from '../http/etag.ts';

type File = { body: Buffer; gzip: Buffer; etag: string; type: string; cache: string };

const YEAR = 'public, max-age=31536000, immutable';
/** The unversioned loader and the manifest change with every release. */
const SHORT = 'public, max-age=300';

function readFiles(dir: string): Map<string, File> {
  const files = new Map<string, File>();
  if (!existsSync(join(dir, 'manifest.json'))) return files;
  for (const name of readdirSync(dir)) {
    const body = readFileSync(join(dir, name));
    files.set(name, {
      body,
      gzip: gzipSync(body, { level: 9 }),
      etag: strongETag(body),
      type: name.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
      cache: /-[0-9a-f]{10}\.js$/.test(name) ? YEAR : SHORT,
    });
  }
  return files;
}

export function widgetRoutes(dir: string) {
  const files = readFiles(dir);
  return new Hono().get('/widgets/:name', (c) => {
    const file = files.get(c.req.param('name'));
    const headers: Record<string, string> = {
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    };
    if (!file) return c.text('Onbekend widgetbestand', 404, headers);
    Object.assign(headers, { 'content-type': file.type, 'cache-control': file.cache, etag: file.etag, vary: 'Accept-Encoding' });
    if (noneMatchHits(c.req.header('if-none-match'), file.etag)) return c.body(null, 304, headers);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gzip) headers['content-encoding'] = 'gzip';
    return c.body(new Uint8Array(gzip ? file.gzip : file.body), 200, headers);
  });
}
