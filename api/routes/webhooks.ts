/**
 * /api/v1/webhooks — an organisation registers the endpoints its systems receive events on, with
 * the events each wants, rotates their secrets, and sees and replays their deliveries. Only its own
 * endpoints: another organisation's id answers 404, as an unknown one does. The rules are in
 * api/core/webhooks.ts; delivery in api/webhooks/webhook-worker.ts.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEvent } from '../../domain/webhooks.ts';
import { registerEndpoint, replayDelivery, rotateEndpointSecret, type WebhookSettings } from '../core/webhooks.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS, fieldErrors, problem, problemAnswer } from '../http/problem.ts';
import type { Store, WebhookDelivery, WebhookEndpoint } from '../storage/store.ts';

const event = z.enum(WEBHOOK_EVENTS).meta({
  id: 'WebhookGebeurtenis',
  description: WEBHOOK_EVENTS.map((e) => `\`${e}\`: ${WEBHOOK_EVENT_LABELS[e]}.`).join(' '),
});

const endpoint = z
  .object({
    id: z.number().int(),
    url: z.string().meta({ example: 'https://planning.example.nl/traject/webhooks' }),
    gebeurtenissen: z.array(event),
    aangemaakt: z.string().meta({ description: 'ISO 8601.' }),
    actief: z.boolean().meta({ description: 'Onwaar nadat het adres dagen faalde, of na uitschakelen; dan gaat er niets heen.' }),
    uitgeschakeld: z.string().nullable().meta({ description: 'Wanneer het adres werd uitgeschakeld (ISO 8601).' }),
    reden: z.string().nullable().meta({ description: 'Waarom het werd uitgeschakeld.' }),
    faaltSinds: z.string().nullable().meta({ description: 'De eerste mislukte poging sinds de laatste geslaagde (ISO 8601).' }),
    vorigGeheimTot: z
      .string()
      .nullable()
      .meta({ description: 'Tot wanneer ook het geheim van vóór de laatste vervanging nog ondertekent (ISO 8601).' }),
  })
  .meta({ id: 'WebhookAdres' });

const attempt = z.object({
  moment: z.string(),
  status: z.number().int().nullable().meta({ description: 'De HTTP-status van het antwoord; null zonder antwoord.' }),
  antwoord: z.string().nullable().meta({ description: 'Het begin van het antwoord, hoogstens 300 tekens.' }),
  fout: z.string().nullable().meta({ description: 'Waarom er geen antwoord kwam (time-out, geen verbinding).' }),
});

const delivery = z
  .object({
    id: z.number().int().meta({ description: 'Het nummer van de aflevering, voor opnieuw versturen.' }),
    gebeurtenisId: z.string().meta({ description: 'De `webhook-id`: dezelfde bij elke poging en bij opnieuw versturen.' }),
    type: event,
    status: z.enum(['wachtend', 'afgeleverd', 'mislukt']).meta({
      description:
        '`wachtend`: nog niet afgeleverd, Traject probeert het (opnieuw) op `volgendePoging`; `afgeleverd`: het adres antwoordde met een 2xx; `mislukt`: Traject geeft het op (te vaak geprobeerd, of het adres is uitgeschakeld of verwijderd).',
    }),
    pogingen: z.number().int(),
    aangemaakt: z.string(),
    volgendePoging: z.string().nullable().meta({ description: 'Alleen bij `wachtend`.' }),
    laatstePogingen: z.array(attempt).meta({ description: 'De laatste pogingen, nieuwste eerst.' }),
  })
  .meta({ id: 'WebhookAflevering' });

const iso = (d: Date | null) => d?.toISOString() ?? null;
const endpointJson = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  gebeurtenissen: e.events,
  aangemaakt: e.createdAt.toISOString(),
  actief: !e.disabledAt,
  uitgeschakeld: iso(e.disabledAt),
  reden: e.disabledReason,
  faaltSinds: iso(e.failingSince),
  vorigGeheimTot: iso(e.previousSecretUntil),
});
const STATUS = { pending: 'wachtend', sent: 'afgeleverd', failed: 'mislukt' } as const;
const deliveryJson = (d: WebhookDelivery) => ({
  id: d.id,
  gebeurtenisId: d.eventId,
  type: d.type as WebhookEvent,
  status: STATUS[d.status],
  pogingen: d.attempts,
  aangemaakt: d.createdAt.toISOString(),
  volgendePoging: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  laatstePogingen: d.latest.map((a) => ({ moment: a.at.toISOString(), status: a.statusCode, antwoord: a.answer, fout: a.error })),
});

const positiveId = z.coerce
  .number({ error: 'moet een getal zijn' })
  .int('moet een geheel getal zijn')
  .positive('moet positief zijn');
const idParam = z.object({ id: positiveId });
const deliveryParams = z.object({ id: positiveId, aflevering: positiveId });
const NOT_FOUND = { 404: problemAnswer('Geen webhook-adres (of aflevering) van uw organisatie met dit nummer.') };
const INVALID = { 400: problemAnswer('Een ongeldig veld; `errors` noemt het.') };
const common = { ...UNAUTHORISED, ...DATABASE_ERRORS };
const secretAnswer = z.object({
  geheim: z.string().meta({
    description:
      'Het geheim waarmee Traject ondertekent (`whsec_…`), voor de Standard Webhooks-bibliotheek van uw platform. Traject toont het één keer.',
  }),
});

const list = createRoute({
  method: 'get',
  path: '/webhooks',
  operationId: 'webhooks',
  summary: 'De webhook-adressen van uw organisatie',
  security: [{ apiKey: [] }],
  responses: {
    200: {
      description: 'De adressen, oudste eerst.',
      content: { 'application/json': { schema: z.object({ webhooks: z.array(endpoint) }) } },
    },
    ...common,
  },
});

const create = createRoute({
  method: 'post',
  path: '/webhooks',
  operationId: 'webhookToevoegen',
  summary: 'Een webhook-adres toevoegen',
  description: [
    'Traject stuurt de gekozen gebeurtenissen van aanvragen waarbij uw organisatie betrokken is naar dit adres, volgens de Standard Webhooks-specificatie (standardwebhooks.com): een POST met JSON (`type`, `timestamp`, `data`) en de kopregels `webhook-id`, `webhook-timestamp` en `webhook-signature`.',
    'Controleer de handtekening met het geheim uit het antwoord (zie de README, "Webhooks ontvangen"). Antwoord binnen 10 seconden met een 2xx; anders probeert Traject het opnieuw, steeds later, dagenlang, met dezelfde `webhook-id`. Faalt het adres dagen achter elkaar, dan schakelt Traject het uit en mailt de beheerders.',
    'Het adres moet https gebruiken en publiek bereikbaar zijn: adressen in interne of lokale netwerken worden geweigerd. Redirects worden niet gevolgd.',
  ].join(' '),
  security: [{ apiKey: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            url: z
              .string()
              .max(500, 'mag hoogstens 500 tekens zijn')
              .meta({ example: 'https://planning.example.nl/traject/webhooks' }),
            gebeurtenissen: z
              .array(event)
              .min(1, 'kies minstens één gebeurtenis')
              .meta({ example: ['aanvraag.status_gewijzigd', 'aanvraag.planning_gewijzigd'] }),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Het adres, met zijn geheim (één keer getoond).',
      content: { 'application/json': { schema: z.object({ webhook: endpoint }).extend(secretAnswer.shape) } },
    },
    ...INVALID,
    422: problemAnswer(
      'Dit adres kan geen webhooks ontvangen: geen https, of het wijst naar een intern of lokaal netwerk (`errors` zegt het, in het Nederlands en Engels).',
    ),
    ...common,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/webhooks/{id}',
  operationId: 'webhookVerwijderen',
  summary: 'Een webhook-adres verwijderen',
  description: 'Afleveringen die nog wachten, gaan niet meer.',
  security: [{ apiKey: [] }],
  request: { params: idParam },
  responses: { 204: { description: 'Verwijderd.' }, ...INVALID, ...NOT_FOUND, ...common },
});

const rotate = createRoute({
  method: 'post',
  path: '/webhooks/{id}/geheim',
  operationId: 'webhookGeheimVervangen',
  summary: 'Het geheim van een webhook-adres vervangen',
  description:
    'Een nieuw geheim. Het oude blijft nog 24 uur geldig: zolang bevat `webhook-signature` twee handtekeningen, met het nieuwe en het oude geheim, zodat uw systeem zonder onderbreking kan overstappen.',
  security: [{ apiKey: [] }],
  request: { params: idParam },
  responses: {
    200: {
      description: 'Het nieuwe geheim (één keer getoond) en tot wanneer het oude nog geldt.',
      content: {
        'application/json': { schema: secretAnswer.extend({ vorigGeheimTot: z.string().meta({ description: 'ISO 8601.' }) }) },
      },
    },
    ...INVALID,
    ...NOT_FOUND,
    ...common,
  },
});

const enable = createRoute({
  method: 'post',
  path: '/webhooks/{id}/inschakelen',
  operationId: 'webhookInschakelen',
  summary: 'Een uitgeschakeld webhook-adres weer inschakelen',
  description: 'Nieuwe gebeurtenissen gaan er weer heen; gemiste afleveringen verstuurt u opnieuw.',
  security: [{ apiKey: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'Het adres, weer actief.', content: { 'application/json': { schema: z.object({ webhook: endpoint }) } } },
    ...INVALID,
    ...NOT_FOUND,
    409: problemAnswer('Het adres is niet uitgeschakeld.'),
    ...common,
  },
});

const deliveries = createRoute({
  method: 'get',
  path: '/webhooks/{id}/afleveringen',
  operationId: 'webhookAfleveringen',
  summary: 'De laatste afleveringen aan een webhook-adres',
  description: 'De nieuwste 50, elk met de laatste pogingen en wat het adres antwoordde.',
  security: [{ apiKey: [] }],
  request: { params: idParam },
  responses: {
    200: {
      description: 'De afleveringen, nieuwste eerst.',
      content: { 'application/json': { schema: z.object({ afleveringen: z.array(delivery) }) } },
    },
    ...INVALID,
    ...NOT_FOUND,
    ...common,
  },
});

const replay = createRoute({
  method: 'post',
  path: '/webhooks/{id}/afleveringen/{aflevering}/opnieuw',
  operationId: 'webhookOpnieuw',
  summary: 'Een aflevering opnieuw versturen',
  description:
    'Aflevering `aflevering` aan webhook-adres `id` (zoals `GET /webhooks/{id}/afleveringen` ze noemt) opnieuw: dezelfde gebeurtenis, met dezelfde `webhook-id` en inhoud, nu ondertekend.',
  security: [{ apiKey: [] }],
  request: { params: deliveryParams },
  responses: {
    202: {
      description: 'Staat klaar om te versturen.',
      content: { 'application/json': { schema: z.object({ opnieuw: z.literal(true) }) } },
    },
    ...INVALID,
    ...NOT_FOUND,
    409: problemAnswer('De inhoud is niet meer bewaard, of het adres is uitgeschakeld: schakel het eerst in.'),
    ...common,
  },
});

/** What a delivery looks like to the receiver: the OpenAPI document's `webhooks`, one entry for every event. */
const deliveryBody = z
  .object({
    type: event,
    timestamp: z.string().meta({ description: 'Wanneer de gebeurtenis in Traject werd vastgelegd (ISO 8601).' }),
    data: z
      .object({
        aanvraagnummer: z.string().meta({ example: 'MA-2026-000123' }),
        fase: z.string().meta({ description: 'De fase van de aanvraag nu, als in GET /api/v1/aanvragen/{nummer}.' }),
      })
      .passthrough()
      .meta({
        description:
          'Over de aanvraag: nummer en fase, en bij een bericht `bericht` (id, type, afzender, moment); per soort meer (`contactmoment`, `stagnatie`, `planning`, `enquete`, `organisatie`). Nooit gegevens van de klant als persoon: haal de status op met GET /api/v1/aanvragen/{nummer}.',
      }),
  })
  .meta({
    id: 'WebhookMelding',
    example: {
      type: 'aanvraag.status_gewijzigd',
      timestamp: '2026-12-07T09:30:00.000Z',
      data: { aanvraagnummer: 'MA-2026-000123', fase: 'voorbereiden' },
    },
  });
const signatureHeader = (name: string, description: string) => ({
  in: 'header' as const,
  name,
  required: true,
  description,
  schema: { type: 'string' as const },
});

/** Registers the deliveries in the document, for integrators who generate a receiver from it. */
export function registerWebhookDelivery(registry: { registerWebhook: (route: ReturnType<typeof createRoute>) => void }) {
  registry.registerWebhook(
    createRoute({
      method: 'post',
      path: 'traject-gebeurtenis',
      operationId: 'webhookMelding',
      // Your endpoint asks for no key: the signature shows the delivery comes from Traject.
      security: [],
      summary: 'Een gebeurtenis, zoals Traject haar aan uw webhook-adres stuurt',
      description:
        'Standard Webhooks: controleer `webhook-signature` met het geheim van het adres (een Standard Webhooks-bibliotheek doet dat in één aanroep), en sla `webhook-id` op om een tweede aflevering van dezelfde gebeurtenis over te slaan.',
      request: {
        body: { required: true, content: { 'application/json': { schema: deliveryBody } } },
      },
      parameters: [
        signatureHeader('webhook-id', 'Het id van de gebeurtenis: hetzelfde bij elke poging en bij opnieuw versturen.'),
        signatureHeader('webhook-timestamp', 'Het moment van deze poging, in seconden sinds 1970.'),
        signatureHeader(
          'webhook-signature',
          '`v1,` en de base64 HMAC-SHA256 van `id.timestamp.body`; na het vervangen van het geheim 24 uur lang twee, gescheiden door een spatie.',
        ),
      ],
      responses: {
        200: {
          description:
            'Ontvangen; elke 2xx telt. Anders (ook een redirect of geen antwoord binnen 10 seconden) probeert Traject het later opnieuw.',
        },
      },
    }),
  );
}

export type WebhookRoutesOptions = WebhookSettings & {
  /** Called after a delivery was written to the outbox, to send it at once. */
  queued?: () => void;
};

export function webhookRoutes(store: Store, options: WebhookRoutesOptions) {
  const app = new OpenAPIHono<OrganisationEnv>({
    defaultHook: (result, c) => (result.success ? undefined : problem(c, 400, 'Ongeldig verzoek', fieldErrors(result.error))),
  });
  app.use('/webhooks', requireApiKey(store));
  app.use('/webhooks/*', requireApiKey(store));
  const org = (c: { get: (key: 'organisation') => { code: string } }) => c.get('organisation').code;
  const notFound = (c: Parameters<typeof problem>[0]) => problem(c, 404, 'Onbekend webhook-adres of aflevering');

  app.openapi(list, async (c) => {
    const endpoints = await store.webhooks.ofOrganisation(org(c));
    return c.json({ webhooks: endpoints.map(endpointJson) }, 200);
  });

  app.openapi(create, async (c) => {
    const { url, gebeurtenissen } = c.req.valid('json');
    const made = await registerEndpoint(store.webhooks, options, org(c), { url, events: gebeurtenissen });
    if ('refused' in made)
      return problem(c, 422, 'Dit adres kan geen webhooks ontvangen / This URL cannot receive webhooks', [
        { field: 'url', message: made.refused.message },
      ]);
    return c.json({ webhook: endpointJson(made.endpoint), geheim: made.secret }, 201);
  });

  app.openapi(remove, async (c) => {
    if (!(await store.webhooks.remove(org(c), c.req.valid('param').id))) return notFound(c);
    return c.body(null, 204);
  });

  app.openapi(rotate, async (c) => {
    const rotated = await rotateEndpointSecret(store.webhooks, options.box, org(c), c.req.valid('param').id);
    if (!rotated) return notFound(c);
    return c.json({ geheim: rotated.secret, vorigGeheimTot: rotated.previousUntil.toISOString() }, 200);
  });

  app.openapi(enable, async (c) => {
    const { id } = c.req.valid('param');
    const found = await store.webhooks.endpoint(org(c), id);
    if (!found) return notFound(c);
    if (!(await store.webhooks.enable(org(c), id))) return problem(c, 409, 'Dit webhook-adres is niet uitgeschakeld');
    return c.json({ webhook: endpointJson((await store.webhooks.endpoint(org(c), id)) as WebhookEndpoint) }, 200);
  });

  app.openapi(deliveries, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await store.webhooks.endpoint(org(c), id))) return notFound(c);
    const rows = await store.webhooks.deliveries(org(c), id, 50);
    return c.json({ afleveringen: rows.map(deliveryJson) }, 200);
  });

  app.openapi(replay, async (c) => {
    const { id, aflevering } = c.req.valid('param');
    const result = await replayDelivery(store.webhooks, org(c), id, aflevering);
    if (result === 'onbekend') return notFound(c);
    if (result === 'niet-meer')
      return problem(c, 409, 'Deze aflevering kan niet opnieuw: de inhoud is niet meer bewaard of het adres is uitgeschakeld');
    options.queued?.();
    return c.json({ opnieuw: true as const }, 202);
  });

  return app;
}
