/**
 * A readable API reference (Scalar) at /api/v1/docs, served entirely from this server:
 * its script comes from the installed package, not from a CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
let script: Buffer | undefined;

export function docsRoutes(_document: () => object) {
  return new Hono()
    .get('/docs/scalar.js', (c) => {
      script ??= readFileSync(join(dirname(require.resolve('@scalar/api-reference')), 'browser', 'standalone.js'));
      return c.body(new Uint8Array(script), 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      });
    })
    .get(
      '/docs',
      Scalar({
        url: '/api/v1/openapi.json',
        cdn: '/api/v1/docs/scalar.js',
        pageTitle: 'Traject API',
        withDefaultFonts: false,
        telemetry: false,
        // No calls to scalar.com: no AI agent, no request proxy. The page works offline.
        agent: { disabled: true },
      }),
    );
}
