/**
 * Reads the editors' files in `content/` and validates them. A broken file stops the server or
 * the site build with the file, the line, the field and what is wrong, in plain Dutch.
 * Files whose names start with `_` are drafts: nothing reads them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  CONTACT_MOMENT_CODES,
  type ContactMomentContent,
  type CustomerTask,
  contactMomentSchema,
  customerTasksFileSchema,
  type FaqFile,
  faqFileSchema,
  glossaryFileSchema,
  type LeadTimes,
  leadTimesFileSchema,
  type Phase,
  type phaseSchema,
  phasesFileSchema,
  type Step,
  type StepId,
  stepsFileSchema,
  type Term,
} from './content-schema.ts';

export class ContentError extends Error {
  override name = 'ContentError';
}

export const DEFAULT_CONTENT_DIR = join(import.meta.dirname, '..', 'content');

/** "item 2 (intake), veld "werkdagen"": an editor finds the entry by its id, not by an index. */
function describePath(path: PropertyKey[], raw: unknown): string {
  const parts: string[] = [];
  let node = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      const item = Array.isArray(node) ? node[key] : undefined;
      const label =
        item && typeof item === 'object'
          ? (['id', 'code', 'term', 'taak', 'vraag'] as const)
              .map((k) => (item as Record<string, unknown>)[k])
              .find((v) => typeof v === 'string')
          : undefined;
      parts.push(`item ${key + 1}${label ? ` (${label})` : ''}`);
    } else parts.push(`veld "${String(key)}"`);
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return parts.length ? parts.join(', ') : 'het hele bestand';
}

/** The line of the deepest node on the path that exists (a missing field: its parent's line). */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true) as Node | undefined;
    const start = node && (isMap(node) || isSeq(node) || 'range' in node) ? node.range?.[0] : undefined;
    if (start !== undefined) return counter.linePos(start).line;
  }
  return undefined;
}

/** Parses and validates one YAML file; throws a ContentError that names file, line and field. */
export function readContentFile<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  const file = relative(process.cwd(), path);
  const counter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: counter });
    if (doc.errors.length) throw doc.errors[0];
  } catch (error) {
    throw new ContentError(`${file}: kan het bestand niet lezen: ${(error as Error).message}`);
  }
  const raw: unknown = doc.toJS();
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const line = lineOf(doc, counter, issue.path);
    return `  - ${line ? `regel ${line}, ` : ''}${describePath(issue.path, raw)}: ${issue.message}`;
  });
  throw new ContentError(`${file} klopt niet:\n${lines.join('\n')}`);
}

/** The legal outer term for electricity in weeks (content/doorlooptijden.yaml, `wettelijkeTermijn`). */
export type LegalTermWeeks = { withGroundwork: number; withoutGroundwork: number; congestionAtMost: number };

export type Content = {
  phases: { id: Phase; naam: string; samenvatting: string }[];
  steps: Map<StepId, Step>;
  legalTermWeeks: LegalTermWeeks;
};

function legalTermWeeksOf(leadTimes: LeadTimes): LegalTermWeeks {
  const t = leadTimes.wettelijkeTermijn;
  return { withGroundwork: t.metGraafwerk, withoutGroundwork: t.zonderGraafwerk, congestionAtMost: t.bijCongestie };
}
export type PhaseContent = z.output<typeof phaseSchema>;

/** What the API needs: the phases, the steps with their norms, and the legal outer term. */
export function loadContent(dir: string = DEFAULT_CONTENT_DIR): Content {
  const phases = readContentFile(join(dir, 'fasen.yaml'), phasesFileSchema);
  const steps = readContentFile(join(dir, 'stappen.yaml'), stepsFileSchema);
  const leadTimes = readContentFile(join(dir, 'doorlooptijden.yaml'), leadTimesFileSchema);
  return { phases, steps: new Map(steps.map((s) => [s.id, s])), legalTermWeeks: legalTermWeeksOf(leadTimes) };
}

export type SiteContent = Content & {
  phases: PhaseContent[];
  contactMoments: ContactMomentContent[];
  leadTimes: LeadTimes;
  customerTasks: CustomerTask[];
  faq: FaqFile[];
  glossary: Term[];
};

/** Files in content/; anything else there is probably a typo, which an editor would never see. */
const FILES = ['fasen.yaml', 'stappen.yaml', 'doorlooptijden.yaml', 'klanttaken.yaml', 'begrippen.yaml'];
const FOLDERS = ['contactmomenten', 'vragen'];

const isDraft = (name: string) => name.startsWith('_');

/** The YAML files of a folder, drafts left out, in name order. */
export function contentFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f) && !isDraft(f))
    .sort()
    .map((f) => join(folder, f));
}

/** Collects every file's problems before failing, so an editor fixes them in one go. */
function collector() {
  const problems: string[] = [];
  return {
    problems,
    read<T>(fn: () => T): T | undefined {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof ContentError)) throw error;
        problems.push(error.message);
        return undefined;
      }
    },
  };
}

/** Checks between files: every contact moment once, and each norm in one place only. */
function checkContactMoments(dir: string, moments: ContactMomentContent[], steps: Step[]): string[] {
  const folder = relative(process.cwd(), join(dir, 'contactmomenten'));
  const problems: string[] = [];
  for (const code of CONTACT_MOMENT_CODES) {
    const count = moments.filter((m) => m.code === code).length;
    if (count !== 1) problems.push(`${folder}: contactmoment ${code} moet precies één keer voorkomen (nu ${count} keer)`);
  }
  for (const m of moments) {
    const norms = steps.filter((s) => s.contactmoment === m.code && s.norm).map((s) => s.id);
    if (norms.length && (m.wanneer || m.en.wanneer)) {
      problems.push(
        `${folder}: contactmoment ${m.code} heeft "wanneer", maar de norm staat al in stappen.yaml (${norms.join(', ')}): haal "wanneer" weg`,
      );
    }
    if (!norms.length && (!m.wanneer || !m.en.wanneer)) {
      problems.push(
        `${folder}: contactmoment ${m.code} heeft geen norm in stappen.yaml, dus "wanneer" en "en.wanneer" zijn verplicht`,
      );
    }
  }
  return problems;
}

/** Everything the site shows, validated as a whole. Throws one ContentError listing all problems. */
export function loadSiteContent(dir: string = DEFAULT_CONTENT_DIR): SiteContent {
  const c = collector();
  const unknown = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !isDraft(f) && !FILES.includes(f));
  for (const f of unknown)
    c.problems.push(`${relative(process.cwd(), join(dir, f))}: onbekend bestand (bekend zijn: ${FILES.join(', ')})`);

  const base = c.read(() => ({
    phases: readContentFile(join(dir, 'fasen.yaml'), phasesFileSchema),
    steps: readContentFile(join(dir, 'stappen.yaml'), stepsFileSchema),
  }));
  const contactMoments = contentFiles(join(dir, FOLDERS[0] as string))
    .map((f) => c.read(() => readContentFile(f, contactMomentSchema)))
    .filter((m) => m !== undefined)
    .sort((a, b) => CONTACT_MOMENT_CODES.indexOf(a.code) - CONTACT_MOMENT_CODES.indexOf(b.code));
  const leadTimes = c.read(() => readContentFile(join(dir, 'doorlooptijden.yaml'), leadTimesFileSchema));
  const customerTasks = c.read(() => readContentFile(join(dir, 'klanttaken.yaml'), customerTasksFileSchema));
  const glossary = c.read(() => readContentFile(join(dir, 'begrippen.yaml'), glossaryFileSchema));
  const faq = contentFiles(join(dir, FOLDERS[1] as string))
    .map((f) => c.read(() => readContentFile(f, faqFileSchema)))
    .filter((f) => f !== undefined)
    .sort((a, b) => a.volgorde - b.volgorde);
  if (base) c.problems.push(...checkContactMoments(dir, contactMoments, base.steps));

  if (c.problems.length || !base || !leadTimes || !customerTasks || !glossary) {
    throw new ContentError(`De inhoud in ${relative(process.cwd(), dir) || '.'} klopt niet:\n\n${c.problems.join('\n\n')}`);
  }
  const steps = new Map(base.steps.map((s) => [s.id, s]));
  const legalTermWeeks = legalTermWeeksOf(leadTimes);
  return { phases: base.phases, steps, legalTermWeeks, contactMoments, leadTimes, customerTasks, faq, glossary };
}

export type Norm = { step: string; text: string; werkdagen?: number };

/** A contact moment's norms: from the steps in stappen.yaml that name it, else its own `wanneer`. */
export function contactMomentNorms(m: ContactMomentContent, steps: Iterable<Step>, lang: 'nl' | 'en' = 'nl'): Norm[] {
  const fromSteps = [...steps]
    .filter((s) => s.contactmoment === m.code && s.norm)
    .map((s) => ({ step: s.id, text: normText(s, lang) ?? '', ...(s.werkdagen !== undefined && { werkdagen: s.werkdagen }) }));
  const own = lang === 'en' ? m.en.wanneer : m.wanneer;
  return fromSteps.length ? fromSteps : own ? [{ step: m.code, text: own }] : [];
}

/** The contact moments in process order, for the API reference (the site reads them as a collection). */
export function loadContactMoments(dir: string = DEFAULT_CONTENT_DIR): ContactMomentContent[] {
  return contentFiles(join(dir, 'contactmomenten'))
    .map((f) => readContentFile(f, contactMomentSchema))
    .sort((a, b) => CONTACT_MOMENT_CODES.indexOf(a.code) - CONTACT_MOMENT_CODES.indexOf(b.code));
}

/** A norm sentence with its number of working days filled in from the same step. */
export function normText(step: Step, lang: 'nl' | 'en' = 'nl'): string | undefined {
  const text = lang === 'en' ? step.en?.norm : step.norm;
  return text?.replaceAll('{werkdagen}', String(step.werkdagen ?? ''));
}

/**
 * The next step in one sentence for the customer, from the editors' template in the customer's
 * language (Dutch while a step has no English one yet). `date` is already written out in that
 * language; without one, the template's date and the word before it go.
 */
export function stepSentence(
  step: Step,
  lang: 'nl' | 'en',
  fill: { organisation: string; date?: string; reason?: string },
): string {
  const texts = lang === 'en' && step.en?.tekst ? step.en : step;
  const template = fill.date
    ? (texts.tekst as string)
    : (texts.tekstZonderDatum ?? (texts.tekst as string).replace(/\s*(uiterlijk|vóór|op|by|before|on)?\s*\{datum\}/, ''));
  return template
    .replaceAll('{organisatie}', fill.organisation)
    .replaceAll('{datum}', fill.date ?? '')
    .replaceAll('{reden}', fill.reason ?? '');
}

export type { Phase };
