import { describe, expect, it } from 'vitest';
import { ContentError, loadContent, loadSiteContent, normText } from './content.ts';
import { contentWith } from './content-fixture.ts';

/** A copy of content/ with one file edited (or added, or removed with `null`), as an editor would. */
describe('the content files the API computes with', () => {
  it('load and give every step its norm', () => {
    const content = loadContent();
    expect(content.phases.map((p) => p.id)).toEqual(['orienteren', 'bestellen', 'voorbereiden', 'leveren', 'nazorg']);
    expect(content.steps.get('intake')?.werkdagen).toBe(10);
    expect(content.steps.get('plangesprek')?.werkdagen).toBe(5);
  });

  it('say a norm with the number from `werkdagen`, in Dutch and English', () => {
    const step = loadContent().steps.get('plangesprek');
    if (!step) throw new Error('plangesprek ontbreekt');
    expect(normText(step)).toBe('Uiterlijk 5 werkdagen nadat de aannemer de opdracht heeft gekregen.');
    expect(normText({ ...step, werkdagen: 7 }, 'en')).toBe(
      'At the latest 7 working days after the contractor receives the order.',
    );
  });

  it.each([
    [
      'a norm that is not a number',
      'stappen.yaml',
      (t: string) => t.replace('werkdagen: 10', 'werkdagen: tien'),
      /stappen\.yaml klopt niet:\n {2}- regel 18, item 1 \(intake\), veld "werkdagen": moet een aantal werkdagen zijn/,
    ],
    [
      'a negative norm',
      'stappen.yaml',
      (t: string) => t.replace('werkdagen: 5', 'werkdagen: -5'),
      /veld "werkdagen": mag niet negatief zijn/,
    ],
    [
      'an unknown placeholder',
      'stappen.yaml',
      (t: string) => t.replace('{organisatie} belt u uiterlijk', '{bedrijf} belt u uiterlijk'),
      /veld "tekst": mag alleen de plaatshouders/,
    ],
    [
      'a norm with the number typed in',
      'stappen.yaml',
      (t: string) => t.replace('Uiterlijk {werkdagen} werkdagen nadat', 'Uiterlijk 5 werkdagen nadat'),
      /item 5 \(plangesprek\), veld "norm": moet \{werkdagen\} bevatten in plaats van het getal/,
    ],
    [
      'a missing step',
      'stappen.yaml',
      (t: string) => t.replace('- id: plangesprek', '- id: schouw'),
      /stap "plangesprek" moet precies één keer voorkomen \(nu 0 keer\)/,
    ],
    [
      'an unknown field',
      'stappen.yaml',
      (t: string) => t.replace('  wie: klant', '  wie: klant\n  kleur: rood'),
      /onbekend veld: kleur/,
    ],
    [
      'phases out of order',
      'fasen.yaml',
      (t: string) =>
        t.replace('id: leveren', 'id: x').replace('id: voorbereiden', 'id: leveren').replace('id: x', 'id: voorbereiden'),
      /moet de vijf fasen in deze volgorde bevatten/,
    ],
    ['broken YAML', 'fasen.yaml', (t: string) => `${t}\n  - : :`, /fasen\.yaml: kan het bestand niet lezen/],
  ])('refuse %s with the file, the line, the field and what is wrong', (_name, file, edit, message) => {
    const dir = contentWith({ [file]: edit });
    expect(() => loadContent(dir)).toThrow(ContentError);
    expect(() => loadContent(dir)).toThrow(message);
  });
});

describe('the content files the site shows', () => {
  it('load: phases, ten contact moments, lead times, tasks, questions and terms', () => {
    const c = loadSiteContent();
    expect(c.contactMoments.map((m) => m.code)).toEqual(['A', 'B', '1', '1a', '1b', '2', '3', 'C', '4', 'TT']);
    expect(c.leadTimes.wettelijkeTermijn).toMatchObject({ metGraafwerk: 18, zonderGraafwerk: 12, bijCongestie: 52 });
    expect(c.customerTasks.some((t) => t.fase === 'voorbereiden' && /meterkast/i.test(t.taak))).toBe(true);
    expect(c.faq[0]?.onderwerp).toBe('Planning en doorlooptijd');
    for (const term of ['Mee in combi', 'Schouw', 'Meterkast', 'Gereedmelding', 'Werkdag', 'Voorlopige uitvoerweek']) {
      expect(c.glossary.map((t) => t.term)).toContain(term);
    }
  });

  it.each([
    [
      'a lead time that ends before it starts',
      { 'doorlooptijden.yaml': (t: string) => t.replace('van: 8\n    tot: 16', 'van: 8\n    tot: 6') },
      /doorlooptijden\.yaml klopt niet:\n {2}- regel \d+, veld "soorten", item 1 \(nieuwe-woning\), veld "tot": moet groter dan of gelijk aan "van" zijn/,
    ],
    [
      'weeks written as a word',
      { 'doorlooptijden.yaml': (t: string) => t.replace('van: 8', 'van: acht') },
      /veld "van": moet een aantal weken zijn \(een getal\)/,
    ],
    [
      'an unknown legal term',
      { 'doorlooptijden.yaml': (t: string) => t.replace('wettelijk: geen', 'wettelijk: misschien') },
      /veld "wettelijk": moet een van deze zijn: met-graafwerk, zonder-graafwerk, geen/,
    ],
    [
      'a contact moment that repeats a norm from stappen.yaml',
      { 'contactmomenten/b.yaml': (t: string) => t.replace('code: B', 'code: B\nwanneer: Binnen tien dagen.') },
      /contactmoment B heeft "wanneer", maar de norm staat al in stappen\.yaml \(intake, offerte, mee-in-combi, offerte-afgewezen\)/,
    ],
    [
      'a contact moment without any norm',
      { 'contactmomenten/4.yaml': (t: string) => t.replace(/^wanneer: .*\n/m, '') },
      /contactmoment 4 heeft geen norm in stappen\.yaml, dus "wanneer" en "en\.wanneer" zijn verplicht/,
    ],
    [
      'a missing contact moment',
      { 'contactmomenten/1a.yaml': null },
      /contactmoment 1a moet precies één keer voorkomen \(nu 0 keer\)/,
    ],
    [
      'an unknown contact moment code',
      { 'contactmomenten/tt.yaml': (t: string) => t.replace('code: TT', 'code: Z') },
      /tt\.yaml klopt niet:\n {2}- regel 2, veld "code": moet een van deze codes zijn: A, B, 1, 1a, 1b, 2, 3, C, 4, TT/,
    ],
    [
      'a contact step without its English norm',
      { 'stappen.yaml': (t: string) => t.replace('    norm: On the agreed date.\n', '') },
      /item 7 \(schouw\), veld "en": ontbreekt: de Engelse pagina toont de norm/,
    ],
    [
      'a question without a question mark',
      { 'vragen/contact.yaml': (t: string) => t.replace('Wie is mijn contactpersoon?', 'Wie is mijn contactpersoon') },
      /contact\.yaml klopt niet:\n {2}- regel \d+, veld "vragen", item 1 \(Wie is mijn contactpersoon\), veld "vraag": moet eindigen met een vraagteken/,
    ],
    [
      'a link to another site',
      { 'vragen/kosten.yaml': (t: string) => t.replace('(/contactmomenten/#contactmoment-b)', '(https://example.com)') },
      /veld "antwoord": bevat een link die niet met \/ begint/,
    ],
    [
      'a norm typed into an answer',
      { 'vragen/kosten.yaml': (t: string) => t.replace('kort na de quickscan', 'binnen 10 werkdagen na de quickscan') },
      /noemt een aantal werkdagen: dat is een norm en staat alleen in stappen\.yaml/,
    ],
    [
      'a term listed twice',
      { 'begrippen.yaml': (t: string) => `${t}- term: schouw\n  uitleg: Nog een keer.\n` },
      /begrippen\.yaml klopt niet:\n {2}- regel \d+, item \d+ \(schouw\), veld "term": "schouw" staat er al eerder in/,
    ],
    [
      'a task in a phase that does not exist',
      { 'klanttaken.yaml': (t: string) => t.replace('- fase: nazorg', '- fase: nazorgen') },
      /klanttaken\.yaml klopt niet:\n {2}- regel \d+, item 11 \(Controleer de oplevering\), veld "fase"/,
    ],
    [
      'a text cut in two by a colon',
      { 'fasen.yaml': (t: string) => t.replace('aanleg, de schouw (contactmoment 3)', 'aanleg: de schouw (contactmoment 3)') },
      /item 4 \(leveren\), veld "watGebeurtEr", item 2: moet een tekst zijn; staat er een dubbele punt met een spatie in de tekst\?/,
    ],
    [
      'a missing field',
      { 'fasen.yaml': (t: string) => t.replace(/^ {2}duur: .*\n/m, '') },
      /fasen\.yaml klopt niet:\n {2}- regel 10, item 1 \(orienteren\), veld "duur": is verplicht maar ontbreekt/,
    ],
    ['a file with a misspelt name', { 'doorloptijden.yaml': 'soorten: []\n' }, /doorloptijden\.yaml: onbekend bestand/],
  ])('refuse %s, naming the file, the line and the field', (_name, edits, message) => {
    const dir = contentWith(edits);
    expect(() => loadSiteContent(dir)).toThrow(ContentError);
    expect(() => loadSiteContent(dir)).toThrow(message);
  });

  it('list the problems of every broken file at once', () => {
    const dir = contentWith({
      'begrippen.yaml': (t) => t.replace('- term: Schouw', '- term: ""'),
      'vragen/planning.yaml': (t) => t.replace('volgorde: 1', 'volgorde: eerst'),
    });
    expect(() => loadSiteContent(dir)).toThrow(/begrippen\.yaml klopt niet[\s\S]*planning\.yaml klopt niet/);
  });

  it('skip drafts: files whose names start with _', () => {
    const draft = 'onderwerp: Concept\nvolgorde: 9\nvragen:\n  - vraag: Nog niet af\n';
    const dir = contentWith({ 'vragen/_concept.yaml': draft, 'contactmomenten/_x.yaml': 'kapot: [' });
    const c = loadSiteContent(dir);
    expect(c.faq.map((f) => f.onderwerp)).not.toContain('Concept');
    expect(c.contactMoments).toHaveLength(10);
  });
});
