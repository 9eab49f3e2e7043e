/** The `limit` query parameter of the API's lists: 1 to 500, 100 when absent; `what` names the items. */
import { z } from '@hono/zod-openapi';

export const MAX_PAGE = 500;

export function pageLimit(what: string) {
  return z.coerce
    .number({ error: 'moet een getal zijn' })
    .int('moet een geheel getal zijn')
    .min(1, 'moet minstens 1 zijn')
    .max(MAX_PAGE, `mag hoogstens ${MAX_PAGE} zijn`)
    .default(100)
    .openapi({ description: `Hoeveel ${what} per antwoord, 1 tot ${MAX_PAGE}.` });
}
