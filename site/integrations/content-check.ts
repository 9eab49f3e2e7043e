/**
 * The content check that every path runs first — `npm start`, `npm run build`, `npm test` and
 * the preview (`astro dev`): a broken file stops it with the same plain-Dutch message (file,
 * line, field, what is wrong, where to read more) on standard error and a non-zero exit, and no
 * stack trace that would bury the message editors must read.
 */
import { resolve } from 'node:path';
import type { AstroIntegration } from 'astro';
import { ContentError, loadSiteContent } from '../../domain/content.ts';
import { loadSurveys } from '../../domain/survey-schema.ts';

/** The folder the editors' files are read from: CONTENT_DIR, or content/ of the project. */
export function contentDir(): string {
  return resolve(process.env.CONTENT_DIR ?? resolve(import.meta.dirname, '..', '..', 'content'));
}

/** The editor's message when a content file is wrong; undefined when all is well. */
export function contentReport(dir = contentDir()): string | undefined {
  const problems: string[] = [];
  for (const read of [() => loadSiteContent(dir), () => loadSurveys(dir)]) {
    try {
      read();
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      problems.push(error.message);
    }
  }
  if (!problems.length) return undefined;
  return `${problems.join('\n\n')}\n\nPas het bestand aan en probeer het opnieuw. Uitleg: content/README.md, "Wat de build controleert".`;
}

/** Prints the message and stops the process when a content file is wrong. */
export function stopOnContentProblems(dir = contentDir()): void {
  const report = contentReport(dir);
  if (!report) return;
  process.stderr.write(`\n${report}\n`);
  process.exit(1);
}

/** The same check inside Astro, for `astro build` and `astro dev` started by hand. */
export function contentCheck(dir = contentDir()): AstroIntegration {
  return {
    name: 'traject-content-check',
    hooks: {
      'astro:config:setup': () => stopOnContentProblems(dir),
    },
  };
}
