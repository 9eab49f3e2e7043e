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
import { ENGLISH_COMPLETE, missingTranslations, translationReport, translationSummary } from '../../domain/translations.ts';

/** The folder the editors' files are read from: CONTENT_DIR, or content/ of the project. */
export function contentDir(): string {
  return resolve(process.env.CONTENT_DIR ?? resolve(import.meta.dirname, '..', '..', 'content'));
}

export type ContentCheck = {
  /** The editor's message when a content file is wrong: every path stops on it. */
  error?: string;
  /** Texts still without English, in one line: shown, but nothing stops while English is incomplete. */
  warning?: string;
};

const READ_MORE = 'Uitleg: content/README.md, "Wat de build controleert".';

export function checkContent(dir = contentDir(), { englishRequired = ENGLISH_COMPLETE } = {}): ContentCheck {
  const problems: string[] = [];
  /** Reads, or notes the editor's message; anything but a content error is a bug and is thrown. */
  const read = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const site = read(() => loadSiteContent(dir));
  read(() => loadSurveys(dir));
  const missing = site ? missingTranslations(site) : [];
  if (englishRequired && missing.length) problems.push(`Engelse teksten ontbreken:\n\n${translationReport(missing)}`);
  if (problems.length) return { error: `${problems.join('\n\n')}\n\nPas het bestand aan en probeer het opnieuw. ${READ_MORE}` };
  const warning = translationSummary(missing);
  return warning ? { warning } : {};
}

/** Prints the message and stops the process when a content file is wrong; prints the warning otherwise. */
export function stopOnContentProblems(dir = contentDir()): void {
  const { error, warning } = checkContent(dir);
  if (error) {
    process.stderr.write(`\n${error}\n`);
    process.exit(1);
  }
  if (warning) process.stderr.write(`${warning}\n`);
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
