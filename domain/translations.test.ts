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

const DAGDEEL_EN =
  '  en:\n    term: Part of day\n    uitleg: A morning or an afternoon. The contractor agrees the start date with you as a day or a part of a day.\n';

describe('missing translations', () => {
  const today = missingTranslations(loadSiteContent());

  it('finds none: every text a customer reads is in Dutch and English', () => {
    expect(today).toEqual([]);
    expect(translationReport(today)).toBe('Alle teksten in content/ hebben een Engelse versie.');
    expect(translationSummary(today)).toBeUndefined();
    expect(checkContent(DEFAULT_CONTENT_DIR)).toEqual({});
  });

  it('lists a Dutch text whose English is gone, by file, item and field', () => {
    const dir = contentCopy({
      'begrippen.yaml': (t) => t.replace(DAGDEEL_EN, ''),
      'vragen/kosten.yaml': (t) => t.replace('      vraag: Do I always get a quote?\n', ''),
    });
    const after = missingTranslations(loadSiteContent(dir));
    expect(after).toEqual([
      { file: 'vragen/', item: 'vraag "Krijg ik altijd een offerte?"', field: 'en.vraag' },
      { file: 'begrippen.yaml', item: 'begrip "Dagdeel"', field: 'en.term' },
      { file: 'begrippen.yaml', item: 'begrip "Dagdeel"', field: 'en.uitleg' },
    ]);
    expect(translationReport(after)).toMatch(/content\/begrippen\.yaml\n {2}- begrip "Dagdeel": en\.term ontbreekt/);
    expect(translationSummary(after)).toBe(
      'Nog niet in het Engels: 3 teksten in 2 bestanden van content/ (npm run vertalingen toont ze).',
    );
  });

  it('stops every path on a missing English text, and is only a warning when English is not required', () => {
    const dir = contentCopy({ 'begrippen.yaml': (t) => t.replace(DAGDEEL_EN, '') });
    expect(checkContent(dir).error).toMatch(
      /Engelse teksten ontbreken:[\s\S]*content\/begrippen\.yaml[\s\S]*begrip "Dagdeel": en\.term ontbreekt[\s\S]*Uitleg: content\/README\.md/,
    );
    expect(checkContent(dir, { englishRequired: false })).toEqual({
      warning: 'Nog niet in het Engels: 2 teksten in 1 bestand van content/ (npm run vertalingen toont ze).',
    });
  });
});
