/**
 * The contract with content editors: what the files in `content/` must look like.
 * The API computes due dates with these files and the site explains them, so both validate
 * with these schemas. Field names are Dutch because editors write them.
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

const sentence = z.string().trim().min(3, 'is te kort').max(400, 'is te lang (hoogstens 400 tekens)');

export const phaseSchema = z.strictObject({
  id: z.enum(PHASES),
  naam: z.string().min(2).max(40),
  samenvatting: sentence,
});
export const phasesFileSchema = z.array(phaseSchema).refine((list) => PHASES.every((p, i) => list[i]?.id === p), {
  message: `moet de vijf fasen in deze volgorde bevatten: ${PHASES.join(', ')}`,
});

const template = sentence.refine((t) => !/\{(?!organisatie\}|datum\}|reden\})[^}]*\}/.test(t), {
  message: 'mag alleen de plaatshouders {organisatie}, {datum} en {reden} gebruiken',
});

export const stepSchema = z.strictObject({
  id: z.enum(STEP_IDS),
  contactmoment: z.enum(CONTACT_MOMENTS).optional(),
  wie: z.enum(ROLES),
  werkdagen: z
    .number({ error: 'moet een aantal werkdagen zijn' })
    .int('moet een heel aantal werkdagen zijn')
    .min(0, 'mag niet negatief zijn')
    .max(120, 'is meer dan 120 werkdagen: klopt dat?')
    .optional(),
  norm: sentence.optional(),
  tekst: template,
  tekstZonderDatum: template.optional(),
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

export const contactMomentSchema = z.strictObject({
  code: z.enum(CONTACT_MOMENTS),
  titel: z.string().min(3).max(80),
  fase: z.enum(PHASES),
  door: z.enum(['portaal', 'netbeheerder', 'aannemer']),
  optioneel: z.boolean().default(false),
  middelen: z.array(z.string().min(2)).min(1),
  doel: sentence,
  activiteiten: z.array(z.string().min(2)).default([]),
});
export type ContactMomentContent = z.infer<typeof contactMomentSchema>;
