/**
 * GET /api/v1/terugbelverzoeken — the open "bel mij terug" tasks of the calling organisation
 * (the platform sees all), so a planning tool can pick them up.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS } from '../http/problem.ts';
import type { Store } from '../storage/store.ts';

const task = z
  .object({
    id: z.string(),
    enquete: z.string(),
    aanvraagnummer: z.string().nullable(),
    organisatie: z.string(),
    telefoon: z.string().nullable(),
    opmerking: z.string().nullable(),
    aangemaakt: z.string(),
  })
  .meta({ id: 'Terugbelverzoek' });

const route = createRoute({
  method: 'get',
  path: '/terugbelverzoeken',
  operationId: 'openTerugbelverzoeken',
  summary: 'Open terugbelverzoeken van uw organisatie',
  description:
    'Na een duidelijk negatief antwoord in een enquête kan de klant vragen om teruggebeld te worden; dat wordt een taak voor de organisatie die er iets aan kan doen.',
  security: [{ apiKey: [] }],
  responses: {
    200: {
      description: 'De open verzoeken, oudste eerst.',
      content: { 'application/json': { schema: z.object({ verzoeken: z.array(task) }) } },
    },
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

export function callbackRoutes(store: Store) {
  const app = new OpenAPIHono<OrganisationEnv>();
  app.use('/terugbelverzoeken', requireApiKey(store));
  app.openapi(route, async (c) => {
    const org = c.get('organisation');
    const open = await store.callbacks.openFor(org.kind === 'platform' ? 'alle' : org.code);
    return c.json(
      {
        verzoeken: open.map((r) => ({
          id: r.id,
          enquete: r.survey,
          aanvraagnummer: r.requestNumber,
          organisatie: r.organisation,
          telefoon: r.phone,
          opmerking: r.note,
          aangemaakt: r.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
  return app;
}
