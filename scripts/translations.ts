/**
 * npm run vertalingen: every Dutch text in content/ that has no English version yet, per file,
 * so an editor (or a translator) can work through the list.
 */
import { loadSiteContent } from '../domain/content.ts';
import { missingTranslations, translationReport } from '../domain/translations.ts';
import { checkContent, contentDir } from '../site/integrations/content-check.ts';

// A broken file first: its message, not a list of translations.
const { error } = checkContent();
if (error) {
  process.stderr.write(`\n${error}\n`);
  process.exit(1);
}
console.log(translationReport(missingTranslations(loadSiteContent(contentDir()))));
