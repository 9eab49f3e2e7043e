/**
 * For tests: a copy of content/ with some files edited, replaced (a string) or removed (null),
 * to load as the server or the build would. An edit that changes nothing fails loudly.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONTENT_DIR } from './content.ts';

export type ContentEdits = Record<string, ((text: string) => string) | string | null>;

export function contentWith(edits: ContentEdits): string {
  const dir = mkdtempSync(join(tmpdir(), 'traject-content-'));
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    if (edit === null) rmSync(path);
    else if (typeof edit === 'string') writeFileSync(path, edit);
    else {
      const before = readFileSync(path, 'utf8');
      const after = edit(before);
      if (after === before) throw new Error(`edit of ${file} changed nothing`);
      writeFileSync(path, after);
    }
  }
  return dir;
}
