/**
 * Dependencies load without Node parsing their package.json again for every file.
 *
 * To decide whether a dependency's file is an ES module, Node 24 to 26 read the nearest
 * package.json, and its reader parses that file's whole `exports` map again on every read
 * (nodejs/node#58126). drizzle-orm's package.json is 134 KB and a server loads 600 of its files:
 * 1 to 2 s of every start, and about 140 MB of heap that stays committed
 * (docs/decisions/0041-esm-package-scopes.md).
 *
 * This hook answers one case itself: a relative `./x.js` or `../x.js` import inside node_modules
 * whose package scope says `"type": "module"`. It gives the URL Node would give (the real path)
 * and the format Node would give (`module`), reading each folder's package.json once. Every other
 * import (bare names, our own files, other extensions, CommonJS scopes, a missing file) takes
 * Node's own path, so its errors and rules are Node's.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NODE_MODULES = `${sep}node_modules${sep}`;

/** Per folder: whether its package scope (nearest package.json) is `"type": "module"`. */
const esmScope = new Map<string, boolean>();

function isEsmScope(folder: string): boolean {
  const known = esmScope.get(folder);
  if (known !== undefined) return known;
  let esm: boolean;
  try {
    esm = (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
  } catch (error) {
    // No package.json here: the scope is the parent's, up to the node_modules folder (as Node's lookup).
    const parent = dirname(folder);
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    esm = missing && parent !== folder && !folder.endsWith(`${sep}node_modules`) && isEsmScope(parent);
  }
  esmScope.set(folder, esm);
  return esm;
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (
      parent?.startsWith('file:') &&
      (specifier.startsWith('./') || specifier.startsWith('../')) &&
      specifier.endsWith('.js') &&
      parent.includes('/node_modules/')
    ) {
      try {
        const path = realpathSync(fileURLToPath(new URL(specifier, parent)));
        if (path.includes(NODE_MODULES) && isEsmScope(dirname(path))) {
          return { url: pathToFileURL(path).href, format: 'module', shortCircuit: true };
        }
      } catch {
        // A missing file or an odd path: Node resolves it, and says what is wrong.
      }
    }
    return nextResolve(specifier, context);
  },
});
