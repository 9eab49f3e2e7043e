/**
 * Which Dutch texts in content/ have no English counterpart yet. Every text a customer reads is
 * meant to exist in both languages; the English one sits beside the Dutch under `en:`. With
 * ENGLISH_COMPLETE a missing text stops every path (the content check), listed in full by
 * `npm run vertalingen`; without it, it would be a one-line warning.
 */
import type { SiteContent } from './content.ts';

/** Every customer-facing text has been translated (issue 13): from now on, a gap is an error. */
export const ENGLISH_COMPLETE = true;

export type MissingTranslation = { file: string; item: string; field: string };

type Fields = Record<string, unknown>;

const present = (value: unknown) => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '');

/** The fields that hold Dutch text in `dutch` but not in its `en` block. */
function gaps(file: string, item: string, dutch: Fields, fields: readonly string[]): MissingTranslation[] {
  const english = (dutch.en ?? {}) as Fields;
  return fields.filter((f) => present(dutch[f]) && !present(english[f])).map((f) => ({ file, item, field: `en.${f}` }));
}

export function missingTranslations(content: SiteContent): MissingTranslation[] {
  return [
    ...content.phases.flatMap((p) => gaps('fasen.yaml', `fase "${p.id}"`, p, ['naam', 'samenvatting', 'watGebeurtEr', 'duur'])),
    ...[...content.steps.values()].flatMap((s) =>
      gaps('stappen.yaml', `stap "${s.id}"`, s, ['norm', 'tekst', 'tekstZonderDatum']),
    ),
    ...content.contactMoments.flatMap((m) =>
      gaps(`contactmomenten/${m.code.toLowerCase()}.yaml`, `contactmoment ${m.code}`, m, [
        'titel',
        'middelen',
        'doel',
        'activiteiten',
        'wanneer',
      ]),
    ),
    ...content.customerTasks.flatMap((t) => gaps('klanttaken.yaml', `taak "${t.taak}"`, t, ['taak', 'uitleg'])),
    ...content.faq.flatMap((f) => [
      ...gaps('vragen/', `onderwerp "${f.onderwerp}"`, f, ['onderwerp']),
      ...f.vragen.flatMap((q) => gaps('vragen/', `vraag "${q.vraag}"`, q, ['vraag', 'antwoord'])),
    ]),
    ...content.glossary.flatMap((t) => gaps('begrippen.yaml', `begrip "${t.term}"`, t, ['term', 'uitleg', 'ookWel'])),
  ];
}

/** One line for every path's output: how many texts in how many files still wait for English. */
export function translationSummary(missing: readonly MissingTranslation[]): string | undefined {
  if (!missing.length) return undefined;
  const files = new Set(missing.map((m) => m.file)).size;
  return `Nog niet in het Engels: ${missing.length} ${missing.length === 1 ? 'tekst' : 'teksten'} in ${files} ${files === 1 ? 'bestand' : 'bestanden'} van content/ (npm run vertalingen toont ze).`;
}

/** The full list, grouped by file, as `npm run vertalingen` prints it. */
export function translationReport(missing: readonly MissingTranslation[]): string {
  if (!missing.length) return 'Alle teksten in content/ hebben een Engelse versie.';
  const byFile = Map.groupBy(missing, (m) => m.file);
  return [...byFile]
    .map(([file, list]) => `content/${file}\n${list.map((m) => `  - ${m.item}: ${m.field} ontbreekt`).join('\n')}`)
    .join('\n\n');
}
