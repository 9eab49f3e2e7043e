/**
 * GET /api/v1/organisaties and GET /api/v1/combis — the directory an integrator needs to write
 * messages: the codes of organisations and combi areas, their kinds, members, combi-organisatie
 * and CAPO flag, so nobody copies codes out of our demo source. For any organisation with a key:
 * these are the partners' own business details, nothing about aanvragen or customers.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS } from '../http/problem.ts';
import type { Store } from '../storage/store.ts';

const KINDS = ['netbeheerder', 'aannemer', 'combi', 'platform'] as const;

const kind = z.enum(KINDS).meta({
  id: 'Organisatiesoort',
  description:
    '`netbeheerder` (intake, offerte, mee in combi), `aannemer` (planning en uitvoering), `combi` (de combi-organisatie van een gebied) of `platform` (Traject zelf, ook de helpdesk).',
});

const organisatie = z
  .object({
    code: z
      .string()
      .meta({ description: 'De code in berichten (gridOperator, contractor, afzender).', example: 'netbeheer-zuid' }),
    naam: z.string(),
    soort: kind,
    telefoon: z.string().nullable().meta({ description: 'Het nummer dat klanten zien.' }),
    email: z.string().nullable(),
    combis: z.array(z.string()).meta({ description: 'De combigebieden waarin de organisatie werkt of die zij coördineert.' }),
  })
  .meta({ id: 'Organisatie' });

const combi = z
  .object({
    code: z.string().meta({ description: 'De code in request_submitted (combi).', example: 'brabant-oost' }),
    naam: z.string(),
    gebied: z.string(),
    capo: z
      .boolean()
      .meta({ description: 'Actief in CAPO: de eindmeting gaat automatisch; anders na de wekelijkse CSV-upload.' }),
    combiOrganisatie: z.string().nullable().meta({ description: 'De code van de combi-organisatie van dit gebied.' }),
    leden: z
      .array(z.object({ code: z.string(), soort: kind }))
      .meta({ description: 'De netbeheerders en aannemers die in dit gebied samenwerken.' }),
  })
  .meta({ id: 'Combi' });

const organisationsRoute = createRoute({
  method: 'get',
  path: '/organisaties',
  operationId: 'organisaties',
  summary: 'Alle organisaties: codes, soorten en combigebieden',
  description: 'Voor het schrijven van berichten: welke code hoort bij welke netbeheerder, aannemer of combi-organisatie.',
  security: [{ apiKey: [] }],
  responses: {
    200: {
      description: 'Alle organisaties, op code.',
      content: { 'application/json': { schema: z.object({ organisaties: z.array(organisatie) }) } },
    },
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

const combisRoute = createRoute({
  method: 'get',
  path: '/combis',
  operationId: 'combis',
  summary: 'Alle combigebieden: leden, combi-organisatie en CAPO',
  description:
    'Welke netbeheerders en aannemers in welk gebied samenwerken; een aanvraag noemt zijn combi bij request_submitted.',
  security: [{ apiKey: [] }],
  responses: {
    200: {
      description: 'Alle combigebieden, op code.',
      content: { 'application/json': { schema: z.object({ combis: z.array(combi) }) } },
    },
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

export function directoryRoutes(store: Store) {
  const app = new OpenAPIHono<OrganisationEnv>();
  app.use('/organisaties', requireApiKey(store));
  app.use('/combis', requireApiKey(store));
  const combis = () =>
    store
      .combiCodes()
      .sort()
      .flatMap((code) => store.combi(code) ?? []);

  app.openapi(organisationsRoute, (c) => {
    const areas = combis();
    const organisaties = store
      .organisationCodes()
      .sort()
      .flatMap((code) => store.organisation(code) ?? [])
      .map((o) => ({
        code: o.code,
        naam: o.name,
        soort: o.kind,
        telefoon: o.phone ?? null,
        email: o.email ?? null,
        combis: areas.filter((a) => a.members.has(o.code) || a.organisation === o.code).map((a) => a.code),
      }));
    return c.json({ organisaties }, 200);
  });

  app.openapi(combisRoute, (c) =>
    c.json(
      {
        combis: combis().map((a) => ({
          code: a.code,
          naam: a.name,
          gebied: a.area,
          capo: a.capoActive,
          combiOrganisatie: a.organisation,
          leden: [...a.members].sort().flatMap((code) => {
            const o = store.organisation(code);
            return o ? [{ code, soort: o.kind }] : [];
          }),
        })),
      },
      200,
    ),
  );
  return app;
}
