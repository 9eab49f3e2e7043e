import { describe, expect, it } from 'vitest';
import { ContentError, DEFAULT_CONTENT_DIR } from './content.ts';
import { type ContentEdits, contentWith } from './content-fixture.ts';
import { answerSchema, loadSurveys, type Question, questionsFor, SURVEY_FILES } from './survey-schema.ts';

/** A copy of content/ with survey files edited, added (a string) or removed (null), as an editor would. */
/** A copy of content/ with some survey files edited. */
const surveysWith = (edits: ContentEdits) =>
  contentWith(Object.fromEntries(Object.entries(edits).map(([file, edit]) => [`enquetes/${file}`, edit])));

describe('the survey files in content/enquetes', () => {
  it('load: one survey per measurement, with questions, scales and texts', () => {
    const surveys = loadSurveys(DEFAULT_CONTENT_DIR);
    expect([...surveys.keys()].sort()).toEqual([...SURVEY_FILES].sort());
    const web = surveys.get('webfeedback');
    expect(web).toMatchObject({ soort: 'interactiemeting', kanaal: 'pop-up', aanvraagnummer: 'verplicht' });
    expect(web?.vragen.length).toBeGreaterThanOrEqual(4);
    expect(web?.vragen.length).toBeLessThanOrEqual(5);
    expect(web?.vragen[0]).toMatchObject({ soort: 'schaal', van: 1, tot: 7 });
    expect(surveys.get('feedbackknop')?.vragen.map((q) => q.soort)).toEqual(['schaal', 'tekst', 'email']);
    expect(surveys.get('eindmeting')?.soort).toBe('eindmeting');
  });

  it('ask the reason for a rejected quote only when the quote was rejected', () => {
    const offerte = loadSurveys(DEFAULT_CONTENT_DIR).get('offerte');
    if (!offerte) throw new Error('offerte ontbreekt');
    expect(questionsFor(offerte, 'offerte-afgewezen').map((q) => q.id)).toContain('reden-afwijzen');
    expect(questionsFor(offerte, 'offerte-geaccepteerd').map((q) => q.id)).not.toContain('reden-afwijzen');
  });

  it.each([
    [
      'a scale that ends before it starts',
      { 'webfeedback.yaml': (t: string) => t.replace('van: 1\n    tot: 7', 'van: 7\n    tot: 1') },
      /webfeedback\.yaml klopt niet:\n {2}- regel \d+, veld "vragen", item 1 \(moeite\), veld "tot": moet groter zijn dan "van"/,
    ],
    [
      'an unknown kind of question',
      { 'webfeedback.yaml': (t: string) => t.replace('soort: tekst', 'soort: open') },
      /item 4 \(verbeteren\)[^\n]*"soort" moet een van deze zijn: schaal, keuze, tekst, email/,
    ],
    [
      'two questions with the same id',
      { 'offerte.yaml': (t: string) => t.replace('id: duidelijk', 'id: moeite') },
      /item 2 \(moeite\), veld "id": vraag "moeite" staat er al eerder in/,
    ],
    [
      'a question for a trigger the survey does not have',
      { 'offerte.yaml': (t: string) => t.replace('      - offerte-afgewezen', '      - offerte-verlopen') },
      /veld "alleenBij", item 1: "offerte-verlopen" is geen aanleiding van deze vragenlijst/,
    ],
    [
      'a choice with one option',
      {
        'helpdesk.yaml': (t: string) =>
          t.replace(
            '      - id: deels\n        tekst: Gedeeltelijk\n        en:\n          tekst: Partly\n      - id: nee\n        tekst: Nee\n        en:\n          tekst: No\n',
            '',
          ),
      },
      /veld "opties": moet minstens twee opties hebben/,
    ],
    [
      'a missing title',
      { 'feedbackknop.yaml': (t: string) => t.replace('titel: Feedback geven\n', '') },
      /feedbackknop\.yaml klopt niet:\n {2}- regel \d+, veld "titel": is verplicht maar ontbreekt/,
    ],
    [
      'an unknown field',
      { 'helpdesk.yaml': (t: string) => t.replace('kanaal: link', 'kanaal: link\nkleur: rood') },
      /onbekend veld: kleur/,
    ],
    [
      'a survey file for an unknown measurement',
      { 'nps.yaml': 'titel: Nog een' },
      /enquetes\/nps\.yaml: onbekende meting "nps" \(bekend zijn: webfeedback, offerte, feedbackknop, eindmeting, helpdesk, klantenpanel\)/,
    ],
    ['a missing measurement', { 'helpdesk.yaml': null }, /de vragenlijst voor de meting "helpdesk" ontbreekt \(helpdesk\.yaml\)/],
    [
      'a panel questionnaire without its topics',
      { 'klantenpanel.yaml': (text: string) => text.replace('id: onderwerpen', 'id: themas') },
      /klantenpanel\.yaml: vragen: een klantenpanel-vragenlijst heeft een keuzevraag "onderwerpen" met meerdere: true/,
    ],
  ])('refuse %s with the file, the line and the field, in Dutch', (_name, edits, message) => {
    const dir = surveysWith(edits);
    expect(() => loadSurveys(dir)).toThrow(ContentError);
    expect(() => loadSurveys(dir)).toThrow(message);
  });

  it('skip drafts', () => {
    const dir = surveysWith({ '_nieuw.yaml': 'dit is geen vragenlijst' });
    expect(loadSurveys(dir).size).toBe(SURVEY_FILES.length);
  });
});

describe('answers checked against their question', () => {
  const scale: Question = {
    id: 'moeite',
    soort: 'schaal',
    vraag: 'Moeite?',
    van: 1,
    tot: 7,
    laag: 'l',
    hoog: 'h',
    verplicht: false,
  };
  const many: Question = {
    id: 'lastig',
    soort: 'keuze',
    vraag: 'Wat?',
    meerdere: true,
    verplicht: false,
    opties: [
      { id: 'a', tekst: 'A' },
      { id: 'b', tekst: 'B' },
    ],
  };
  const text: Question = { id: 't', soort: 'tekst', vraag: 'Tekst?', maxLengte: 20, verplicht: false };
  const mail: Question = { id: 'e', soort: 'email', vraag: 'E-mail?', verplicht: false };
  const error = (q: Question, value: unknown) => answerSchema(q).safeParse(value).error?.issues[0]?.message;

  it('accept what the question allows, free text exactly as given', () => {
    expect(answerSchema(scale).parse(7)).toBe(7);
    expect(answerSchema(many).parse(['b', 'a'])).toEqual(['b', 'a']);
    expect(answerSchema(text).parse('  <b>hoi</b>  ')).toBe('  <b>hoi</b>  ');
    expect(answerSchema(mail).parse('')).toBe('');
  });

  it('refuse anything else with a Dutch sentence', () => {
    expect(error(scale, 8)).toBe('moet een heel getal van 1 tot en met 7 zijn');
    expect(error(scale, '3')).toBe('moet een heel getal van 1 tot en met 7 zijn');
    expect(error(many, ['a', 'a'])).toBe('noemt een keuze twee keer');
    expect(error(many, ['c'])).toBe('moet een van deze zijn: a, b');
    expect(error(text, 'x'.repeat(21))).toBe('is te lang (hoogstens 20 tekens)');
    expect(error(mail, 'geen adres')).toBe('moet een e-mailadres zijn, zoals naam@voorbeeld.nl');
  });
});
