import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRequests } from '../../demo/seed.ts';
import { dutchDate } from '../../domain/calendar.ts';
import { parseDashboardFilters } from '../../domain/dashboard-metrics.ts';
import type { Message } from '../../domain/messages.ts';
import { scopeOf } from '../../domain/staff.ts';
import { createStaffSession, STAFF_COOKIE } from '../auth/staff-sessions.ts';
import { staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';
import {
  CONTACT_MOMENT_HEADERS,
  CSV_HEADERS,
  csvCell,
  SATISFACTION_HEADERS,
  satisfactionCsv,
  TIMELINESS_WORDS,
} from './dashboard-export.ts';

let server: TestServer;
const EVIL = '=HYPERLINK("http://evil.example";"klik")';

beforeAll(async () => {
  server = await startTestServer();
  await seedRequests(server.store, { count: 60, now: new Date() });
  // A combi whose name a spreadsheet would run as a formula, with one aanvraag in it.
  await server.store.addOrganisation({ code: 'evil-nb', name: 'Evil NB', kind: 'netbeheerder' });
  await server.store.addCombi({ code: 'evil', name: EVIL, area: 'x', capoActive: false, members: ['evil-nb'] });
  const evil = server.store.organisation('evil-nb');
  if (!evil) throw new Error('no evil-nb');
  const [result] = await server.store.ingest([
    {
      sender: evil,
      message: submission('MA-EVIL-1', {
        combi: 'evil',
        occurredAt: new Date().toISOString(),
        workOrders: [{ id: 'MA-EVIL-1-E', discipline: 'elektra', gridOperator: 'evil-nb' }],
      }) as Message,
    },
  ]);
  expect(result?.result, JSON.stringify(result?.errors)).toBe('accepted');
}, 60_000);
afterAll(() => server.close());

async function csv(cookie: string | undefined, query = '') {
  const res = await fetch(`${server.url}/beheer/dashboard.csv${query}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  // Keep the byte order mark: fetch's text() drops it.
  return { res, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}

const lines = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n$/, '')
    .split('\r\n');

describe('a CSV cell', () => {
  it('starts with an apostrophe when a spreadsheet would run it as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+31 6 12345678')).toBe("'+31 6 12345678");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });

  it('is quoted when it holds a separator, a quote or a line break', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('zei "hallo"')).toBe('"zei ""hallo"""');
    expect(csvCell('regel\nregel')).toBe('"regel\nregel"');
    expect(csvCell(EVIL)).toBe(`"'=HYPERLINK(""http://evil.example"";""klik"")"`);
    expect(csvCell('MA-2026-0000001')).toBe('MA-2026-0000001');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(true)).toBe('ja');
  });
});

describe('the satisfaction CSV', () => {
  it('holds the figures as the page shows them: hidden ones as "verborgen", no answers as 0', () => {
    const text = satisfactionCsv(
      {
        quarter: '2026-K3',
        final: true,
        ktvDistribution: null,
        surveys: [
          {
            survey: 'eindmeting',
            invited: true,
            freeText: null,
            types: [
              { type: 'particulier', responses: null, ktv: null },
              { type: 'zakelijk', responses: null, ktv: null },
            ],
            weighted: { ktv: null },
            rows: [
              { level: 0, responses: { responses: 6, invited: 12, rate: 0.5 }, ktv: { n: 6, average: 7.25 } },
              { level: 1, combi: 'evil', responses: null, ktv: null },
              { level: 2, combi: 'evil', discipline: 'meerdere', responses: null },
            ],
          },
        ],
      },
      () => EVIL,
    );
    expect(lines(text)).toEqual([
      SATISFACTION_HEADERS.join(';'),
      '2026-K3;Eindmeting (na de oplevering);Alle;Alle;12;6;50;0;;6;7,25;Alle;;',
      `2026-K3;Eindmeting (na de oplevering);${csvCell(EVIL)};Alle;verborgen;verborgen;verborgen;0;;verborgen;verborgen;Alle;;`,
      `2026-K3;Eindmeting (na de oplevering);${csvCell(EVIL)};meer disciplines (combi-aanvraag);verborgen;verborgen;verborgen;0;;0;;Alle;;`,
      '2026-K3;Eindmeting (na de oplevering);Alle;Alle;verborgen;verborgen;verborgen;0;;verborgen;verborgen;Particulier;;',
      '2026-K3;Eindmeting (na de oplevering);Alle;Alle;verborgen;verborgen;verborgen;0;;verborgen;verborgen;Zakelijk;;',
      '2026-K3;Eindmeting (na de oplevering);Alle;Alle;;;;;;;verborgen;Zakelijk, gewogen;;verborgen',
      '2026-K3;Eindmeting (na de oplevering);Alle;Alle;;;;;;;verborgen;Alle aanvragers, gewogen;;verborgen',
    ]);
  });

  it('holds the figures per applicant type and weighted, as computed', () => {
    const text = satisfactionCsv(
      {
        quarter: '2026-K3',
        final: true,
        ktvDistribution: null,
        surveys: [
          {
            survey: 'webfeedback',
            invited: false,
            freeText: null,
            types: [
              { type: 'particulier', responses: { responses: 11 }, effort: { n: 11, average: 32 / 11 } },
              { type: 'zakelijk', responses: { responses: 10 }, effort: { n: 10, average: 3.5 } },
            ],
            weighted: {
              effort: {
                business: { average: 4.75, applicants: 2, weight: 40 },
                all: { average: 222 / 51, applicants: 2, weight: 51 },
              },
            },
            rows: [{ level: 0, responses: { responses: 21 }, effort: { n: 21, average: 67 / 21 } }],
          },
        ],
      },
      () => EVIL,
    );
    expect(lines(text).slice(2)).toEqual([
      '2026-K3;Webfeedback (na het indienen);Alle;Alle;;11;;11;2,91;;;Particulier;;',
      '2026-K3;Webfeedback (na het indienen);Alle;Alle;;10;;10;3,50;;;Zakelijk;;',
      '2026-K3;Webfeedback (na het indienen);Alle;Alle;;;;;4,75;;;Zakelijk, gewogen;40;',
      '2026-K3;Webfeedback (na het indienen);Alle;Alle;;;;;4,35;;;Alle aanvragers, gewogen;51;',
    ]);
  });
});

describe('GET /beheer/dashboard.csv', () => {
  it('gives a combi-organisatie one row per aanvraag of its area, for Dutch Excel', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'viewer' });
    const { res, text } = await csv(cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="traject-dashboard-combi-brabant-oost-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = lines(text);
    expect(header).toBe(CSV_HEADERS.join(';'));
    // One line per aanvraag holds no verdict per contact moment (those are per party: the other file).
    expect(header).not.toContain('KCM');
    expect(header).toContain('Vaste startdatums gehouden;Vaste startdatums verschoven');
    const org = server.store.organisation('combi-brabant-oost');
    if (!org) throw new Error('no org');
    const parsed = parseDashboardFilters({}, dutchDate(new Date()));
    if (!parsed.ok) throw new Error(parsed.message);
    const expected = await server.store.dashboard.rows(scopeOf(org, server.store.combiCodes(), server.store), parsed.filters);
    expect(rows.length).toBe(expected.length);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((r) => r.split(';')[0])).toEqual(expected.map((r) => r.number));
    for (const row of rows) {
      const cells = row.split(';');
      expect(cells).toHaveLength(CSV_HEADERS.length);
      expect(cells[1]).toBe('Combi Brabant-Oost');
      expect(['Oriënteren', 'Bestellen', 'Voorbereiden', 'Leveren', 'Nazorg']).toContain(cells[3]);
    }
  });

  it('never holds an aanvraag outside the organisation, and defuses formulas', async () => {
    const peelbouw = await staffCookie(server.store, { organisation: 'peelbouw', role: 'planner' });
    const rows = lines((await csv(peelbouw.cookie)).text).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.split(';')[1]))).toEqual(new Set(['Combi Peelland']));
    expect(rows.some((r) => r.startsWith('MA-EVIL-1'))).toBe(false);
    // The platform sees every aanvraag, the one in the combi with a formula for a name too.
    const platform = await staffCookie(server.store, { organisation: 'traject', role: 'viewer' });
    const evil = lines((await csv(platform.cookie)).text).find((r) => r.startsWith('MA-EVIL-1;'));
    expect(evil?.split(';').length).toBeGreaterThan(CSV_HEADERS.length);
    expect(evil).toContain(`;"'=HYPERLINK(""http://evil.example"";""klik"")";`);
    // A grid operator with no opdracht in it does not.
    const glasnet = await staffCookie(server.store, { organisation: 'glasnet', role: 'viewer' });
    const glasnetRows = lines((await csv(glasnet.cookie)).text).slice(1);
    expect(glasnetRows.every((r) => r.split(';')[2]?.includes('telecom'))).toBe(true);
  });

  it('applies the filters, and refuses a bad one with a Dutch message naming the field', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'viewer' });
    const gas = lines((await csv(cookie, '?discipline=gas')).text).slice(1);
    expect(gas.every((r) => r.split(';')[2]?.includes('gas'))).toBe(true);
    const bad = await csv(cookie, '?van=2026-13-01');
    expect(bad.res.status).toBe(400);
    expect(bad.text).toMatch(/^Ongeldig filter: van: /);
    expect((await csv(cookie, '?discipline=stroom')).text).toMatch(/^Ongeldig filter: discipline: /);
    const outside = await csv(cookie, '?combi=peelland');
    expect(outside.res.status).toBe(400);
    expect(outside.text).toBe('Ongeldig filter: combi: deze combi hoort niet bij uw organisatie');
    const own = await csv(cookie, '?combi=brabant-oost&van=2026-01-01&tot=2026-12-31');
    expect(own.res.status).toBe(200);
    expect(own.res.headers.get('content-disposition')).toContain('-2026-01-01-2026-12-31.csv');
  });

  it('sends whoever is not signed in with both factors to sign in', async () => {
    const anonymous = await csv(undefined);
    expect(anonymous.res.status).toBe(303);
    expect(anonymous.res.headers.get('location')).toBe('/beheer/inloggen?fout=sessie');
    const member = await server.store.staff.add({
      organisation: 'combi-brabant-oost',
      email: 'half@example.com',
      name: 'Half',
      role: 'admin',
    });
    const { token } = await createStaffSession(server.store.staff, member.id, { twoFactorVerified: false });
    const half = await csv(`${STAFF_COOKIE}=${token}`);
    expect(half.res.status).toBe(303);
    expect(half.res.headers.get('location')).toBe('/beheer/tweede-stap');
    expect(half.text).not.toContain('MA-');
  });
});

describe('GET /beheer/dashboard-contactmomenten.csv', () => {
  const download = async (cookie: string | undefined, query = '') => {
    const res = await fetch(`${server.url}/beheer/dashboard-contactmomenten.csv${query}`, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    return { res, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
  };

  it("has one line per contact moment and party, so its lines counted give the page's table, discipline filter included", async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'viewer' });
    const org = server.store.organisation('combi-brabant-oost');
    if (!org) throw new Error('no org');
    const scope = scopeOf(org, server.store.combiCodes(), server.store);
    for (const query of ['', '?discipline=gas']) {
      const { res, text } = await download(cookie, query);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/filename="traject-contactmomenten-combi-brabant-oost-/);
      const [header, ...rows] = lines(text);
      expect(header).toBe(CONTACT_MOMENT_HEADERS.join(';'));
      const parsed = parseDashboardFilters(Object.fromEntries(new URLSearchParams(query)), dutchDate(new Date()));
      if (!parsed.ok) throw new Error(parsed.message);
      const figures = await server.store.dashboard.figures(scope, parsed.filters);
      const code = (step: string) => `KCM ${{ intake: 'B', plangesprek: '1', opleverbevestiging: 'C' }[step]}`;
      const page = new Map<string, number>();
      for (const r of figures.adherence) {
        if (r.organisation === undefined) continue;
        const party = server.store.organisation(r.organisation)?.name ?? r.organisation;
        const counts: [string, number][] = [
          [TIMELINESS_WORDS['op-tijd'], r.onTime],
          [TIMELINESS_WORDS['te-laat'], r.late],
          [TIMELINESS_WORDS.verstreken, r.overdue],
          [TIMELINESS_WORDS.open, r.open],
        ];
        for (const [word, n] of counts) if (n > 0) page.set(`${code(r.step)};${party};${word}`, n);
      }
      const file = new Map<string, number>();
      for (const row of rows) {
        const [, , moment, party, , , verdict] = row.split(';');
        const key = `${moment};${party};${verdict}`;
        file.set(key, (file.get(key) ?? 0) + 1);
      }
      expect(rows.length).toBeGreaterThan(query ? 0 : 10);
      expect(file, query).toEqual(page);
    }
  });

  it("holds only the organisation's aanvragen, refuses a bad filter and sends the unsigned to sign in", async () => {
    const peelbouw = await staffCookie(server.store, { organisation: 'peelbouw', role: 'planner' });
    const rows = lines((await download(peelbouw.cookie)).text).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.split(';')[1]))).toEqual(new Set(['Combi Peelland']));
    const bad = await download(peelbouw.cookie, '?discipline=stroom');
    expect(bad.res.status).toBe(400);
    expect(bad.text).toMatch(/^Ongeldig filter: discipline: /);
    const anonymous = await download(undefined);
    expect(anonymous.res.status).toBe(303);
    expect(anonymous.res.headers.get('location')).toBe('/beheer/inloggen?fout=sessie');
  });
});
