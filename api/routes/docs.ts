/**
 * The API reference at /api/v1/docs: our own page, rendered on the server from the OpenAPI
 * document (api/http/reference-page.ts), so it is accessible and loads nothing but itself.
 */
import { Hono } from 'hono';
import { referenceHtml } from '../http/reference-page.ts';

export function docsRoutes(document: () => object) {
  let html: string | undefined;
  return new Hono().get('/docs', (c) => {
    // The document does not change while the server runs: render it once.
    html ??= referenceHtml(document());
    return c.html(html);
  });
}
