/**
 * The BI feed (docs/decisions/0038-bi-feed.md), read-only, with the organisation's API key:
 *  - OData v4 for Power BI's OData connector: the service document (GET /api/v1/bi), its
 *    $metadata (CSDL) and the entity set Antwoorden, with $filter, $select, $top, $skip, $count
 *    and server-driven paging (@odata.nextLink);
 *  - Parquet per month for bulk loads: GET /api/v1/bi/maanden/2026-11.parquet.
 * The rows and their rules are domain/bi-feed.ts; the query options domain/bi-feed-query.ts.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { BI_FIELDS, type BiField } from '../../domain/bi-feed.ts';
import { MAX_PAGE_SIZE, parseBiQuery } from '../../domain/bi-feed-query.ts';
import { BiFeed, type BiFeedDeps } from '../core/bi-feed.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS, fieldErrors, problem, problemAnswer } from '../http/problem.ts';

const ROOT = '/api/v1/bi';
const ENTITY_SET = 'Antwoorden';
const NAMESPACE = 'Traject.BI';
const ODATA = { 'OData-Version': '4.0' };
const JSON_TYPE = 'application/json;odata.metadata=minimal;charset=utf-8';
const MONTH_FILE = /^(\d{4})-(0[1-9]|1[0-2])\.parquet$/;

const xml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

/** The CSDL document Power BI reads first: one entity type, one entity set, the fields of BI_FIELDS. */
export function metadataDocument(): string {
  const property = (f: BiField) => `        <Property Name="${f.name}" Type="${f.type}" Nullable="${f.nullable}"/>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    '      <EntityType Name="Antwoord">',
    '        <Key><PropertyRef Name="id"/></Key>',
    ...BI_FIELDS.map(property),
    '      </EntityType>',
    '      <EntityContainer Name="Container">',
    `        <EntitySet Name="${xml(ENTITY_SET)}" EntityType="${NAMESPACE}.Antwoord"/>`,
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}

const odataOption = (description: string) => z.string().optional().openapi({ description });
const feedQuery = z.object({
  $filter: odataOption(
    'Vergelijkingen van een veld met een waarde (eq, ne, gt, ge, lt, le), verbonden met and, eventueel tussen haakjes. Datums als 2026-01-31, tekst tussen enkele aanhalingstekens. Voorbeeld: `antwoorddatum ge 2026-01-01 and antwoorddatum lt 2026-04-01`.',
  ),
  $select: odataOption('De velden, met komma’s; zonder: alle.'),
  $top: odataOption('Hoogstens zoveel rijen in totaal (over alle pagina’s).'),
  $skip: odataOption('Sla zoveel rijen over.'),
  $count: odataOption('true: het totaal aantal rijen dat aan $filter voldoet staat in @odata.count.'),
  $skiptoken: odataOption('Alleen uit @odata.nextLink: waar de volgende pagina begint.'),
  $format: odataOption('Alleen json.'),
});

const row = z
  .object(Object.fromEntries(BI_FIELDS.map((f) => [f.name, fieldSchema(f)])))
  .openapi('BiAntwoord', { description: 'Eén antwoord met de procesfeiten van zijn aanvraag (docs/power-bi.md).' });

function fieldSchema(f: BiField) {
  const base =
    f.type === 'Edm.String'
      ? z.string()
      : f.type === 'Edm.Date'
        ? z.iso.date()
        : f.type === 'Edm.Int32'
          ? z.number().int()
          : z.number();
  return (f.nullable ? base.nullable() : base).openapi({ description: f.description });
}

const BAD_QUERY = problemAnswer(
  'Een OData-query met een onbekend veld, een onbekende operator of optie, of een waarde van het verkeerde soort; `errors` noemt de optie.',
);

const serviceRoute = createRoute({
  method: 'get',
  path: '/bi',
  operationId: 'biService',
  summary: 'BI-feed: het OData-servicedocument',
  description:
    'Het begin van de OData v4-feed voor Power BI en dergelijke: noemt de entiteitenset Antwoorden. Geef deze URL op in Power BI (OData-feed); docs/power-bi.md beschrijft de stappen.',
  security: [{ apiKey: [] }],
  responses: {
    200: {
      description: 'Het servicedocument.',
      content: {
        'application/json': {
          schema: z.object({
            '@odata.context': z.string(),
            value: z.array(z.object({ name: z.string(), kind: z.literal('EntitySet'), url: z.string() })),
          }),
        },
      },
    },
    ...UNAUTHORISED,
  },
});

const metadataRoute = createRoute({
  method: 'get',
  path: '/bi/$metadata',
  operationId: 'biMetadata',
  summary: 'BI-feed: het OData-metadatadocument (CSDL)',
  description: 'De velden van de feed met hun typen, als CSDL-XML: Power BI leest dit eerst.',
  security: [{ apiKey: [] }],
  responses: {
    200: { description: 'Het CSDL-document.', content: { 'application/xml': { schema: z.string() } } },
    ...UNAUTHORISED,
  },
});

const feedRoute = createRoute({
  method: 'get',
  path: `/bi/${ENTITY_SET}`,
  operationId: 'biAntwoorden',
  summary: 'BI-feed: antwoorden met procesfeiten (OData)',
  description: [
    'Elk antwoord op een schaal- of keuzevraag van de vijf metingen, met de procesfeiten van de aanvraag (fasedatums, doorlooptijd, klantcontactmomenten, aannemer, netbeheerders, combi, discipline, pc4), over de aanvragen waarbij uw organisatie betrokken is.',
    'Zonder persoonsgegevens en zonder open tekst; alleen afgesloten kwartalen, en kleine groepen weggelaten zoals op het dashboard.',
    `Hoogstens ${MAX_PAGE_SIZE} rijen per pagina (minder met Prefer: odata.maxpagesize=n); volg @odata.nextLink tot die ontbreekt.`,
  ].join(' '),
  security: [{ apiKey: [] }],
  request: { query: feedQuery },
  responses: {
    200: {
      description: 'Een pagina rijen, en de link naar de volgende zolang er meer zijn.',
      content: {
        'application/json': {
          schema: z.object({
            '@odata.context': z.string(),
            '@odata.count': z.number().int().optional(),
            value: z.array(row),
            '@odata.nextLink': z.string().optional().openapi({ description: 'De volgende pagina; ontbreekt op de laatste.' }),
          }),
        },
      },
    },
    400: BAD_QUERY,
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

const countRoute = createRoute({
  method: 'get',
  path: `/bi/${ENTITY_SET}/$count`,
  operationId: 'biAntwoordenAantal',
  summary: 'BI-feed: het aantal rijen (OData $count)',
  description: 'Hoeveel rijen aan `$filter` voldoen, als platte tekst (Power BI vraagt dit voor een rijtelling).',
  security: [{ apiKey: [] }],
  request: { query: feedQuery.pick({ $filter: true }) },
  responses: {
    200: {
      description: 'Het aantal, als tekst.',
      content: { 'text/plain': { schema: z.string().openapi({ example: '1234' }) } },
    },
    400: BAD_QUERY,
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

const monthRoute = createRoute({
  method: 'get',
  path: '/bi/maanden/{bestand}',
  operationId: 'biMaand',
  summary: 'BI-feed: één maand als Parquet-bestand',
  description:
    'Dezelfde rijen als de OData-feed, met dezelfde regels, waarvan de meetdatum in de maand valt; kolommen en typen als in $metadata. Een maand verandert niet meer zodra zijn kwartaal is afgesloten.',
  security: [{ apiKey: [] }],
  request: {
    params: z.object({
      bestand: z.string().openapi({ description: 'De maand en .parquet.', example: '2026-11.parquet' }),
    }),
  },
  responses: {
    200: {
      description: 'Het Parquet-bestand.',
      content: { 'application/vnd.apache.parquet': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    404: problemAnswer('Geen maand als 2026-11.parquet.'),
    ...UNAUTHORISED,
    ...DATABASE_ERRORS,
  },
});

export function biRoutes(deps: BiFeedDeps & { publicUrl?: string }) {
  const feed = new BiFeed(deps);
  const app = new OpenAPIHono<OrganisationEnv>({
    defaultHook: (result, c) =>
      result.success ? undefined : problem(c, 400, 'Ongeldige OData-query (invalid OData query)', fieldErrors(result.error)),
  });
  app.use('/bi', requireApiKey(deps.store));
  app.use('/bi/*', requireApiKey(deps.store));
  const root = (c: Context) => `${(deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '')}${ROOT}`;

  const service = (c: Context) =>
    c.json(
      { '@odata.context': `${root(c)}/$metadata`, value: [{ name: ENTITY_SET, kind: 'EntitySet' as const, url: ENTITY_SET }] },
      200,
      { ...ODATA, 'content-type': JSON_TYPE },
    );
  app.openapi(serviceRoute, service);
  // OData clients often write the service root with a closing slash.
  app.get('/bi/', service);
  app.openapi(metadataRoute, (c) =>
    c.body(metadataDocument(), 200, { ...ODATA, 'content-type': 'application/xml; charset=utf-8' }),
  );
  app.openapi(feedRoute, async (c) => {
    const query = parseBiQuery(new URL(c.req.url).searchParams);
    if ('message' in query) return problem(c, 400, 'Ongeldige OData-query (invalid OData query)', [query]);
    const preferred = /odata\.maxpagesize=(\d{1,9})/.exec(c.req.header('prefer') ?? '')?.[1];
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(preferred ?? MAX_PAGE_SIZE)));
    const page = await feed.page(c.get('organisation'), query, pageSize);
    const base = `${root(c)}/${ENTITY_SET}`;
    let next: string | undefined;
    if (page.next) {
      const params = new URLSearchParams();
      for (const name of ['$filter', '$select', '$count', '$format'])
        if (c.req.query(name) !== undefined) params.set(name, c.req.query(name) as string);
      if (page.next.top !== undefined) params.set('$top', String(page.next.top));
      params.set('$skiptoken', page.next.skiptoken);
      next = `${base}?${params.toString().replaceAll('+', '%20')}`;
    }
    const select = query.select ? `(${query.select.join(',')})` : '';
    return c.json(
      {
        '@odata.context': `${root(c)}/$metadata#${ENTITY_SET}${select}`,
        ...(page.count !== undefined && { '@odata.count': page.count }),
        value: page.rows,
        ...(next && { '@odata.nextLink': next }),
      },
      200,
      {
        ...ODATA,
        'content-type': JSON_TYPE,
        'cache-control': 'no-store',
        ...(preferred && { 'preference-applied': `odata.maxpagesize=${pageSize}` }),
      },
    );
  });
  app.openapi(countRoute, async (c) => {
    const query = parseBiQuery(new URL(c.req.url).searchParams);
    if ('message' in query) return problem(c, 400, 'Ongeldige OData-query (invalid OData query)', [query]);
    const page = await feed.page(c.get('organisation'), { ...query, count: true, top: 0, skip: 0, after: undefined }, 1);
    return c.body(String(page.count ?? 0), 200, {
      ...ODATA,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    });
  });
  app.openapi(monthRoute, async (c) => {
    const match = MONTH_FILE.exec(c.req.param('bestand'));
    if (!match) return problem(c, 404, 'Geen maand: vraag een bestand als 2026-11.parquet (no such month file)');
    const body = await feed.month(c.get('organisation'), `${match[1]}-${match[2]}`);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.apache.parquet',
      'content-disposition': `attachment; filename="traject-bi-${match[1]}-${match[2]}.parquet"`,
      'cache-control': 'no-store',
    });
  });
  return app;
}
