/**
 * Reads the editors' files in `content/` and validates them at start. A broken file stops the
 * server with the file, the field and what is wrong, in plain Dutch.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { type Phase, phasesFileSchema, type Step, type StepId, stepsFileSchema } from './content-schema.ts';

export class ContentError extends Error {
  override name = 'ContentError';
}

export const DEFAULT_CONTENT_DIR = join(import.meta.dirname, '..', 'content');

/** Parses and validates one YAML file; throws a ContentError that names file and field. */
export function readContentFile<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  const file = relative(process.cwd(), path);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ContentError(`${file}: kan het bestand niet lezen: ${(error as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(het hele bestand)';
    return `  - ${field}: ${issue.message}`;
  });
  throw new ContentError(`${file} klopt niet:\n${lines.join('\n')}`);
}

export type Content = {
  phases: { id: Phase; naam: string; samenvatting: string }[];
  steps: Map<StepId, Step>;
};

export function loadContent(dir: string = DEFAULT_CONTENT_DIR): Content {
  const phases = readContentFile(join(dir, 'fasen.yaml'), phasesFileSchema);
  const steps = readContentFile(join(dir, 'stappen.yaml'), stepsFileSchema);
  return { phases, steps: new Map(steps.map((s) => [s.id, s])) };
}
