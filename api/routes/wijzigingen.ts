/**
 * GET /api/v1/wijzigingen — the change feed: the aanvragen the calling organisation takes part in
 * whose status changed, in commit order, each with the ETag its look-up answers now, and a cursor
 * to go on from. A back-office system keeps the last cursor and asks again (with `wacht` it waits
 * for the next change instead of asking again and again); api/core/change-feed.ts has the rules.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { pageLimit } from '../http/page-limit.ts';
import { DATABASE_ERRORS, problem, problemAnswer, refuseInvalid } from '../http/problem.ts';
import type { Store } from '../storage/store.ts';

/** The longest a long poll waits: well below the usual proxy timeouts (nginx: 60 s). */
const MAX_WAIT_SECONDS = 30;

const query = z.strictObject({
  na: z.string().max(80, 'mag hoogstens 80 tekens zijn').optional().openapi({
    description:
      'De cursor uit het vorige antwoord: alleen wat daarna veranderde. Zonder cursor begint de feed bij het begin (elke aanvraag één keer). Behandel hem als ondoorzichtige tekst.',
  }),
  limit: pageLimit('aanvragen'),
  wacht: z.coerce
    .number({ error: 'moet een getal zijn' })
    .int('moet een geheel getal zijn')
    .min(0, 'mag niet negatief zijn')
    .max(MAX_WAIT_SECONDS, `mag hoogstens ${MAX_WAIT_SECONDS} zijn`)
    .default(0)
    .openapi({
      description: `Long polling: is er na de cursor niets veranderd, wacht dan tot iets verandert, hoogstens dit aantal seconden (0 tot ${MAX_WAIT_SECONDS}).`,
    }),
});

const change = z
  .object({
    nummer: z.string().openapi({ description: 'Het aanvraagnummer.', example: 'MA-2026-000123' }),
    etag: z.string().openapi({
      description:
        'De ETag die GET /api/v1/aanvragen/{nummer} nu geeft. Hebt u de status met deze ETag al, dan hoeft u niets op te halen.',
      example: '"k3J9x0Qw2mVb7LpA"',
    }),
  })
  .openapi('Wijziging');

const route = createRoute({
  method: 'get',
  path: '/wijzigingen',
  operationId: 'wijzigingen',
  summary: 'Welke aanvragen veranderden (change feed)',
  description: [
    'De aanvragen waarbij uw organisatie betrokken is en waarvan de status veranderde door een bericht, in de volgorde waarin de wijzigingen zijn vastgelegd.',
    'Een aanvraag staat één keer in de feed, op de plaats van zijn laatste wijziging: verandert hij opnieuw, dan schuift hij naar achteren.',
    'Bewaar de `cursor` en vraag daarmee verder: zo mist u niets en krijgt u niets dubbel, ook over herstarts en over meerdere servers heen.',
    '`meer: true` betekent dat er direct nog een pagina klaarstaat.',
    'Een status verandert ook zonder bericht wanneer een termijn verstrijkt (een stap raakt te laat); die wijziging staat niet in de feed, maar de ETag van de look-up verandert wel.',
  ].join(' '),
  security: [{ apiKey: [] }],
  request: { query },
  responses: {
    200: {
      description: 'De gewijzigde aanvragen na de cursor, en de cursor om verder te gaan.',
      content: {
        'application/json': {
          schema: z.object({
            wijzigingen: z.array(change),
            cursor: z.string().openapi({ description: 'Geef deze mee als `na` in de volgende vraag.' }),
            meer: z.boolean().openapi({ description: 'Er staat direct nog een pagina klaar.' }),
          }),
        },
      },
    },
    400: problemAnswer(
      'Een ongeldige parameter, of een cursor die niet van deze feed is of verder ligt dan de laatste wijziging; `errors` noemt het veld.',
    ),
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

export function changeFeedRoutes(store: Store) {
  const app = new OpenAPIHono<OrganisationEnv>({ defaultHook: refuseInvalid });
  app.use('/wijzigingen', requireApiKey(store));
  app.openapi(route, async (c) => {
    const { na, limit, wacht } = c.req.valid('query');
    const page = await store.changeFeed.page(c.get('organisation'), {
      cursor: na,
      limit,
      waitMs: wacht * 1000,
      abort: c.req.raw.signal,
    });
    if (page === 'ongeldig')
      return problem(c, 400, 'Ongeldige cursor', [{ field: 'na', message: 'is geen cursor van deze feed' }]);
    if (page === 'toekomst')
      return problem(c, 400, 'Ongeldige cursor', [{ field: 'na', message: 'ligt verder dan de laatste wijziging' }]);
    return c.json({ wijzigingen: page.changes, cursor: page.cursor, meer: page.more }, 200);
  });
  return app;
}
