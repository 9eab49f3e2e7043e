/**
 * An editor's mistake in content/ is shown on every path an editor or developer takes — npm start,
 * npm run build, npm test and the preview (astro dev) — as the content check's plain message on
 * standard error, with a non-zero exit and no stack trace under it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../domain/content.ts';

const ROOT = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'traject-content-errors-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of content/ with the intake's norm written in words, as an editor might. */
function brokenContent(): string {
  const dir = join(scratch, 'content');
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  const steps = join(dir, 'stappen.yaml');
  const text = readFileSync(steps, 'utf8');
  const broken = text.replace(/werkdagen: 10/, 'werkdagen: tien');
  expect(broken).not.toBe(text);
  writeFileSync(steps, broken);
  return dir;
}

const PATHS: [name: string, command: string, args: string[]][] = [
  ['npm start', 'npm', ['start']],
  ['npm run build', 'npm', ['run', 'build']],
  ['npm test', 'npm', ['test']],
  ['the preview (astro dev)', join(ROOT, 'node_modules', '.bin', 'astro'), ['dev', '--port', '0']],
];

describe('a broken content file', () => {
  const dir = brokenContent();
  it.each(PATHS)('stops %s with the editor’s message and no stack trace', (_name, command, args) => {
    const result = spawnSync(command, args, {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        CONTENT_DIR: dir,
        // Should a path not stop, it builds and writes elsewhere than the real build and database.
        SITE_OUT_DIR: join(scratch, 'dist'),
        DATABASE_FILE: join(scratch, 'traject.sqlite'),
        PORT: '0',
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    });
    expect(result.signal, 'the command stopped by itself').toBeNull();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /stappen\.yaml klopt niet:\s+- regel \d+, item 1 \(intake\), veld "werkdagen": moet een aantal werkdagen zijn/,
    );
    expect(result.stderr).toContain('Uitleg: content/README.md');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\bError:/);
  });
});
