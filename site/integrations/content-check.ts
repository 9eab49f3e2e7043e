/**
 * Checks every content file before Astro starts, so a broken file stops `astro build` and
 * `astro dev` with the same plain-Dutch message as the API (file, line, field, what is wrong)
 * instead of a stack trace from inside a content loader.
 */
import { resolve } from 'node:path';
import type { AstroIntegration } from 'astro';
import { ContentError, loadSiteContent } from '../../domain/content.ts';

export function contentCheck(dir = resolve(process.env.CONTENT_DIR ?? 'content')): AstroIntegration {
  return {
    name: 'traject-content-check',
    hooks: {
      'astro:config:setup': ({ logger }) => {
        try {
          loadSiteContent(dir);
        } catch (error) {
          if (!(error instanceof ContentError)) throw error;
          logger.error(`\n${error.message}\n\nPas het bestand aan en bouw opnieuw. Uitleg: content/README.md`);
          // A thrown error would bury the message under Astro's stack trace; editors read this.
          process.exit(1);
        }
      },
    },
  };
}
