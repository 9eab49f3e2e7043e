/**
 * Builds the embeddable widgets into dist/widgets/ with esbuild: the survey UI (Preact) first,
 * then the loader, which learns the UI's hashed name. Every file is named after a hash of its
 * content, so it can be cached for a year; `traject.js` is the same loader under a stable name for
 * hosts to embed (cached briefly). manifest.json names the files and their sizes (bytes, gzip).
 * The survey files are checked first: a broken one stops the build with the file and the field.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin, transform } from 'esbuild';
import { ContentError } from '../domain/content.ts';
import { LANGUAGES, type Lang } from '../domain/language.ts';
import { loadSurveys } from '../domain/survey-schema.ts';

const ROOT = join(import.meta.dirname, '..');
export const WIDGETS_OUT = join(ROOT, 'dist', 'widgets');
const SOURCES = ['widgets', 'scripts/build-widgets.ts', 'content/enquetes', 'domain/survey-schema.ts'];
/** The stable, unversioned loader URL hosts embed. */
export const STABLE_LOADER = 'traject.js';

export type WidgetManifest = {
  loader: string;
  /** The survey UI, one file per language, each with only its own words (widgets/ui/words.ts). */
  ui: Record<Lang, string>;
  sizes: Record<string, { bytes: number; gzip: number }>;
};

/** CSS imports become minified strings, adopted into shadow roots at run time. */
const cssAsText: Plugin = {
  name: 'css-as-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await transform(readFileSync(path, 'utf8'), { loader: 'css', minify: true, target: 'chrome111' });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'widgets', entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    // A browser without ES2022 fails on our file only: no widget, the host page is unaffected.
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define,
    legalComments: 'none',
    // Not the project's tsconfig: its strict mode would add "use strict" to every file.
    tsconfigRaw: {},
    plugins: [cssAsText],
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

export async function buildWidgets(out = WIDGETS_OUT, contentDir = join(ROOT, 'content')): Promise<WidgetManifest> {
  loadSurveys(contentDir);
  const codes = Object.fromEntries(
    await Promise.all(LANGUAGES.map(async (lang) => [lang, await bundle('ui/index.tsx', { __LANG__: JSON.stringify(lang) })])),
  ) as Record<Lang, string>;
  // One name for both: the loader puts the language it chose in front (`en-ui-<hash>.js`).
  const name = `-ui-${hashOf(LANGUAGES.map((lang) => codes[lang]).join('\n'))}.js`;
  const ui = Object.fromEntries(LANGUAGES.map((lang) => [lang, `${lang}${name}`])) as Record<Lang, string>;
  const loaderCode = await bundle('loader.ts', { __UI__: JSON.stringify(name) });
  const loader = `traject-${hashOf(loaderCode)}.js`;
  const files: Record<string, string> = { [loader]: loaderCode, [STABLE_LOADER]: loaderCode };
  for (const lang of LANGUAGES) files[ui[lang]] = codes[lang];
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sizes: WidgetManifest['sizes'] = {};
  for (const [name, code] of Object.entries(files)) {
    writeFileSync(join(out, name), code);
    sizes[name] = { bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
  }
  const manifest: WidgetManifest = { loader, ui, sizes };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function widgetsAreStale(out = WIDGETS_OUT): boolean {
  const manifest = join(out, 'manifest.json');
  if (!existsSync(manifest)) return true;
  return Math.max(...SOURCES.map((s) => newest(join(ROOT, s)))) > statSync(manifest).mtimeMs;
}

/** Builds when a source is newer than the build (or there is none); returns the manifest. */
async function buildWidgetsIfNeeded(force = false): Promise<WidgetManifest> {
  if (force || widgetsAreStale()) {
    console.error('Widgets bouwen (esbuild)…');
    return buildWidgets();
  }
  return JSON.parse(readFileSync(join(WIDGETS_OUT, 'manifest.json'), 'utf8')) as WidgetManifest;
}

if (import.meta.main) {
  try {
    const manifest = await buildWidgetsIfNeeded(process.argv.includes('--force'));
    for (const [name, s] of Object.entries(manifest.sizes)) console.error(`  ${name}: ${s.bytes} B, ${s.gzip} B gzip`);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    console.error(`\n${error.message}\n\nPas het bestand aan en bouw opnieuw. Uitleg: content/enquetes/LEESMIJ.md`);
    process.exit(1);
  }
}
