/**
 * What the pages read: the content collections, put back in process order and joined where the
 * editors keep things apart (a contact moment's norms live with the steps in stappen.yaml).
 */
import { getCollection } from 'astro:content';
import type { z } from 'zod';
import { contactMomentNorms, type Norm } from '../../domain/content.ts';
import {
  CONTACT_MOMENT_CODES,
  type contactMomentSchema,
  type customerTaskSchema,
  type faqFileSchema,
  type leadTimesFileSchema,
  PHASES,
  type Phase,
  type phaseSchema,
  STEP_IDS,
  type stepSchema,
  type termSchema,
} from '../../domain/content-schema.ts';

export type { Lang } from '../../domain/language.ts';

import type { Lang } from '../../domain/language.ts';

/**
 * Entries typed by the schema they were validated with. (With TypeScript 7 the generated
 * `astro:content` types lose to Astro's generic `any` declaration, so we name the type here.)
 */
type Schemas = {
  fasen: typeof phaseSchema;
  stappen: typeof stepSchema;
  contactmomenten: typeof contactMomentSchema;
  doorlooptijden: typeof leadTimesFileSchema;
  klanttaken: typeof customerTaskSchema;
  vragen: typeof faqFileSchema;
  begrippen: typeof termSchema;
};
async function entries<C extends keyof Schemas>(name: C): Promise<{ id: string; data: z.output<Schemas[C]> }[]> {
  return getCollection(name);
}
async function data<C extends keyof Schemas>(name: C): Promise<z.output<Schemas[C]>[]> {
  return (await entries(name)).map((e) => e.data);
}

export async function phases() {
  return (await data('fasen')).sort((a, b) => PHASES.indexOf(a.id) - PHASES.indexOf(b.id));
}

export async function leadTimes() {
  const [entry] = await data('doorlooptijden');
  if (!entry) throw new Error('content/doorlooptijden.yaml ontbreekt');
  return entry;
}

export type { Norm };

/** Each contact moment with its norms: from stappen.yaml when a step names it, else its own `wanneer`. */
export async function contactMoments(lang: Lang) {
  // Collections come back sorted by id; the process order is the domain's.
  const steps = (await data('stappen')).sort((a, b) => STEP_IDS.indexOf(a.id) - STEP_IDS.indexOf(b.id));
  const moments = (await data('contactmomenten')).sort(
    (a, b) => CONTACT_MOMENT_CODES.indexOf(a.code) - CONTACT_MOMENT_CODES.indexOf(b.code),
  );
  return moments.map((m) => {
    const norms = contactMomentNorms(m, steps, lang);
    const t = lang === 'en' ? m.en : m;
    return { ...m, titel: t.titel, middelen: t.middelen, doel: t.doel, activiteiten: t.activiteiten, norms };
  });
}
export type ContactMoment = Awaited<ReturnType<typeof contactMoments>>[number];

const titlesByLang = new Map<Lang, Promise<Map<string, string>>>();

/** Each contact moment's title by code, read once per language (pages rendered per request ask often). */
export function contactMomentTitles(lang: Lang): Promise<Map<string, string>> {
  let titles = titlesByLang.get(lang);
  if (!titles) {
    titles = contactMoments(lang).then((moments) => new Map(moments.map((m) => [m.code, m.titel])));
    titlesByLang.set(lang, titles);
  }
  return titles;
}

export async function customerTasks(phase: Phase) {
  // Ids are the position in klanttaken.yaml, zero-padded, so sorting by id keeps the editor's order.
  const tasks = (await entries('klanttaken')).sort((a, b) => a.id.localeCompare(b.id));
  return tasks.map((e) => e.data).filter((t) => t.fase === phase);
}

/** The FAQ subjects in their order, in one language (the Dutch text where an English one is missing). */
export async function faq(lang: Lang = 'nl') {
  const subjects = (await data('vragen')).sort((a, b) => a.volgorde - b.volgorde);
  if (lang === 'nl')
    return subjects.map((s) => ({
      onderwerp: s.onderwerp,
      vragen: s.vragen.map(({ vraag, antwoord }) => ({ vraag, antwoord })),
    }));
  return subjects.map((s) => ({
    onderwerp: s.en?.onderwerp ?? s.onderwerp,
    vragen: s.vragen.map((q) => ({ vraag: q.en?.vraag ?? q.vraag, antwoord: q.en?.antwoord ?? q.antwoord })),
  }));
}

/**
 * The glossary in one language, alphabetical in that language. An English entry keeps its Dutch
 * term as `dutch`: customers meet the Dutch word in letters and on the phone.
 */
export async function glossary(lang: Lang = 'nl') {
  const terms = (await data('begrippen')).map((t) =>
    lang === 'nl'
      ? { term: t.term, uitleg: t.uitleg, ookWel: t.ookWel }
      : { term: t.en?.term ?? t.term, uitleg: t.en?.uitleg ?? t.uitleg, ookWel: t.en?.ookWel ?? t.ookWel, dutch: t.term },
  );
  return terms.sort((a, b) => a.term.localeCompare(b.term, lang));
}

/** The anchor of a contact moment on the contact-moments page: #contactmoment-1a. */
export const momentAnchor = (code: string, lang: Lang) =>
  `${lang === 'en' ? 'contact-moment' : 'contactmoment'}-${code.toLowerCase()}`;
