/**
 * Builds the Astro site when its sources are newer than the build (or there is no build yet),
 * then indexes it with Pagefind for the site search. Pagefind's binary comes from npm
 * (@pagefind/<platform>), so indexing and searching need no outside service. Then the widgets
 * (scripts/build-widgets.ts), the same way: only when their sources changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stopOnContentProblems } from '../site/integrations/content-check.ts';
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

/** A build step that failed; what it printed has been shown already, so its stack adds nothing. */
export class BuildError extends Error {}

/**
 * Checks content/ first (a broken file stops here with the editor's message), then builds the
 * site and the widgets, each if needed (with its own progress output); throws a BuildError when a
 * build fails.
 */
export function buildSiteIfNeeded(force = false): void {
  stopOnContentProblems();
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
  if (result.status !== 0) throw new BuildError('de widgets bouwen is mislukt: zie de melding hierboven');
}

/** Runs `astro build` and indexes the result. Astro's page-by-page output is shown only when it fails. */
function buildSiteOnly(force: boolean): void {
  if (!force && !siteIsStale()) return;
  console.error('Site bouwen (astro build)…');
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'astro'), ['build'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}\n`);
    throw new BuildError('astro build is mislukt: zie de melding hierboven');
  }
  indexSite();
}

/** Writes the search index to dist/client/pagefind/ (only pages with data-pagefind-body). */
export function indexSite(client = join(ROOT, 'dist', 'client')): void {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'pagefind'), ['--site', client, '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new BuildError('pagefind (de zoekindex) is mislukt: zie de melding hierboven');
}

/** For commands: builds, or prints why not and exits non-zero, without a stack trace. */
export function buildOrExit(force = false): void {
  try {
    buildSiteIfNeeded(force);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

if (import.meta.main) buildOrExit(process.argv.includes('--force'));
