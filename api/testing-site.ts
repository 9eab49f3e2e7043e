/**
 * The built site for HTTP tests that need the Astro pages: a fresh `astro build` into a folder of
 * its own (a few seconds), so a test neither races the real dist/ nor reads a stale one. Inside the
 * project, since the built server imports the project's packages; the widgets are built beside it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildWidgets } from '../scripts/build-widgets.ts';

const ROOT = join(import.meta.dirname, '..');
const BUILDS = join(ROOT, 'node_modules', '.cache', 'traject-http-tests');

/** Builds the site and the widgets; the folder to use as SITE_DIR, and a function that removes it. */
export async function buildSiteForTests(): Promise<{ dir: string; remove: () => void }> {
  mkdirSync(BUILDS, { recursive: true });
  const dir = mkdtempSync(join(BUILDS, 'site-'));
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'astro'), ['build', '--silent'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SITE_OUT_DIR: dir, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`astro build failed:\n${result.stdout}\n${result.stderr}`);
  await buildWidgets(join(dir, 'widgets'));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-cache`, { recursive: true, force: true });
    },
  };
}
