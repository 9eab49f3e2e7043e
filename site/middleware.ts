/**
 * An error while an on-demand page renders is answered by the server (api/server.ts): logged, and
 * the site's own 500 page in the reader's language (English under /en/), or a 503 for a full disk
 * or a database out of reach. Astro's node adapter would send its root 500 page, Dutch, for every
 * path. Pages are not streamed (astro.config.mjs), so an error reaches this point before a byte
 * of the page has left.
 */
import { defineMiddleware } from 'astro:middleware';

export const onRequest = defineMiddleware(async (context, next) => {
  try {
    return await next();
  } catch (error) {
    const failed = context.locals.failed;
    if (!failed) throw error;
    return failed(error);
  }
});
