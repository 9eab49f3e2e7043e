// @ts-check
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { SITE_CSP } from './api/http/security-headers.ts';
import { contentCheck } from './site/integrations/content-check.ts';
import { linkCheck } from './site/integrations/link-check.ts';
import { preview } from './site/integrations/preview.ts';

// Process pages are prerendered; the few per-request pages set `prerender = false` and are
// rendered by the node handler that api/server.ts mounts behind the API (middleware mode).
// SITE_OUT_DIR lets a test build a modified copy of content/ (CONTENT_DIR) without touching dist/.
export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  // A test build keeps its caches (content store, Vite deps) apart from the real build's.
  ...(process.env.SITE_OUT_DIR && { cacheDir: `${process.env.SITE_OUT_DIR}-cache` }),
  // CSP as a header, not a <meta>: on-demand pages get it from Astro's handler, prerendered pages
  // from dist/_headers.json (api/server.ts serves it with the file).
  // Not streamed: an error while a page renders then becomes the site's 500 page, not a page cut off halfway.
  adapter: node({ mode: 'middleware', staticHeaders: true, experimentalDisableStreaming: true }),
  // Astro hashes every style and script it inlines; what else a page may load is in SITE_CSP.
  security: {
    // The one CSRF check is the server's (api/http/same-origin.ts, on every POST under /beheer/),
    // also for the forms that post to a page itself (/beheer/teksten/bewerken).
    checkOrigin: false,
    csp: {
      directives: [...SITE_CSP.directives],
      scriptDirective: { resources: SITE_CSP.scriptResources },
      styleDirective: { resources: SITE_CSP.styleResources },
    },
  },
  session: false,
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  // Inline CSS: one request less before the first paint on every page.
  build: { format: 'directory', inlineStylesheets: 'always' },
  i18n: { locales: ['nl', 'en'], defaultLocale: 'nl' },
  // The sitemap lists public pages: the track & trace entry, not its signed-in pages, nor the staff side, nor the error pages.
  integrations: [
    contentCheck(),
    sitemap({
      filter: (page) => !/^\/(volg\/.+|beheer(\/|$)|enquete(\/|$)|(en\/)?(404|500)\/?$)/.test(new URL(page).pathname),
    }),
    linkCheck(),
    // Only in `astro dev` (npm run voorbeeld): the editors' gallery; a build never holds it.
    preview(),
  ],
});
