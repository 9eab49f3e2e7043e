/**
 * After the build, every internal link (href, src, form action) in every page must lead to a
 * built file, an on-demand route, or a path the server answers itself (the API); a link with a
 * #fragment must find that id on the target page. Anything else fails the build, by page.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * Served by api/server.ts, not by Astro. `/volg` is track & trace (issue 3), rendered per
 * request by site/pages/volg*; once those pages exist their route covers it as well. `/widgets`
 * is built by scripts/build-widgets.ts after the site.
 */
export const SERVED_ELSEWHERE = [/^\/api\//, /^\/volg(\/|$)/, /^\/widgets\//];

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const ATTRIBUTE = /\s(?:href|src|action)="([^"]*)"/g;
const ID = /\sid="([^"]*)"/g;

/** The built file a path resolves to, as the static server would find it. */
function fileFor(root: string, path: string): string | undefined {
  const clean = decodeURIComponent(path);
  const candidates = clean.endsWith('/')
    ? [join(root, clean, 'index.html')]
    : [join(root, clean), join(root, clean, 'index.html'), join(root, `${clean}.html`)];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Every broken internal link in the built site, as "page: link (why)". */
export function brokenLinks(root: string, onDemand: RegExp[] = []): string[] {
  const problems: string[] = [];
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string) => {
    let set = ids.get(file);
    if (!set) {
      set = new Set([...readFileSync(file, 'utf8').matchAll(ID)].map((m) => m[1] as string));
      ids.set(file, set);
    }
    return set;
  };
  for (const page of htmlFiles(root)) {
    const html = readFileSync(page, 'utf8');
    const from = `/${relative(root, page)}`;
    for (const [, raw = ''] of html.matchAll(ATTRIBUTE)) {
      const value = raw.replaceAll('&amp;', '&');
      if (!value.startsWith('/') && !value.startsWith('#')) continue; // external, data: or mailto:
      if (value.startsWith('//')) continue;
      const [pathAndQuery = '', fragment] = value.split('#');
      const path = pathAndQuery.split('?')[0] || from;
      if (SERVED_ELSEWHERE.some((r) => r.test(path)) || onDemand.some((r) => r.test(path))) continue;
      const target = path === from ? page : fileFor(root, path);
      if (!target) {
        problems.push(`${from}: link naar ${value} leidt nergens heen`);
        continue;
      }
      if (fragment && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(fragment))) {
        problems.push(`${from}: link naar ${value}: de pagina heeft geen anker "#${fragment}"`);
      }
    }
  }
  return problems;
}

export function linkCheck(): AstroIntegration {
  const onDemand: RegExp[] = [];
  return {
    name: 'traject-link-check',
    hooks: {
      'astro:routes:resolved': ({ routes }) => {
        onDemand.length = 0;
        for (const route of routes) if (!route.isPrerendered) onDemand.push(route.patternRegex);
      },
      'astro:build:done': ({ dir, logger }) => {
        const problems = brokenLinks(fileURLToPath(dir), onDemand);
        if (problems.length === 0) return void logger.info('alle interne links kloppen');
        logger.error(`\nKapotte links (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
        throw new Error(`${problems.length} kapotte interne link(s): zie hierboven`);
      },
    },
  };
}
