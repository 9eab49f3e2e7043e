/**
 * The hook answers relative imports inside an ES-module dependency itself, with the URL and format
 * Node would give, and leaves every other import to Node. Real Node processes over a fixture
 * node_modules: an ESM package with a CommonJS subfolder, a package without "type", and a missing file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const HOOK = join(import.meta.dirname, 'esm-package-scopes.ts');
const root = mkdtempSync(join(tmpdir(), 'traject-scopes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
write(
  'node_modules/esm-pkg/package.json',
  JSON.stringify({ name: 'esm-pkg', type: 'module', exports: { '.': './a.js', './broken.js': './broken.js' } }),
);
write(
  'node_modules/esm-pkg/a.js',
  "import { b } from './lib/b.js';\nimport c from './cjs/c.js';\nexport const a = b + '+' + c;\n",
);
write('node_modules/esm-pkg/lib/b.js', "import { d } from '../d.js';\nexport const b = 'b' + d;\n");
write('node_modules/esm-pkg/d.js', 'export const d = 1;\n');
write('node_modules/esm-pkg/cjs/package.json', JSON.stringify({ type: 'commonjs' }));
write('node_modules/esm-pkg/cjs/c.js', "module.exports = 'c';\n");
write('node_modules/esm-pkg/broken.js', "import './nowhere.js';\n");
write('node_modules/plain-pkg/package.json', JSON.stringify({ name: 'plain-pkg', main: 'a.js' }));
write('node_modules/plain-pkg/a.js', "module.exports = require('./b.js');\n");
write('node_modules/plain-pkg/b.js', "module.exports = 'plain';\n");

/**
 * Runs a script that registers a recorder first and the hook after it, so the hook runs first:
 * the recorder sees only the relative imports the hook left to Node.
 */
function run(body: string) {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve(s, c, next) { if (s.startsWith('.')) seen.push(s); return next(s, c); } });
    await import(${JSON.stringify(pathToFileURL(HOOK).href)});
    ${body}
    console.log(JSON.stringify({ seen }));
  `;
  const file = join(root, `run-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  const child = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8' });
  return { ...child, last: child.stdout.trim().split('\n').at(-1) ?? '' };
}

describe('the package-scope hook', () => {
  it('resolves relative imports inside an ESM dependency itself, and leaves CommonJS scopes to Node', () => {
    const { status, stdout, stderr, last } = run(
      "const { a } = await import('esm-pkg'); const { createRequire } = await import('node:module');" +
        "console.log(a, createRequire(import.meta.url)('plain-pkg'));",
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('b1+c plain');
    // ./lib/b.js and ../d.js were answered by the hook; ./cjs/c.js (a CommonJS scope) and
    // plain-pkg's ./b.js (no "type") went to Node.
    expect(JSON.parse(last).seen).toEqual(['./cjs/c.js', './b.js']);
  });

  it('leaves a missing file to Node, which names it', () => {
    const { status, stderr } = run(
      "await import('esm-pkg/broken.js').catch((e) => { console.error(e.code); process.exit(3); });",
    );
    expect(status).toBe(3);
    expect(stderr).toContain('ERR_MODULE_NOT_FOUND');
  });
});
