/**
 * The layers' import rules, read from the import statements themselves (issue 12): storage holds
 * SQL only and imports nothing from mail, routes or the site, and no value of the application
 * core (the core composes storage, api/core/store.ts, not the other way round; a type the core
 * defines for its storage may be named); the domain's rules import nothing from the server or
 * the site. Tests and test services (api/storage/testing/) may reach further.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

type Import = { specifier: string; typeOnly: boolean };

/** The modules named by static imports and re-exports, side-effect imports and import() calls. */
function specifiersIn(code: string): string[] {
  const named =
    /^\s*(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
  return [...code.matchAll(named)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

/**
 * Every module a file names, and whether it takes only types: what is still imported once the
 * types are stripped (with the project's verbatimModuleSyntax, as Node runs it) takes values.
 */
function importsOf(file: string): Import[] {
  const code = readFileSync(file, 'utf8');
  const stripped = transformSync(code, {
    loader: file.endsWith('x') ? 'tsx' : 'ts',
    format: 'esm',
    jsx: 'preserve',
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  }).code;
  const values = new Set(specifiersIn(stripped));
  return [...new Set(specifiersIn(code))].map((specifier) => ({ specifier, typeOnly: !values.has(specifier) }));
}

/** The source files under a folder (repository-relative), without tests and without the folders given. */
function sourcesUnder(folder: string, leaveOut: string[] = []): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => /\.tsx?$/.test(path) && !/\.test\.tsx?$/.test(path))
    .filter((path) => !leaveOut.some((out) => path.startsWith(`${out}/`)));
}

/** Where a relative import points, repository-relative; packages (no leading dot) stay as named. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(ROOT, resolve(ROOT, dirname(file), specifier));
}

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Each import of `files` that `refuse` names a reason for, as "file: import → target (reason)". */
function breaches(files: string[], refuse: (to: string, imported: Import) => string | undefined): string[] {
  return files.flatMap((file) =>
    importsOf(join(ROOT, file)).flatMap((imported) => {
      const to = target(file, imported.specifier);
      const reason = refuse(to, imported);
      return reason ? [`${file}: '${imported.specifier}' → ${to} (${reason})`] : [];
    }),
  );
}

describe('the layers', () => {
  it('storage imports nothing from mail, routes or the site, and no value of the application core', () => {
    const files = sourcesUnder('api/storage', ['api/storage/testing']);
    expect(files).toContain('api/storage/sqlite/store.ts');
    expect(files).toContain('api/storage/postgres/store.ts');
    const found = breaches(files, (to, { typeOnly }) => {
      if (within(to, 'api/mail')) return 'mail';
      if (within(to, 'api/routes')) return 'routes';
      if (within(to, 'site')) return 'site';
      if (within(to, 'api/core') && !typeOnly) return 'a value of the application core; the core composes storage';
      return undefined;
    });
    expect(found).toEqual([]);
  });

  it('the domain imports nothing from the server or the site', () => {
    const files = sourcesUnder('domain');
    expect(files).toContain('domain/eindmeting.ts');
    const found = breaches(files, (to) => (within(to, 'api') ? 'the server' : within(to, 'site') ? 'site' : undefined));
    expect(found).toEqual([]);
  });
});
