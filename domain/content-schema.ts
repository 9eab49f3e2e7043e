/**
 * The contract with content editors: what the files in `content/` must look like.
 * The API computes due dates with these files and the site explains them, so both validate
 * with these schemas. Field names are Dutch because editors write them; every message is a plain
 * Dutch sentence, because an editor reads it when the build stops (content/README.md).
 */
import { z } from 'zod';
import './zod-dutch.ts';
import { CONTACT_MOMENTS } from './messages.ts';

export const PHASES = ['orienteren', 'bestellen', 'voorbereiden', 'leveren', 'nazorg'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * The steps the next-step engine knows. Which event starts and ends a step is code
 * (domain/next-step.ts); how many working days it may take and how it is told is content.
 */
export const STEP_IDS = [
  'intake',
  'offerte',
  'offerte-beslissen',
  'offerte-afgewezen',
  'mee-in-combi',
  'plangesprek',
  'startdatum',
  'schouw',
  'uitvoering',
  'opleverbevestiging',
  'stagnatie-klant',
  'stagnatie-netbeheerder',
  'stagnatie-derde',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export const ROLES = ['klant', 'netbeheerder', 'aannemer', 'derde', 'portaal'] as const;
export type Role = (typeof ROLES)[number];

/** The contact moments the site explains: the process's own (not "overig") plus track & trace. */
export const CONTACT_MOMENT_CODES = [...CONTACT_MOMENTS.filter((c) => c !== 'overig'), 'TT'] as const;
export type ContactMomentPageCode = (typeof CONTACT_MOMENT_CODES)[number];

/** YAML reads "tekst: nog meer" as a field; the editor only sees that the text went missing. */
const textError = (issue: { input: unknown }) =>
  issue.input && typeof issue.input === 'object'
    ? 'moet een tekst zijn; staat er een dubbele punt met een spatie in de tekst? Zet de hele tekst dan tussen "aanhalingstekens"'
    : issue.input === undefined
      ? 'is verplicht maar ontbreekt'
      : 'moet een tekst zijn';

/** Text of a given length; the messages say what to do, not what zod expected. */
const text = (min: number, max: number) =>
  z
    .string({ error: textError })
    .trim()
    .min(min, min <= 1 ? 'mag niet leeg zijn' : `is te kort (minstens ${min} tekens)`)
    .max(max, `is te lang (hoogstens ${max} tekens)`);
const sentence = text(3, 400);
const name = text(2, 80);

/**
 * A longer text that may link to pages of this site as [tekst](/pad). Only internal links: the
 * site works without any outside service, and the build checks that every link leads somewhere.
 */
const paragraph = text(3, 1500)
  .refine((t) => [...t.matchAll(/\]\(([^)]*)\)/g)].every((m) => m[1]?.startsWith('/')), {
    message:
      'bevat een link die niet met / begint: link alleen naar pagina’s van deze site, zoals [doorlooptijden](/doorlooptijden/)',
  })
  // Norms live in stappen.yaml only; a number typed here would silently go stale when a norm changes.
  .refine((t) => !/\d+\s*werkdag/i.test(t), {
    message: 'noemt een aantal werkdagen: dat is een norm en staat alleen in stappen.yaml; link naar /contactmomenten/',
  });
const list = (item: z.ZodType<string>, max = 12) =>
  z.array(item, { error: 'moet een lijst zijn (regels die met - beginnen)' }).max(max, `mag hoogstens ${max} regels hebben`);
const weeks = z
  .number({ error: 'moet een aantal weken zijn (een getal)' })
  .int('moet een heel aantal weken zijn')
  .min(0, 'mag niet negatief zijn')
  .max(104, 'is meer dan 104 weken: klopt dat?');

export const phaseSchema = z.strictObject({
  id: z.enum(PHASES),
  naam: z.string().min(2).max(40),
  samenvatting: sentence,
  /** What happens in this phase, one sentence a line (the phase's page). */
  watGebeurtEr: list(sentence).min(1, 'moet minstens één regel hebben'),
  /** How long the phase usually takes, in words. */
  duur: sentence,
  en: z.strictObject({
    naam: z.string().min(2).max(40),
    samenvatting: sentence,
    watGebeurtEr: list(sentence).optional(),
    duur: sentence.optional(),
  }),
});
export const phasesFileSchema = z.array(phaseSchema).refine((list) => PHASES.every((p, i) => list[i]?.id === p), {
  message: `moet de vijf fasen in deze volgorde bevatten: ${PHASES.join(', ')}`,
});

const template = sentence.refine((t) => !/\{(?!organisatie\}|datum\}|reden\})[^}]*\}/.test(t), {
  message: 'mag alleen de plaatshouders {organisatie}, {datum} en {reden} gebruiken',
});
/** A norm in words. The number of working days is filled in from `werkdagen`, never typed twice. */
const normText = sentence.refine((t) => !/\{(?!werkdagen\})[^}]*\}/.test(t), {
  message: 'mag alleen de plaatshouder {werkdagen} gebruiken',
});

export const stepSchema = z
  .strictObject({
    id: z.enum(STEP_IDS),
    contactmoment: z.enum(CONTACT_MOMENTS).optional(),
    wie: z.enum(ROLES),
    werkdagen: z
      .number({ error: 'moet een aantal werkdagen zijn' })
      .int('moet een heel aantal werkdagen zijn')
      .min(0, 'mag niet negatief zijn')
      .max(120, 'is meer dan 120 werkdagen: klopt dat?')
      .optional(),
    norm: normText.optional(),
    tekst: template,
    tekstZonderDatum: template.optional(),
    en: z
      .strictObject({ norm: normText.optional(), tekst: template.optional(), tekstZonderDatum: template.optional() })
      .optional(),
  })
  .superRefine((step, ctx) => {
    for (const [path, norm] of [
      [['norm'], step.norm],
      [['en', 'norm'], step.en?.norm],
    ] as const) {
      if (norm === undefined) continue;
      const placeholder = norm.includes('{werkdagen}');
      if (step.werkdagen !== undefined && !placeholder) {
        ctx.addIssue({
          code: 'custom',
          path: [...path],
          message: 'moet {werkdagen} bevatten in plaats van het getal, zodat de tekst altijd klopt met "werkdagen"',
        });
      }
      if (step.werkdagen === undefined && placeholder) {
        ctx.addIssue({ code: 'custom', path: [...path], message: 'gebruikt {werkdagen}, maar deze stap heeft geen "werkdagen"' });
      }
    }
    if (step.contactmoment && step.norm && !step.en?.norm) {
      ctx.addIssue({ code: 'custom', path: ['en'], message: 'ontbreekt: de Engelse pagina toont de norm van elk contactmoment' });
    }
  });
export type Step = z.infer<typeof stepSchema>;

export const stepsFileSchema = z.array(stepSchema).superRefine((steps, ctx) => {
  for (const id of STEP_IDS) {
    const count = steps.filter((s) => s.id === id).length;
    if (count !== 1) {
      ctx.addIssue({ code: 'custom', message: `stap "${id}" moet precies één keer voorkomen (nu ${count} keer)` });
    }
  }
});

/**
 * One file per contact moment in content/contactmomenten/. Its norm comes from the steps in
 * stappen.yaml that name it; only a moment without such a step says when it happens (`wanneer`).
 */
export const contactMomentSchema = z.strictObject({
  code: z.enum(CONTACT_MOMENT_CODES, { error: `moet een van deze codes zijn: ${CONTACT_MOMENT_CODES.join(', ')}` }),
  titel: name,
  fasen: z.array(z.enum(PHASES)).min(1, 'moet minstens één fase noemen'),
  door: z.enum(['portaal', 'netbeheerder', 'aannemer']),
  optioneel: z.boolean({ error: 'moet ja (true) of nee (false) zijn' }).default(false),
  middelen: list(name).min(1, 'moet minstens één middel noemen'),
  doel: sentence,
  activiteiten: list(sentence).default([]),
  wanneer: sentence.optional(),
  en: z.strictObject({
    titel: name,
    middelen: list(name).min(1, 'moet minstens één middel noemen'),
    doel: sentence,
    activiteiten: list(sentence).default([]),
    wanneer: sentence.optional(),
  }),
});
export type ContactMomentContent = z.infer<typeof contactMomentSchema>;

export const LEGAL_TERMS = ['met-graafwerk', 'zonder-graafwerk', 'geen'] as const;

/** Typical lead times per kind of aanvraag: example ranges the editor sets, not promises. */
export const leadTimeSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{2,60}$/, 'moet kleine letters, cijfers en streepjes zijn, zoals nieuwe-woning'),
    naam: name,
    voorbeeld: sentence,
    van: weeks,
    tot: weeks,
    /** Which legal outer term for electricity applies, if any. */
    wettelijk: z.enum(LEGAL_TERMS, { error: `moet een van deze zijn: ${LEGAL_TERMS.join(', ')}` }),
    en: z.strictObject({ naam: name, voorbeeld: sentence }),
  })
  .refine((k) => k.tot >= k.van, { path: ['tot'], message: 'moet groter dan of gelijk aan "van" zijn' });
export type LeadTime = z.infer<typeof leadTimeSchema>;

export const leadTimesFileSchema = z.strictObject({
  bijgewerkt: z.iso.date({ error: 'moet een datum zijn als 2026-11-20' }),
  toelichting: paragraph,
  soorten: z
    .array(leadTimeSchema)
    .min(1, 'moet minstens één soort aanvraag hebben')
    .refine((l) => new Set(l.map((k) => k.id)).size === l.length, { message: 'elke id mag maar één keer voorkomen' }),
  /** Netcode elektriciteit art. 8.11; facts, not examples. */
  wettelijkeTermijn: z.strictObject({
    metGraafwerk: weeks,
    zonderGraafwerk: weeks,
    bijCongestie: weeks,
    uitleg: paragraph,
    bron: sentence,
    en: z.strictObject({ uitleg: paragraph }),
  }),
  en: z.strictObject({ toelichting: paragraph }),
});
export type LeadTimes = z.infer<typeof leadTimesFileSchema>;

export const customerTaskSchema = z.strictObject({
  fase: z.enum(PHASES),
  taak: name,
  uitleg: paragraph,
  en: z.strictObject({ taak: name.optional(), uitleg: paragraph.optional() }).optional(),
});
export const customerTasksFileSchema = z.array(customerTaskSchema).min(1, 'moet minstens één taak hebben');
export type CustomerTask = z.infer<typeof customerTaskSchema>;

const question = sentence.refine((q) => q.endsWith('?'), 'moet eindigen met een vraagteken');

/** One FAQ file per subject in content/vragen/. */
export const faqFileSchema = z.strictObject({
  onderwerp: name,
  volgorde: z.number({ error: 'moet een getal zijn' }).int('moet een heel getal zijn'),
  vragen: z
    .array(
      z.strictObject({
        vraag: question,
        antwoord: paragraph,
        en: z.strictObject({ vraag: question.optional(), antwoord: paragraph.optional() }).optional(),
      }),
    )
    .min(1, 'moet minstens één vraag hebben'),
  en: z.strictObject({ onderwerp: name }).optional(),
});
export type FaqFile = z.infer<typeof faqFileSchema>;

export const termSchema = z.strictObject({
  term: name,
  uitleg: paragraph,
  ookWel: list(name, 6).optional(),
  en: z.strictObject({ term: name.optional(), uitleg: paragraph.optional(), ookWel: list(name, 6).optional() }).optional(),
});
export const glossaryFileSchema = z
  .array(termSchema)
  .min(1)
  .superRefine((terms, ctx) => {
    const seen = new Set<string>();
    for (const [i, t] of terms.entries()) {
      const key = t.term.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'term'], message: `"${t.term}" staat er al eerder in` });
      seen.add(key);
    }
  });
export type Term = z.infer<typeof termSchema>;
