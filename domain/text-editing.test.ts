import { describe, expect, it } from 'vitest';
import { applyChanges, changesOf, entriesOf, unifiedDiff } from './text-editing.ts';

const FAQ = `# Een opmerking die blijft
onderwerp: Kosten
volgorde: 3
vragen:
  - vraag: Krijg ik een offerte?
    antwoord: >-
      Nee. Voor een standaard aanvraag
      niet.
  - vraag: Wat kost het?
    antwoord: Dat hangt ervan af.
    en:
      vraag: What does it cost?
`;
const TERMS = `- term: Aannemer
  uitleg: Het bedrijf dat aanlegt.
  ookWel: [combi-aannemer, CA]
- term: Combi
  uitleg: Een samenwerking.
`;

const edit = (file: string, source: string, index: number, typed: Record<string, string>) => {
  const entry = entriesOf(file, source)[index];
  if (!entry) throw new Error('no entry');
  return applyChanges(source, changesOf(entry, { ...entry.values, ...typed }));
};

describe('applyChanges writes only the edited lines', () => {
  it('replaces a folded text in its own style and leaves the rest, comments included', () => {
    const out = edit('vragen/kosten.yaml', FAQ, 0, { antwoord: 'Nee,\n  niet altijd.' });
    expect(out).toBe(FAQ.replace('>-\n      Nee. Voor een standaard aanvraag\n      niet.', '>-\n      Nee, niet altijd.'));
  });
  it('adds a missing English field, with its map, under the entry', () => {
    const out = edit('vragen/kosten.yaml', FAQ, 0, { 'en.vraag': 'Do I get a quote?' });
    expect(out).toBe(FAQ.replace('      niet.\n', '      niet.\n    en:\n      vraag: Do I get a quote?\n'));
  });
  it('removes a field left empty, and quotes what YAML would misread', () => {
    const out = edit('vragen/kosten.yaml', FAQ, 1, { 'en.vraag': '', antwoord: 'Let op: het hangt ervan af.' });
    expect(out).toBe(
      FAQ.replace(
        '    antwoord: Dat hangt ervan af.\n    en:\n      vraag: What does it cost?\n',
        '    antwoord: "Let op: het hangt ervan af."\n',
      ),
    );
  });
  it('keeps a flow list a flow list, one item per typed line', () => {
    const out = edit('begrippen.yaml', TERMS, 0, { ookWel: 'combi-aannemer\n\nCA\naannemer, de ' });
    expect(out).toBe(TERMS.replace('[combi-aannemer, CA]', '[combi-aannemer, CA, "aannemer, de"]'));
  });
  it('changes nothing for a field typed as it was', () => {
    const entry = entriesOf('begrippen.yaml', TERMS)[1];
    expect(entry && changesOf(entry, { ...entry.values, uitleg: ' Een   samenwerking. ' })).toEqual([]);
  });
});

describe('unifiedDiff', () => {
  it('is one hunk with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(unifiedDiff('x.yaml', before, after)).toBe(
      'diff --git a/x.yaml b/x.yaml\n--- a/x.yaml\n+++ b/x.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n',
    );
  });
});
