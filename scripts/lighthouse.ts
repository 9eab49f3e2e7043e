/**
 * npm run lighthouse: Lighthouse in Chromium over every page in the sitemap, against the
 * production build served by the real server (started here on a free port and a throwaway
 * database). Prints the four scores per page and fails when a page misses a bar:
 * accessibility 100, performance ≥ 95, best practices ≥ 95, SEO 100.
 * Lighthouse's default profile: a mid-range phone on a throttled 4G connection.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { loadConfig } from '../api/config.ts';
import { startServer } from '../api/server.ts';
import { buildSiteIfNeeded } from './build-site.ts';

const ROOT = join(import.meta.dirname, '..');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const BARS: Record<(typeof CATEGORIES)[number], number> = { performance: 95, accessibility: 100, 'best-practices': 95, seo: 100 };

/** Paths of the sitemap files the build wrote (their host is the configured `site`, not ours). */
function sitemapPaths(): string[] {
  const client = join(ROOT, 'dist', 'client');
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] as string).pathname);
  return locs(readFileSync(join(client, 'sitemap-index.xml'), 'utf8')).flatMap((map) =>
    locs(readFileSync(join(client, map), 'utf8')),
  );
}

buildSiteIfNeeded();
const data = mkdtempSync(join(tmpdir(), 'traject-lighthouse-'));
const server = await startServer(
  loadConfig({ ...process.env, PORT: '0', DATABASE_FILE: join(data, 'lh.sqlite'), LOG_LEVEL: 'silent' }),
);
const only = process.argv.slice(2);
const paths = sitemapPaths().filter((p) => !only.length || only.includes(p));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

let failures = 0;
try {
  console.log(`Lighthouse ${paths.length} pagina's op ${server.url} (mobiel profiel)\n`);
  console.log(`${'pagina'.padEnd(26)} ${CATEGORIES.map((c) => c.padStart(16)).join('')}`);
  for (const path of paths) {
    const result = await lighthouse(`${server.url}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse gaf geen resultaat voor ${path}`);
    const scores = CATEGORIES.map((c) => Math.round((result.lhr.categories[c]?.score ?? 0) * 100));
    const missed = CATEGORIES.filter((c, i) => (scores[i] ?? 0) < BARS[c]);
    console.log(
      `${path.padEnd(26)} ${scores.map((s) => String(s).padStart(16)).join('')}${missed.length ? `  ✘ onder de lat: ${missed.join(', ')}` : ''}`,
    );
    if (missed.length) {
      failures++;
      // Say what to fix: every failed audit of a category below its bar.
      for (const c of missed) {
        for (const ref of result.lhr.categories[c]?.auditRefs ?? []) {
          const audit = result.lhr.audits[ref.id];
          if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
            console.log(`    ${c}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
          }
        }
      }
    }
  }
} finally {
  chrome.kill();
  await server.close();
  rmSync(data, { recursive: true, force: true });
}
console.log(
  failures
    ? `\n${failures} pagina('s) onder de lat`
    : `\nAlle pagina's halen de lat (toegankelijkheid 100, prestaties ≥ 95, best practices ≥ 95, SEO 100)`,
);
process.exit(failures ? 1 : 0);
