/**
 * The server of the preview's browser tests: `npm run voorbeeld` (astro dev) on a fresh copy of
 * content/ (CONTENT_DIR), so a test may change the editors' files without touching the real ones.
 * The copy's place is known to the tests by the port (previewContentCopy). `--ignore-lock`: beside
 * an editor's own `npm run voorbeeld`, which Astro would otherwise refuse to run a second of.
 */
import { spawn } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { previewContentCopy } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const port = process.env.PORT ?? '4432';
const dir = previewContentCopy(port);
rmSync(dir, { recursive: true, force: true });
cpSync(join(ROOT, 'content'), dir, { recursive: true });

const astro = spawn(
  join(ROOT, 'node_modules', '.bin', 'astro'),
  ['dev', '--port', port, '--host', '127.0.0.1', '--ignore-lock'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CONTENT_DIR: dir, ASTRO_TELEMETRY_DISABLED: '1' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => astro.kill(signal));
astro.on('exit', (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
