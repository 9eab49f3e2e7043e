/**
 * GET /api/v1/aanvragen/{nummer} — the status of one aanvraag, for an organisation that takes
 * part in it. Unknown and not-yours answer alike (404), so numbers cannot be probed.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { takesPart } from '../../domain/authorization.ts';
import type { Content } from '../../domain/content.ts';
import { requestNumber } from '../../domain/messages.ts';
import { requestStatus } from '../../domain/status.ts';
import { requestStatusSchema } from '../../domain/status-schema.ts';
import type { Store } from '../data/store.ts';
import { type OrganisationEnv, requireApiKey } from '../http/api-key.ts';
import { fieldErrors, problem } from '../http/problem.ts';

const route = createRoute({
  method: 'get',
  path: '/aanvragen/{nummer}',
  summary: 'Status van een aanvraag',
  description:
    'Fase, status per discipline, planning met precisie en historie, contactpersoon, stagnatie, contacthistorie en de volgende stap (wie, wat, uiterlijk wanneer). Alleen voor organisaties die bij de aanvraag betrokken zijn.',
  security: [{ apiKey: [] }],
  request: { params: z.object({ nummer: requestNumber }) },
  responses: {
    200: { description: 'De status van de aanvraag.', content: { 'application/json': { schema: requestStatusSchema } } },
    400: { description: 'Geen geldig aanvraagnummer.' },
    401: { description: 'Geen of een ongeldige API-sleutel.' },
    404: { description: 'Onbekend, of niet van deze organisatie.' },
  },
});

export function aanvragenRoutes(store: Store, content: Content, now: () => Date = () => new Date()) {
  const app = new OpenAPIHono<OrganisationEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problem(c, 400, 'Ongeldig verzoek', fieldErrors(result.error));
      return undefined;
    },
  });
  app.use('/aanvragen/*', requireApiKey(store));
  app.openapi(route, async (c) => {
    const { nummer } = c.req.valid('param');
    const state = await store.requestState(nummer);
    if (!state || !takesPart(c.get('organisation'), state, store)) {
      return problem(c, 404, `Aanvraag ${nummer} is niet gevonden`);
    }
    return c.json(
      requestStatus(state, content, (code) => store.organisation(code), now()),
      200,
    );
  });
  return app;
}
