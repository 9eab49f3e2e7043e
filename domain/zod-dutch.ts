/**
 * Validation messages in Dutch for every schema: zod's own Dutch locale, plus a plainer
 * sentence for a missing field than "verwacht string, ontving undefined".
 */
import { z } from 'zod';

z.config(z.locales.nl());
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'is verplicht maar ontbreekt';
    if (issue.code === 'unrecognized_keys') return `onbekend veld: ${issue.keys.join(', ')}`;
    return undefined;
  },
});
