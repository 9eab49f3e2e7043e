/**
 * The contract for survey files (content/enquetes/<meting>.yaml): one file per measurement of
 * seed 001, with its questions, scales and texts. The API validates answers against these
 * definitions and the widgets render them, so an editor changes a question without touching code.
 * Messages are plain Dutch sentences naming the field, like the rest of content/ (content.ts).
 */
import { join, relative } from 'node:path';
import { z } from 'zod';
import './zod-dutch.ts';
import { ContentError, contentFiles, readContentFile } from './content.ts';
import type { Lang } from './language.ts';
import { plainString } from './plain-text.ts';

/** The five measurements of seed 001; the file name says which one a survey is. */
export const METINGEN = ['webfeedback', 'offerte', 'feedbackknop', 'eindmeting', 'helpdesk'] as const;
export type Meting = (typeof METINGEN)[number];
/**
 * The questionnaire before a klantenpanel (issue 16.2, domain/klantenpanels.ts): no measurement of
 * an aanvraag, so not in the widgets' API nor on the dashboards, but written and checked like them.
 */
export const PANEL_SURVEY = 'klantenpanel' as const;
/** Its choice question whose options are the topics the organisers group the answers by. */
export const PANEL_TOPICS_QUESTION = 'onderwerpen';
/** Every file of content/enquetes/: one per measurement, and the panel questionnaire. */
export const SURVEY_FILES = [...METINGEN, PANEL_SURVEY] as const;
export type SurveyId = (typeof SURVEY_FILES)[number];

const id = z
  .string({ error: 'moet een tekst zijn' })
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'moet kleine letters, cijfers en streepjes zijn, zoals moeite-indienen');
const text = (max: number) =>
  plainString({ error: (i) => (i.input === undefined ? 'is verplicht maar ontbreekt' : 'moet een tekst zijn') })
    .trim()
    .min(1, 'mag niet leeg zijn')
    .max(max, `is te lang (hoogstens ${max} tekens)`);
/** A superRefine that names the second item with an id seen before. */
const uniqueIds =
  (what: string) =>
  (items: { id: string }[], ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    for (const [i, item] of items.entries()) {
      if (seen.has(item.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `${what} "${item.id}" staat er al eerder in` });
      seen.add(item.id);
    }
  };

const base = {
  id,
  /** The question as the customer reads it (a fieldset's legend). */
  vraag: text(200),
  /** An optional hint under the question. */
  hulp: text(300).optional(),
  verplicht: z.boolean({ error: 'moet ja (true) of nee (false) zijn' }).default(false),
  /** Only asked for these triggers (e.g. the reason for a rejected quote). */
  alleenBij: z.array(id).min(1, 'moet minstens één aanleiding noemen').optional(),
  /** The same texts in English; a text left out stays Dutch on the English pages. */
  en: z
    .strictObject({ vraag: text(200), hulp: text(300).optional(), laag: text(40).optional(), hoog: text(40).optional() })
    .optional(),
};

const scaleQuestion = z
  .strictObject({
    ...base,
    soort: z.literal('schaal'),
    van: z.number({ error: 'moet een getal zijn' }).int('moet een heel getal zijn').min(0, 'mag niet negatief zijn'),
    tot: z.number({ error: 'moet een getal zijn' }).int('moet een heel getal zijn').max(10, 'mag hoogstens 10 zijn'),
    /** What the lowest and the highest point mean, e.g. "heel weinig moeite" and "heel veel moeite". */
    laag: text(40),
    hoog: text(40),
  })
  .refine((q) => q.tot > q.van && q.tot - q.van <= 10, {
    path: ['tot'],
    message: 'moet groter zijn dan "van", met hoogstens 11 punten op de schaal',
  });

const choiceQuestion = z.strictObject({
  ...base,
  soort: z.literal('keuze'),
  /** Several answers allowed (checkboxes) or one (radio buttons). */
  meerdere: z.boolean({ error: 'moet ja (true) of nee (false) zijn' }).default(false),
  opties: z
    .array(z.strictObject({ id, tekst: text(120), en: z.strictObject({ tekst: text(120) }).optional() }))
    .min(2, 'moet minstens twee opties hebben')
    .max(10, 'mag hoogstens 10 opties hebben')
    .superRefine(uniqueIds('optie')),
});

const textQuestion = z.strictObject({
  ...base,
  soort: z.literal('tekst'),
  maxLengte: z.number({ error: 'moet een getal zijn' }).int().min(10).max(4000).default(1000),
});

const emailQuestion = z.strictObject({ ...base, soort: z.literal('email') });

const SOORTEN = ['schaal', 'keuze', 'tekst', 'email'] as const;
export const questionSchema = z.discriminatedUnion('soort', [scaleQuestion, choiceQuestion, textQuestion, emailQuestion], {
  error: (issue) => (issue.code === 'invalid_union' ? `"soort" moet een van deze zijn: ${SOORTEN.join(', ')}` : undefined),
});
export type Question = z.output<typeof questionSchema>;

export const surveySchema = z
  .strictObject({
    /** Interaction measurement (right after one contact) or the end measurement (after delivery). */
    soort: z.enum(['interactiemeting', 'eindmeting', 'klantenpanel'], {
      error: 'moet interactiemeting, eindmeting of klantenpanel zijn',
    }),
    /** How it reaches the customer: a pop-up or the feedback button (widgets), or a link in a mail or SMS. */
    kanaal: z.enum(['pop-up', 'knop', 'link'], { error: 'moet pop-up, knop of link zijn' }),
    /** Whether a response belongs to an aanvraag. */
    aanvraagnummer: z.enum(['verplicht', 'optioneel', 'geen'], { error: 'moet verplicht, optioneel of geen zijn' }),
    /** What starts this survey; one response per (survey, aanvraag, aanleiding). */
    aanleidingen: z
      .array(z.strictObject({ id, omschrijving: text(200) }))
      .min(1, 'moet minstens één aanleiding hebben')
      .superRefine(uniqueIds('aanleiding')),
    titel: text(80),
    intro: text(300).optional(),
    /** One question at a time (pop-ups) or all at once (a short form). */
    weergave: z.enum(['stappen', 'formulier'], { error: 'moet stappen of formulier zijn' }).default('stappen'),
    vragen: z
      .array(questionSchema)
      .min(1, 'moet minstens één vraag hebben')
      .max(15, 'mag hoogstens 15 vragen hebben: houd het kort')
      .superRefine(uniqueIds('vraag')),
    bedankt: text(300),
    /** The survey's own texts in English (each question has its own `en`). */
    en: z.strictObject({ titel: text(80), intro: text(300).optional(), bedankt: text(300) }).optional(),
  })
  .superRefine((survey, ctx) => {
    const triggers = new Set(survey.aanleidingen.map((a) => a.id));
    for (const [i, q] of survey.vragen.entries()) {
      for (const [j, t] of (q.alleenBij ?? []).entries()) {
        if (!triggers.has(t))
          ctx.addIssue({
            code: 'custom',
            path: ['vragen', i, 'alleenBij', j],
            message: `"${t}" is geen aanleiding van deze vragenlijst (wel: ${[...triggers].join(', ')})`,
          });
      }
    }
    if (survey.kanaal !== 'link' && survey.vragen.length > 6)
      ctx.addIssue({ code: 'custom', path: ['vragen'], message: 'een pop-up of knop heeft hoogstens 6 vragen: houd het kort' });
  });
export type SurveyFile = z.output<typeof surveySchema>;
export type Survey = SurveyFile & { id: SurveyId };
export type Surveys = Map<SurveyId, Survey>;

/**
 * What the widgets get (GET /api/v1/enquetes/{id}): the survey minus the notes for editors, in
 * the language the widget asked for (`?taal=`; Dutch where the editors wrote no English).
 */
export type PublicSurvey = Pick<Survey, 'id' | 'titel' | 'intro' | 'weergave' | 'aanvraagnummer' | 'vragen' | 'bedankt'> & {
  aanleidingen: string[];
};

/**
 * The survey's texts in one language, without the `en` blocks: English where the editors wrote it
 * (a survey without English stays Dutch throughout, and says so), Dutch otherwise.
 */
export function surveyIn(
  survey: Survey,
  asked: Lang,
): Pick<PublicSurvey, 'titel' | 'intro' | 'vragen' | 'bedankt'> & { taal: Lang } {
  const lang = asked === 'en' && survey.en ? 'en' : 'nl';
  const en = lang === 'en';
  // Defaults left out (verplicht, meerdere: false): every byte counts in the widgets' budget.
  const vragen = survey.vragen.map(({ en: english, verplicht, ...question }): Question => {
    const q = { ...question, ...(verplicht && { verplicht }) } as Question;
    if (q.soort === 'keuze' && !q.meerdere) delete (q as { meerdere?: boolean }).meerdere;
    const texts = en ? { ...english } : {};
    if (q.soort === 'keuze') {
      const opties = q.opties.map(({ en: option, ...o }) => ({ ...o, ...(en && option) }));
      return { ...q, ...texts, opties };
    }
    return { ...q, ...texts } as Question;
  });
  const own = en && survey.en ? survey.en : survey;
  return { titel: own.titel, ...(own.intro && { intro: own.intro }), vragen, bedankt: own.bedankt, taal: lang };
}

/** Reads content/enquetes/: exactly one file per measurement; every problem at once, in Dutch. */
export function loadSurveys(contentDir: string): Surveys {
  const folder = join(contentDir, 'enquetes');
  const shown = relative(process.cwd(), folder) || folder;
  const problems: string[] = [];
  const surveys: Surveys = new Map();
  for (const file of contentFiles(folder)) {
    const name = file.slice(folder.length + 1).replace(/\.ya?ml$/, '');
    if (!(SURVEY_FILES as readonly string[]).includes(name)) {
      problems.push(`${shown}/${name}.yaml: onbekende meting "${name}" (bekend zijn: ${SURVEY_FILES.join(', ')})`);
      continue;
    }
    try {
      const survey = { ...readContentFile(file, surveySchema), id: name as SurveyId };
      const topics = survey.vragen.find((q) => q.id === PANEL_TOPICS_QUESTION);
      if (name === PANEL_SURVEY && !(topics?.soort === 'keuze' && topics.meerdere)) {
        problems.push(
          `${shown}/${name}.yaml: vragen: een klantenpanel-vragenlijst heeft een keuzevraag "${PANEL_TOPICS_QUESTION}" met meerdere: true (de onderwerpen waarop de organisatoren de antwoorden groeperen)`,
        );
        continue;
      }
      surveys.set(name as SurveyId, survey);
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      problems.push(error.message);
    }
  }
  for (const m of SURVEY_FILES)
    if (!surveys.has(m) && !problems.some((p) => p.includes(`/${m}.yaml`))) {
      problems.push(`${shown}: de vragenlijst voor de meting "${m}" ontbreekt (${m}.yaml)`);
    }
  if (problems.length) throw new ContentError(`De vragenlijsten in ${shown} kloppen niet:\n\n${problems.join('\n\n')}`);
  return surveys;
}

/** The questions asked for one trigger (a question with `alleenBij` only for those). */
export function questionsFor(survey: Survey, trigger: string | undefined): Question[] {
  return survey.vragen.filter((q) => !q.alleenBij || (trigger !== undefined && q.alleenBij.includes(trigger)));
}

/** The zod schema of one answer, from its question: messages name what is allowed. */
export function answerSchema(q: Question): z.ZodType<AnswerValue> {
  switch (q.soort) {
    case 'schaal':
      return z
        .number({ error: `moet een heel getal van ${q.van} tot en met ${q.tot} zijn` })
        .int(`moet een heel getal van ${q.van} tot en met ${q.tot} zijn`)
        .min(q.van, `moet een heel getal van ${q.van} tot en met ${q.tot} zijn`)
        .max(q.tot, `moet een heel getal van ${q.van} tot en met ${q.tot} zijn`);
    case 'keuze': {
      const ids = q.opties.map((o) => o.id) as [string, ...string[]];
      const one = z.enum(ids, { error: `moet een van deze zijn: ${ids.join(', ')}` });
      return q.meerdere
        ? z
            .array(one, { error: `moet een lijst zijn met keuzes uit: ${ids.join(', ')}` })
            .max(ids.length)
            .refine((l) => new Set(l).size === l.length, 'noemt een keuze twee keer')
        : one;
    }
    case 'tekst':
      // Free text is stored as given, but for control characters; it is escaped wherever it is shown.
      return plainString({ error: 'moet een tekst zijn' }).max(q.maxLengte, `is te lang (hoogstens ${q.maxLengte} tekens)`);
    case 'email':
      return z.union([z.literal(''), z.email({ error: 'moet een e-mailadres zijn, zoals naam@voorbeeld.nl' }).max(254)], {
        error: 'moet een e-mailadres zijn, zoals naam@voorbeeld.nl',
      });
  }
}
export type AnswerValue = number | string | string[];
