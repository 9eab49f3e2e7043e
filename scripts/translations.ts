/**
 * npm run vertalingen: every Dutch text in content/ that has no English version yet, per file,
 * so an editor (or a translator) can work through the list.
 */
import { loadSiteContent } from '../domain/content.ts';
import { missingTranslations, translationReport } from '../domain/translations.ts';
import { contentDir, stopOnContentProblems } from '../site/integrations/content-check.ts';

stopOnContentProblems();
console.log(translationReport(missingTranslations(loadSiteContent(contentDir()))));
