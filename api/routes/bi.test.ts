/**
 * The BI feed over real HTTP (issue 16.3): a client that follows @odata.nextLink to the end gets
 * every published row once; $filter on dates, $select, $top/$skip; small groups left out as on the
 * dashboard (a small group and its complementary one); no personal data in any field of any row;
 * each organisation only its scope; bad OData queries refused; the Parquet month read back.
 */
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_OPERATOR } from '../../demo/directory.ts';
import { BI_FIELDS, type BiRow } from '../../domain/bi-feed.ts';
import { addDays, dutchDate, type IsoDate } from '../../domain/calendar.ts';
import type { Discipline, Message } from '../../domain/messages.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
let serial = 0;

/** What no row may hold: every applicant's name (and its parts), e-mail, phone, street and house number. */
const PERSONAL: string[] = [];

const TODAY = dutchDate(new Date());

type Group = { day: IsoDate; combi: string; disciplines: Discipline[]; n: number };
/**
 * Webfeedback (its quarter is the response's own day). Q1: two groups of at least 5 in Brabant-Oost,
 * published. Q2: 7 on elektra beside 3 on water: water is small, and elektra is its complementary
 * group (the dashboard's total minus elektra would give water), so neither is published. Q3: 6 in
 * Peelland on gas, published to those who see Peelland. Six today: their quarter is still running, never published.
 */
const GROUPS: Group[] = [
  { day: '2026-02-10', combi: 'brabant-oost', disciplines: ['elektra'], n: 6 },
  { day: '2026-03-12', combi: 'brabant-oost', disciplines: ['gas'], n: 5 },
  { day: '2026-05-06', combi: 'brabant-oost', disciplines: ['elektra'], n: 7 },
  { day: '2026-05-07', combi: 'brabant-oost', disciplines: ['water'], n: 3 },
  { day: '2026-08-18', combi: 'peelland', disciplines: ['gas'], n: 6 },
  { day: TODAY, combi: 'brabant-oost', disciplines: ['elektra'], n: 6 },
];

const at = (day: IsoDate, time = '00:30') => new Date(`${day}T${time}:00+01:00`);
const key = (org: string) => server.keys.get(org) as string;

async function respond(group: Group, i: number) {
  const number = `MA-2026-7${String(serial++).padStart(6, '0')}`;
  const applicant = {
    name: `Annelies Bijlsma${serial}`,
    email: `annelies${serial}@voorbeeld.nl`,
    phone: `06 5555${String(serial).padStart(4, '0')}`,
  };
  const street = `Zonnebloemstraat${serial}`;
  const houseNumber = `${700 + serial}`;
  PERSONAL.push(applicant.name, `Bijlsma${serial}`, applicant.email, applicant.phone, street, houseNumber);
  const message = submission(number, {
    combi: group.combi,
    occurredAt: at(addDays(group.day, -30)).toISOString(),
    applicant,
    address: { street, houseNumber, postcode: '5611 AB', city: 'Eindhoven' },
    wishDate: undefined,
    workOrders: group.disciplines.map((d) => ({ id: `${number}-${d}`, discipline: d, gridOperator: DEMO_GRID_OPERATOR[d] })),
  }) as Message;
  const platform = server.store.organisation('traject');
  if (!platform) throw new Error('no platform');
  // The first group is delivered before its answers: its rows carry the contractor and the dates.
  const delivered: Message[] =
    group === GROUPS[0]
      ? [
          {
            id: `${number}-handed`,
            type: 'handed_to_combi',
            requestNumber: number,
            occurredAt: at(addDays(group.day, -20)).toISOString(),
            workOrderIds: group.disciplines.map((d) => `${number}-${d}`),
            contractor: 'kempen-kabel',
          } as Message,
          ...group.disciplines.map(
            (d) =>
              ({
                id: `${number}-tg-${d}`,
                type: 'work_order_completed',
                requestNumber: number,
                occurredAt: at(addDays(group.day, -5)).toISOString(),
                workOrderId: `${number}-${d}`,
              }) as Message,
          ),
        ]
      : [];
  for (const result of await server.store.ingest([message, ...delivered].map((m) => ({ sender: platform, message: m }))))
    expect(result.result, JSON.stringify(result.errors)).toBe('accepted');
  const saved = await server.store.responses.save({
    id: `bi-${serial}`,
    context: { survey: 'webfeedback', requestNumber: number, trigger: 'aanvraag-ingediend' },
    answers: {
      moeite: 1 + (i % 7),
      lastig: i % 2 ? ['kosten', 'bijlagen'] : ['niets'],
      verbeteren: `Bel ${applicant.name} op ${applicant.phone}`,
    },
    completed: true,
    at: at(group.day),
  });
  expect(saved.result).not.toBe('conflict');
}

beforeAll(async () => {
  server = await startTestServer();
  for (const group of GROUPS) for (let i = 0; i < group.n; i++) await respond(group, i);
}, 120_000);
afterAll(() => server.close());

type Body = { value: Partial<BiRow>[]; '@odata.nextLink'?: string; '@odata.count'?: number; '@odata.context': string };

async function get(org: string | undefined, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url.startsWith('http') ? url : `${server.url}${url}`, {
    headers: { ...(org && { authorization: `Bearer ${key(org)}` }), ...headers },
  });
  return res;
}

/** A client as Power BI is one: it follows @odata.nextLink until there is none. */
async function readAll(org: string, query = '', headers: Record<string, string> = {}) {
  const rows: Partial<BiRow>[] = [];
  let pages = 0;
  let url: string | undefined = `/api/v1/bi/Antwoorden${query}`;
  while (url) {
    const res = await get(org, url, headers);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as Body;
    rows.push(...body.value);
    url = body['@odata.nextLink'];
    if (++pages > 200) throw new Error('the next links do not end');
  }
  return { rows, pages };
}

const cells = (rows: Partial<BiRow>[]) => new Set(rows.map((r) => `${r.kwartaal} ${r.combi} ${r.disciplinegroep}`));

describe('the BI feed (OData)', () => {
  it('serves its service document and a CSDL $metadata document with every field', async () => {
    const service = await get('combi-brabant-oost', '/api/v1/bi');
    expect(service.status).toBe(200);
    expect(service.headers.get('odata-version')).toBe('4.0');
    expect(await service.json()).toMatchObject({ value: [{ name: 'Antwoorden', kind: 'EntitySet', url: 'Antwoorden' }] });
    const slash = await get('combi-brabant-oost', '/api/v1/bi/');
    expect(slash.status).toBe(200);
    expect((await slash.json())['@odata.context']).toBe(`${server.url}/api/v1/bi/$metadata`);
    const metadata = await get('combi-brabant-oost', '/api/v1/bi/$metadata');
    expect(metadata.status).toBe(200);
    const xml = await metadata.text();
    expect(xml).toContain('<EntitySet Name="Antwoorden" EntityType="Traject.BI.Antwoord"/>');
    for (const f of BI_FIELDS) expect(xml).toContain(`<Property Name="${f.name}" Type="${f.type}" Nullable="${f.nullable}"/>`);
    expect((await get(undefined, '/api/v1/bi/$metadata')).status).toBe(401);
  });

  it('gives a client that follows the next links every row once, over several pages', async () => {
    const { rows, pages } = await readAll('combi-brabant-oost', '', { prefer: 'odata.maxpagesize=7' });
    expect(pages).toBeGreaterThan(3);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Q1 only: 11 responses, each a moeite row and one or two lastig rows.
    const responses = new Set(rows.map((r) => r.reactie));
    expect(responses.size).toBe(11);
    const once = await readAll('combi-brabant-oost');
    expect(once.pages).toBe(1);
    expect(once.rows).toEqual(rows);
    for (const row of rows) expect(Object.keys(row)).toEqual(BI_FIELDS.map((f) => f.name));
  });

  it('leaves out small groups and their complementary groups, running quarters, free text and personal data', async () => {
    const { rows } = await readAll('traject');
    expect(cells(rows)).toEqual(new Set(['2026-K1 brabant-oost elektra', '2026-K1 brabant-oost gas', '2026-K3 peelland gas']));
    // Every field of every row, against every applicant's personal data and the free text.
    const text = JSON.stringify(rows);
    const found = PERSONAL.filter((value) => rows.some((row) => Object.values(row).some((v) => String(v).includes(value))));
    expect(found).toEqual([]);
    expect(text).not.toMatch(/Bel |@|MA-2026-7|Eindhoven|5611 AB/);
    expect(new Set(rows.map((r) => r.vraag))).toEqual(new Set(['moeite', 'lastig']));
    const scale = rows.find((r) => r.vraag === 'moeite' && r.meetdatum === '2026-02-10');
    expect(scale).toMatchObject({
      soortVraag: 'schaal',
      schaalVan: 1,
      schaalTot: 7,
      keuze: null,
      pc4: '5611',
      meting: 'webfeedback',
      kwartaal: '2026-K1',
      combi: 'brabant-oost',
      disciplinegroep: 'elektra',
      netbeheerders: 'netbeheer-zuid',
      aannemer: 'kempen-kabel',
      fase: 'nazorg',
      ingediendOp: '2026-01-11',
      meeInCombiOp: '2026-01-21',
      opgeleverdOp: '2026-02-05',
      doorlooptijdDagen: 25,
    });
    const running = rows.find((r) => r.meetdatum === '2026-03-12');
    expect(running).toMatchObject({ aannemer: null, opgeleverdOp: null, doorlooptijdDagen: null, fase: 'bestellen' });
  });

  it('filters on the answer date with ge, lt and and, and on other fields', async () => {
    const q1 = await readAll(
      'traject',
      `?$filter=${encodeURIComponent('antwoorddatum ge 2026-03-01 and antwoorddatum lt 2026-04-01')}`,
    );
    expect(q1.rows.length).toBeGreaterThan(0);
    for (const row of q1.rows) expect(`${row.antwoorddatum}` >= '2026-03-01' && `${row.antwoorddatum}` < '2026-04-01').toBe(true);
    expect(cells(q1.rows)).toEqual(new Set(['2026-K1 brabant-oost gas']));
    const gas = await readAll(
      'traject',
      `?$filter=${encodeURIComponent("(disciplinegroep eq 'gas') and waarde ge 4")}&$select=id,waarde,disciplinegroep`,
    );
    expect(gas.rows.length).toBeGreaterThan(0);
    for (const row of gas.rows) {
      expect(Object.keys(row)).toEqual(['id', 'waarde', 'disciplinegroep']);
      expect(row.disciplinegroep).toBe('gas');
      expect(row.waarde).toBeGreaterThanOrEqual(4);
    }
  });

  it('pages with $top and $skip, and counts with $count', async () => {
    const { rows: all } = await readAll('traject');
    const res = await get('traject', '/api/v1/bi/Antwoorden?$top=5&$skip=3&$count=true');
    const body = (await res.json()) as Body;
    expect(body.value).toEqual(all.slice(3, 8));
    expect(body['@odata.count']).toBe(all.length);
    const count = await get('traject', '/api/v1/bi/Antwoorden/$count');
    expect(await count.text()).toBe(String(all.length));
    const k1 = await get('traject', `/api/v1/bi/Antwoorden/$count?$filter=${encodeURIComponent("kwartaal eq '2026-K1'")}`);
    expect(Number(await k1.text())).toBe(all.filter((r) => r.kwartaal === '2026-K1').length);
    const { rows } = await readAll('traject', '?$top=9', { prefer: 'odata.maxpagesize=4' });
    expect(rows).toEqual(all.slice(0, 9));
  });

  it('gives each organisation only the aanvragen of its scope', async () => {
    const seen = async (org: string) => cells((await readAll(org)).rows);
    expect(await seen('combi-peelland')).toEqual(new Set(['2026-K3 peelland gas']));
    expect(await seen('combi-brabant-oost')).toEqual(new Set(['2026-K1 brabant-oost elektra', '2026-K1 brabant-oost gas']));
    // Water in Q2 is not theirs: what is left of Q2 for them is elektra alone, 7 responses.
    expect(await seen('waterbedrijf-peel')).toEqual(new Set());
    expect(await seen('netbeheer-zuid')).toEqual(
      new Set([
        '2026-K1 brabant-oost elektra',
        '2026-K1 brabant-oost gas',
        '2026-K2 brabant-oost elektra',
        '2026-K3 peelland gas',
      ]),
    );
    expect(await seen('glasnet')).toEqual(new Set());
    // Contractors by their combi areas (the one scope rule, domain/staff.ts).
    expect(await seen('kempen-kabel')).toEqual(await seen('combi-brabant-oost'));
    expect(await seen('peelbouw')).toEqual(new Set(['2026-K3 peelland gas']));
  });

  it.each([
    ['$filter=naam eq 1', 'onbekend veld: naam'],
    ['$filter=antwoorddatum ge 2026-01-01 or antwoorddatum lt 2026-02-01', 'or wordt niet ondersteund'],
    ['$filter=antwoorddatum has 2026-01-01', 'onbekende operator'],
    ["$filter=contains(meting,'web')", 'functies worden niet ondersteund'],
    ["$filter=antwoorddatum ge '2026'", 'datum'],
    ['$filter=waarde gt x', 'getal'],
    ["$filter=meting gt 'a'", 'alleen met eq of ne'],
    ['$filter=(waarde eq 1', 'haakje'],
    ['$select=id,email', 'onbekend veld: email'],
    ['$orderby=id', 'niet ondersteund'],
    ['$expand=x', 'niet ondersteund'],
    ['$top=-1', 'geheel getal'],
    ['$skiptoken=abc', 'vervolgteken'],
    ['naam=x', 'onbekende parameter'],
    ['$top=1&$top=2', 'Ongeldige invoer'],
  ])('refuses %s with a 400 that says why', async (query, reason) => {
    const res = await get('traject', `/api/v1/bi/Antwoorden?${query.replaceAll(' ', '%20')}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toContain(reason);
  });

  it('refuses every route of the feed without a key', async () => {
    for (const path of [
      '/api/v1/bi',
      '/api/v1/bi/',
      '/api/v1/bi/Antwoorden/$count',
      '/api/v1/bi/Antwoorden',
      '/api/v1/bi/maanden/2026-02.parquet',
    ])
      expect((await get(undefined, path)).status).toBe(401);
  });
});

describe('the BI feed (Parquet per month)', () => {
  it('gives a month’s rows as Parquet, the same as the OData feed, read back with hyparquet', async () => {
    const res = await get('traject', '/api/v1/bi/maanden/2026-02.parquet');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const file = await res.arrayBuffer();
    const read = await parquetReadObjects({ file });
    const { rows } = await readAll(
      'traject',
      `?$filter=${encodeURIComponent('meetdatum ge 2026-02-01 and meetdatum lt 2026-03-01')}`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(read.length).toBe(rows.length);
    const dates = new Set(BI_FIELDS.filter((f) => f.type === 'Edm.Date').map((f) => f.name as string));
    const normal = read.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, dates.has(k) && v instanceof Date ? v.toISOString().slice(0, 10) : v]),
      ),
    );
    expect(normal).toEqual(rows);
    // A month whose quarter is still running: an empty file.
    const empty = await parquetReadObjects({
      file: await (await get('traject', `/api/v1/bi/maanden/${TODAY.slice(0, 7)}.parquet`)).arrayBuffer(),
    });
    expect(empty).toEqual([]);
    expect((await get('traject', '/api/v1/bi/maanden/2026-13.parquet')).status).toBe(404);
  });
});
