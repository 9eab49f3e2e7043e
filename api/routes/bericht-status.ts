/**
 * What became of a message the organisation sent: GET /api/v1/berichten/{berichtId}, and its
 * messages parked until their aanvraag arrives: GET /api/v1/geparkeerde-berichten
 * (docs/decisions/0034-parked-messages.md). An organisation sees only its own messages.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { expiredText, PARKED_STATUS, parkedResult } from '../../domain/parked-messages.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { pageLimit } from '../http/page-limit.ts';
import { DATABASE_ERRORS, problem, problemAnswer, refuseInvalid } from '../http/problem.ts';
import type { ReceivedMessage, Store } from '../storage/store.ts';

export const berichtStatusSchema = z
  .object({
    id: z.string().openapi({ description: 'Het id dat u het bericht gaf.' }),
    requestNumber: z.string(),
    type: z.string(),
    receivedAt: z.string().openapi({ description: 'Wanneer Traject het bericht ontving.' }),
    result: z.enum(['accepted', 'geparkeerd', 'rejected', 'verlopen']).openapi({
      description:
        '`accepted` toegepast (meteen, of uit de parkeerplaats toen de aanvraag binnenkwam); `geparkeerd` wacht op zijn aanvraag tot `expiresAt`; `rejected` geweigerd toen de aanvraag binnenkwam (zie `errors`, niets toegepast); `verlopen` niet toegepast binnen de parkeertermijn.',
    }),
    status: z.number().int().openapi({
      description:
        '201 toegepast, 202 geparkeerd, 403 of 422 geweigerd, 410 verlopen: dezelfde codes als in de resultaten van POST /berichten.',
    }),
    expiresAt: z
      .string()
      .optional()
      .openapi({ description: 'Bij een geparkeerd bericht: tot wanneer het op zijn aanvraag wacht.' }),
    resolvedAt: z
      .string()
      .optional()
      .openapi({ description: 'Bij een geparkeerd bericht: wanneer het werd toegepast, geweigerd of als verlopen vastgelegd.' }),
    errors: z.array(z.object({ field: z.string().optional(), message: z.string() })).optional(),
  })
  .openapi('BerichtStatus');
type BerichtStatus = z.infer<typeof berichtStatusSchema>;

/** The sender's view of one message now: a parked one that waited past its term is `verlopen`. */
function statusOf(m: ReceivedMessage, now: Date): BerichtStatus {
  const base = { id: m.messageId, requestNumber: m.requestNumber, type: m.type, receivedAt: m.receivedAt };
  const { parked } = m;
  if (!parked) return { ...base, result: 'accepted', status: 201 };
  const result = parkedResult(parked, now);
  const when = { expiresAt: parked.expiresAt, ...(parked.resolvedAt && { resolvedAt: parked.resolvedAt }) };
  if (result === 'geparkeerd') return { ...base, ...when, result, status: PARKED_STATUS.geparkeerd };
  if (result === 'verlopen') {
    const errors = [{ message: expiredText(m.requestNumber, parked.expiresAt) }];
    return { ...base, ...when, result, status: PARKED_STATUS.verlopen, errors };
  }
  return { ...base, ...when, result, status: parked.status ?? 201, ...(parked.errors && { errors: parked.errors }) };
}

const one = createRoute({
  method: 'get',
  path: '/berichten/{berichtId}',
  operationId: 'berichtStatus',
  summary: 'Wat er met een bericht gebeurde',
  description:
    'De stand van een bericht dat uw organisatie stuurde, op het id dat u het gaf: toegepast, geparkeerd tot de aanvraag binnenkomt, bij binnenkomst van de aanvraag alsnog geweigerd, of verlopen. Een bericht dat meteen werd geweigerd (4xx in het antwoord op POST /berichten) is niet bewaard en is hier onbekend.',
  security: [{ apiKey: [] }],
  request: {
    params: z.object({
      berichtId: z
        .string()
        .min(1)
        .max(128, 'mag hoogstens 128 tekens zijn')
        .openapi({ param: { name: 'berichtId', in: 'path' }, description: 'Het id van het bericht.', example: 'crm-000123' }),
    }),
  },
  responses: {
    200: { description: 'De stand van het bericht.', content: { 'application/json': { schema: berichtStatusSchema } } },
    400: problemAnswer('Een ongeldig id; `errors` noemt het veld.'),
    ...UNAUTHORISED,
    404: problemAnswer('Uw organisatie stuurde geen bericht met dit id dat werd toegepast of geparkeerd.'),
    ...DATABASE_ERRORS,
  },
});

const list = createRoute({
  method: 'get',
  path: '/geparkeerde-berichten',
  operationId: 'geparkeerdeBerichten',
  summary: 'Uw berichten die op hun aanvraag wachten',
  description:
    'De berichten van uw organisatie die geparkeerd zijn en nog niet zijn toegepast of geweigerd, in de volgorde van ontvangst; ook die waarvan de termijn net verliep (`verlopen`).',
  security: [{ apiKey: [] }],
  request: {
    query: z.strictObject({ limit: pageLimit('berichten') }),
  },
  responses: {
    200: {
      description: 'De wachtende berichten, oudste eerst.',
      content: { 'application/json': { schema: z.object({ berichten: z.array(berichtStatusSchema) }) } },
    },
    400: problemAnswer('Een ongeldige parameter; `errors` noemt het veld.'),
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

export function berichtStatusRoutes(store: Store) {
  const app = new OpenAPIHono<OrganisationEnv>({ defaultHook: refuseInvalid });
  app.use('/berichten/:berichtId', requireApiKey(store));
  app.use('/geparkeerde-berichten', requireApiKey(store));
  app.openapi(one, async (c) => {
    const { berichtId } = c.req.valid('param');
    const found = await store.receivedMessages.find(c.get('organisation').id, berichtId);
    if (!found) return problem(c, 404, `Uw organisatie stuurde geen toegepast of geparkeerd bericht met id ${berichtId}`);
    return c.json(statusOf(found, new Date()), 200);
  });
  app.openapi(list, async (c) => {
    const { limit } = c.req.valid('query');
    const now = new Date();
    const waiting = await store.receivedMessages.waiting(c.get('organisation').id, limit);
    return c.json({ berichten: waiting.map((m) => statusOf(m, now)) }, 200);
  });
  return app;
}
