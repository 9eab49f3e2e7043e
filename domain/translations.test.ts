import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../site/integrations/content-check.ts';
import { DEFAULT_CONTENT_DIR, loadSiteContent } from './content.ts';
import { missingTranslations, translationReport, translationSummary } from './translations.ts';

/** A copy of content/ with some files edited as an editor would. */
function contentCopy(edits: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'traject-translations-'));
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const before = readFileSync(path, 'utf8');
    const after = edit(before);
    expect(after, `the edit of ${file} changed something`).not.toBe(before);
    writeFileSync(path, after);
  }
  return dir;
}

const has = (list: ReturnType<typeof missingTranslations>, item: string, field: string) =>
  list.some((m) => m.item === item && m.field === field);

describe('missing translations', () => {
  const today = missingTranslations(loadSiteContent());

  it('lists each Dutch text without English, by file, item and field', () => {
    expect(has(today, 'begrip "Dagdeel"', 'en.term')).toBe(true);
    // The steps, phases and tasks a customer reads on the English pages all have their English.
    expect(today.filter((m) => ['stappen.yaml', 'fasen.yaml', 'klanttaken.yaml'].includes(m.file))).toEqual([]);
    expect(translationReport(today)).toMatch(/content\/begrippen\.yaml\n {2}- begrip "[^"]+": en\.term ontbreekt/);
    expect(translationSummary(today)).toMatch(/^Nog niet in het Engels: \d+ teksten in \d+ bestanden/);
  });

  it('takes English texts beside the Dutch ones, and then no longer lists them', () => {
    const dir = contentCopy({
      'begrippen.yaml': (t) =>
        t.replace(
          '- term: Dagdeel\n  uitleg: Een ochtend of een middag. De aannemer spreekt de startdatum af op de dag of op het dagdeel.\n',
          '- term: Dagdeel\n  uitleg: Een ochtend of een middag. De aannemer spreekt de startdatum af op de dag of op het dagdeel.\n  en:\n    term: Part of day\n    uitleg: A morning or an afternoon.\n',
        ),
    });
    const after = missingTranslations(loadSiteContent(dir));
    expect(has(after, 'begrip "Dagdeel"', 'en.term')).toBe(false);
    expect(after.length).toBe(today.length - 2);
  });

  it('is a warning while English is incomplete, and stops every path once it is required', () => {
    expect(checkContent(DEFAULT_CONTENT_DIR)).toEqual({ warning: translationSummary(today) });
    const required = checkContent(DEFAULT_CONTENT_DIR, { englishRequired: true });
    expect(required.error).toMatch(/Engelse teksten ontbreken:[\s\S]*content\/begrippen\.yaml[\s\S]*Uitleg: content\/README\.md/);
  });
});
