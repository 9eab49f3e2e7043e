/**
 * The editors' preview, `npm run voorbeeld` (`astro dev`): the site that reloads while an editor
 * types, plus a gallery of the real track & trace page for fictitious aanvragen in every state
 * (/voorbeeld) and every customer mail (/voorbeeld/mails), all with the content on disk now.
 * Only the dev server gets its pages and middleware: a build never holds them, so the production
 * site has no /voorbeeld and no fictitious aanvraag (e2e/preview-absent.spec.ts).
 */
import { relative } from 'node:path';
import type { AstroIntegration } from 'astro';
import { checkContent, contentDir } from './content-check.ts';

const here = (path: string) => new URL(path, import.meta.url);

export function preview(dir = contentDir()): AstroIntegration {
  return {
    name: 'traject-preview',
    hooks: {
      'astro:config:setup': ({ command, injectRoute, addMiddleware, updateConfig }) => {
        if (command !== 'dev') return;
        // The dev server inlines every style while it serves them; under the site's CSP (a header, for
        // the built site) the preview would show the pages unstyled. The build keeps its CSP.
        // The dev toolbar would sit over the page the editor is reading.
        updateConfig({ security: { csp: false }, devToolbar: { enabled: false } });
        injectRoute({ pattern: '/voorbeeld', entrypoint: here('../preview/Gallery.astro'), prerender: false });
        injectRoute({ pattern: '/voorbeeld/mails', entrypoint: here('../preview/Mails.astro'), prerender: false });
        addMiddleware({ entrypoint: here('../preview/middleware.ts'), order: 'pre' });
      },
      // Every preview page reads content/ when it is opened. Astro reloads the open page itself when a
      // valid change reaches its content store (site/content.config.ts); the preview reloads it when
      // the store does not change: a broken file (its message shows), the fix after it, a survey.
      'astro:server:setup': ({ server }) => {
        server.watcher.add(dir);
        let failing = false;
        let pending: ReturnType<typeof setTimeout> | undefined;
        const changed = (path: string) => {
          if (!path.startsWith(dir)) return;
          clearTimeout(pending);
          pending = setTimeout(() => {
            // A text without its English is no broken file here: the preview shows it and marks it.
            const { error } = checkContent(dir, { englishRequired: false });
            const inStore = !relative(dir, path).startsWith('enquetes');
            if (error || failing || !inStore) server.ws.send({ type: 'full-reload' });
            failing = !!error;
          }, 100);
        };
        for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, changed);
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
