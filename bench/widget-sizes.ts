/**
 * What a visitor downloads for the widgets, gzip, beside the published @formbricks/js package
 * measured in the same run (fetched with `npm pack` from the registry). Formbricks' package is only
 * its loader: it fetches its survey UI from the Formbricks server at run time, which is not in it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gzip = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export type WidgetSizes = {
  loader: number;
  ui: number;
  total: number;
  formbricksLoader: number | null;
  formbricksVersion: string | null;
};

export function widgetSizes(distDir: string): WidgetSizes {
  const manifest = JSON.parse(readFileSync(join(distDir, 'widgets', 'manifest.json'), 'utf8')) as {
    loader: string;
    ui: Record<string, string>;
  };
  const loader = gzip(join(distDir, 'widgets', manifest.loader));
  // A visitor gets the survey UI in one language: the larger of them counts.
  const ui = Math.max(...Object.values(manifest.ui).map((file) => gzip(join(distDir, 'widgets', file))));
  let formbricksLoader: number | null = null;
  let formbricksVersion: string | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'formbricks-'));
  try {
    const tarball = execFileSync('npm', ['pack', '@formbricks/js', '--silent', '--pack-destination', dir], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1);
    execFileSync('tar', ['xzf', join(dir, tarball ?? ''), '-C', dir]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8')) as {
      version: string;
      exports: { import: string };
    };
    formbricksVersion = pkg.version;
    formbricksLoader = gzip(join(dir, 'package', pkg.exports.import));
  } catch {
    // No registry at hand: our figures still stand, the comparison is left out.
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { loader, ui, total: loader + ui, formbricksLoader, formbricksVersion };
}
