// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

// Process pages are prerendered; the few per-request pages set `prerender = false` and are
// rendered by the node handler that api/server.ts mounts behind the API (middleware mode).
export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  adapter: node({ mode: 'middleware' }),
  session: false,
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  i18n: { locales: ['nl', 'en'], defaultLocale: 'nl' },
});
