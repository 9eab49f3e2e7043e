/**
 * The editors' preview, `npm run voorbeeld` (`astro dev`): the site that reloads while an editor
 * types, plus a gallery of the real track & trace page for fictitious aanvragen in every state
 * (/voorbeeld) and every customer mail (/voorbeeld/mails), all with the content on disk now.
 * Only the dev server gets its pages and middleware: a build never holds them, so the production
 * site has no /voorbeeld and no fictitious aanvraag (e2e/preview-absent.spec.ts).
 */
import type { AstroIntegration } from 'astro';
import { contentDir } from './content-check.ts';

const here = (path: string) => new URL(path, import.meta.url);

export function preview(dir = contentDir()): AstroIntegration {
  return {
    name: 'traject-preview',
    hooks: {
      'astro:config:setup': ({ command, injectRoute, addMiddleware }) => {
        if (command !== 'dev') return;
        injectRoute({ pattern: '/voorbeeld', entrypoint: here('../preview/Gallery.astro'), prerender: false });
        injectRoute({ pattern: '/voorbeeld/mails', entrypoint: here('../preview/Mails.astro'), prerender: false });
        addMiddleware({ entrypoint: here('../preview/middleware.ts'), order: 'pre' });
      },
      // Every page reads content/ when it is opened; a saved file reloads the open page.
      'astro:server:setup': ({ server }) => {
        server.watcher.add(dir);
        const reload = (path: string) => path.startsWith(dir) && server.ws.send({ type: 'full-reload' });
        for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, reload);
      },
      'astro:server:start': ({ address, logger }) => {
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        logger.info(
          `Voorbeeld van track & trace en de mails: http://${host === '::1' || host === '[::1]' ? 'localhost' : host}:${address.port}/voorbeeld`,
        );
      },
    },
  };
}
