/**
 * Builds the Astro site when its sources are newer than the build (or there is no build yet),
 * then indexes it with Pagefind for the site search. Pagefind's binary comes from npm
 * (@pagefind/<platform>), so indexing and searching need no outside service. Then the widgets
 * (scripts/build-widgets.ts), the same way: only when their sources changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { widgetsAreStale } from './build-widgets.ts';

const ROOT = join(import.meta.dirname, '..');
// security-headers.ts holds the site's CSP, which the build writes into every page's header.
const SOURCES = ['site', 'content', 'domain', 'astro.config.mjs', 'api/http/security-headers.ts'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function siteIsStale(dist = join(ROOT, 'dist')): boolean {
  const entry = join(dist, 'server', 'entry.mjs');
  // Without the search index the build is incomplete (an `astro build` run by hand leaves none).
  if (!existsSync(entry) || !existsSync(join(dist, 'client', 'pagefind', 'pagefind.js'))) return true;
  return Math.max(...SOURCES.map((s) => newest(join(ROOT, s)))) > statSync(entry).mtimeMs;
}

/** Builds the site, then the widgets, each if needed (with its own progress output); throws when a build fails. */
export function buildSiteIfNeeded(force = false): void {
  buildSiteOnly(force);
  // After the site: its build may have emptied dist/.
  if (force || widgetsAreStale()) buildWidgetsNow();
}

/** In a child process like astro build: esbuild's plugins need its asynchronous API. */
function buildWidgetsNow(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-widgets.ts'), '--force'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('de widgets bouwen is mislukt: zie de melding hierboven');
}

/** Runs `astro build` and indexes the result. */
function buildSiteOnly(force: boolean): void {
  if (!force && !siteIsStale()) return;
  console.error('Site bouwen (astro build)…');
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'astro'), ['build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('astro build is mislukt: zie de melding hierboven');
  indexSite();
}

/** Writes the search index to dist/client/pagefind/ (only pages with data-pagefind-body). */
export function indexSite(client = join(ROOT, 'dist', 'client')): void {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'pagefind'), ['--site', client, '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('pagefind (de zoekindex) is mislukt: zie de melding hierboven');
}

if (import.meta.main) buildSiteIfNeeded(process.argv.includes('--force'));
