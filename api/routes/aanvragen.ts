/**
 * GET /api/v1/aanvragen/{nummer} — the status of one aanvraag, for an organisation that takes
 * part in it. Unknown and not-yours answer alike (404), so numbers cannot be probed.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { requestNumber } from '../../domain/messages.ts';
import { requestStatusSchema } from '../../domain/status-schema.ts';
import type { Store } from '../data/store.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
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
    ...UNAUTHORISED,
    404: { description: 'Onbekend, of niet van deze organisatie.' },
  },
});

export const STATUS_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function aanvragenRoutes(store: Store, now: () => Date = () => new Date()) {
  const app = new OpenAPIHono<OrganisationEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problem(c, 400, 'Ongeldig verzoek', fieldErrors(result.error));
      return undefined;
    },
  });
  app.use('/aanvragen/*', requireApiKey(store));
  app.openapi(route, async (c) => {
    const { nummer } = c.req.valid('param');
    // The stored, serialised status (api/data) as bytes: one read, no JSON or string work on the hot path.
    const json = await store.statusJson(nummer, c.get('organisation'), now());
    if (json === undefined || json === 'niet-betrokken') return problem(c, 404, `Aanvraag ${nummer} is niet gevonden`);
    // A Buffer over Node's pool is typed ArrayBufferLike; Hono sends any Uint8Array as it is.
    return c.body(json as Uint8Array<ArrayBuffer>, 200, STATUS_HEADERS) as never;
  });
  return app;
}
