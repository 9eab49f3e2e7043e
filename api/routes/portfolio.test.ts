/**
 * The portfolio of a business applicant on SQLite and PostgreSQL (postgres-suite.ts): aanvragen
 * sent in over the real API, read through the site context the page reads (api/core/portfolio.ts).
 * An organisation sees exactly the aanvragen where it is the applicant; others get a 404; a wrong
 * filter a 400 naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../domain/content.ts';
import type { Message } from '../../domain/messages.ts';
import { calendarFeedTokens } from '../auth/calendar-feed-tokens.ts';
import { secretBoxFor } from '../auth/secret-box.ts';
import { createSession } from '../auth/sessions.ts';
import { siteContext } from '../site-context.ts';
import { TEST_SECRET_KEY } from '../storage/testing/test-store.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';
import { portfolioFeedPath } from './portfolio-calendar.ts';

let server: TestServer;
const OURS = '17001234';
const THEIRS = '17005678';

const business = (n: string, kvk: string, project: string | undefined, street: string, houseNumber: string) =>
  submission(n, {
    applicant: { name: 'Bouwer', email: `planning@${kvk === OURS ? 'dekempen' : 'peelland'}.nl`, kind: 'zakelijk', kvk },
    address: { street, houseNumber, postcode: '5611 AB', city: 'Eindhoven' },
    ...(project && { project }),
  });

beforeAll(async () => {
  server = await startTestServer();
  const nb = server.keys.get('netbeheer-zuid') as string;
  const ca = server.keys.get('van-der-berg-infra') as string;
  const messages = [
    business('MA-PF-1', OURS, 'NOORD', 'Akkerweg', '1'),
    business('MA-PF-2', OURS, 'NOORD', 'Akkerweg', '3'),
    business('MA-PF-3', OURS, 'ZUID', 'Beukenlaan', '2'),
    business('MA-PF-4', OURS, undefined, 'Dorpsstraat', '9'),
    business('MA-PF-9', THEIRS, 'NOORD', 'Geheimweg', '7'),
    submission('MA-PF-PRIV', { applicant: { name: 'Sanne', email: 'sanne@example.com' } }),
    {
      id: 'pf-cancel',
      type: 'request_cancelled',
      requestNumber: 'MA-PF-3',
      occurredAt: '2026-11-06T10:00:00+01:00',
      reason: 'project gestopt',
    },
    ...['MA-PF-1', 'MA-PF-4'].map((n) => ({
      id: `pf-hand-${n}`,
      type: 'handed_to_combi',
      requestNumber: n,
      occurredAt: '2026-11-04T10:00:00+01:00',
      workOrderIds: [`${n}-E`],
      contractor: 'van-der-berg-infra',
    })),
  ] as Message[];
  expect((await server.post(nb, { berichten: messages })).status).toBe(201);
  const firm = {
    id: 'pf-firm',
    type: 'planning_changed',
    requestNumber: 'MA-PF-1',
    occurredAt: '2026-11-05T10:00:00+01:00',
    confirmedStart: { date: '2027-03-15', part: 'ochtend' },
    reason: 'afgesproken',
  };
  const firmToo = { ...firm, id: 'pf-firm-4', requestNumber: 'MA-PF-4' };
  expect((await server.post(ca, { berichten: [firm, firmToo] })).status).toBe(201);
  const orgs = server.store.applicantOrganisations;
  expect(await orgs.register(OURS, 'dekempen.nl', 'planning@dekempen.nl', new Date())).toBe(true);
  expect(await orgs.register(THEIRS, 'peelland.nl', 'planning@peelland.nl', new Date())).toBe(true);
});
afterAll(() => server.close());

const contextOf = async (email: string | undefined) => {
  const cookie = email ? `traject_sessie=${(await createSession(server.store.access, email)).token}` : undefined;
  return (await siteContext(server.store, loadContent(), new Map(), cookie)).context;
};

describe('the portfolio', () => {
  it('holds exactly the aanvragen of the organisation, per project, those without a project last', async () => {
    const ctx = await contextOf('planning@dekempen.nl');
    const answer = await ctx.portfolio(OURS, {});
    if (!answer.ok) throw new Error(`status ${answer.status}`);
    expect(answer.view.portfolio.rows.map((r) => r.number).sort()).toEqual(['MA-PF-1', 'MA-PF-2', 'MA-PF-3', 'MA-PF-4']);
    expect(answer.view.portfolio.projects.map((p) => [p.project, p.total, p.cancelled])).toEqual([
      ['NOORD', 2, 0],
      ['ZUID', 1, 1],
      [null, 1, 0],
    ]);
    expect(answer.view.projects).toEqual([
      { project: 'NOORD', aanvragen: 2 },
      { project: 'ZUID', aanvragen: 1 },
      { project: null, aanvragen: 1 },
    ]);
    const noord = answer.view.portfolio.projects[0];
    expect(Object.values(noord?.perPhase ?? {}).reduce((a, b) => a + b, 0)).toBe(2);
    const row = answer.view.portfolio.rows.find((r) => r.number === 'MA-PF-1');
    expect(row?.address).toBe('Akkerweg 1, 5611 AB Eindhoven');
    expect(row?.project).toBe('NOORD');
  });

  it('filters by project (and "without project"), searches by address and sorts', async () => {
    const ctx = await contextOf('planning@dekempen.nl');
    const numbers = async (query: Record<string, string>) => {
      const answer = await ctx.portfolio(OURS, query);
      if (!answer.ok) throw new Error(`status ${answer.status}`);
      return answer.view.portfolio.rows.map((r) => r.number);
    };
    expect(await numbers({ project: 'NOORD', sorteer: 'adres' })).toEqual(['MA-PF-1', 'MA-PF-2']);
    expect(await numbers({ project: '-' })).toEqual(['MA-PF-4']);
    expect(await numbers({ zoek: 'beuken' })).toEqual(['MA-PF-3']);
    expect(await numbers({ zoek: 'akkerweg 3' })).toEqual(['MA-PF-2']);
    expect(await numbers({ zoek: 'Geheimweg' })).toEqual([]);
    expect(await numbers({ sorteer: 'nummer' })).toEqual(['MA-PF-1', 'MA-PF-2', 'MA-PF-3', 'MA-PF-4']);
    expect(await numbers({ tonen: 'vaste-datum' })).toEqual([]);
  });

  it('follows every new message: what a view keeps is read again once the aanvraag changed', async () => {
    const ctx = await contextOf('planning@dekempen.nl');
    const row = async () => {
      const answer = await ctx.portfolio(OURS, { project: 'NOORD' });
      if (!answer.ok) throw new Error(`status ${answer.status}`);
      return answer.view.portfolio.rows.find((r) => r.number === 'MA-PF-2');
    };
    expect((await row())?.cancelled).toBe(false);
    const nb = server.keys.get('netbeheer-zuid') as string;
    const cancel = {
      id: 'pf-cancel-2',
      type: 'request_cancelled',
      requestNumber: 'MA-PF-2',
      occurredAt: '2026-11-07T10:00:00+01:00',
      reason: 'kavel vervallen',
    };
    expect((await server.post(nb, { berichten: [cancel] })).status).toBe(201);
    expect((await row())?.cancelled).toBe(true);
  });

  it('answers a wrong filter with 400 naming it', async () => {
    const ctx = await contextOf('planning@dekempen.nl');
    for (const [query, field] of [
      [{ fase: 'bouwen' }, 'fase'],
      [{ sorteer: 'prijs' }, 'sorteer'],
      [{ tonen: 'alles' }, 'tonen'],
      [{ project: 'NOORD OOST' }, 'project'],
      [{ zoek: 'x'.repeat(101) }, 'zoek'],
    ] as const) {
      const answer = await ctx.portfolio(OURS, query);
      expect(answer, JSON.stringify(query)).toMatchObject({ ok: false, status: 400, field });
    }
  });

  it('is refused (404) to another organisation’s members, a private customer and nobody signed in', async () => {
    for (const email of ['planning@peelland.nl', 'sanne@example.com', undefined]) {
      const ctx = await contextOf(email);
      expect(await ctx.portfolio(OURS, {}), String(email)).toEqual({ ok: false, status: 404 });
      expect(await ctx.portfolio(OURS, { project: 'NOORD' }), String(email)).toEqual({ ok: false, status: 404 });
    }
    const theirs = await (await contextOf('planning@peelland.nl')).portfolio(THEIRS, {});
    if (!theirs.ok) throw new Error('their own portfolio');
    expect(theirs.view.portfolio.rows.map((r) => r.number)).toEqual(['MA-PF-9']);
    expect(await (await contextOf('planning@dekempen.nl')).portfolios()).toMatchObject([{ kvk: OURS }]);
  });
});

describe('the CSV export', () => {
  const csv = async (path: string, email?: string) => {
    const cookie = email ? `traject_sessie=${(await createSession(server.store.access, email)).token}` : undefined;
    const res = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };

  it('holds the rows the page lists with its filters, in Dutch or English, for members only', async () => {
    const all = await csv(`/volg/portfolio.csv?kvk=${OURS}`, 'planning@dekempen.nl');
    expect(all.status).toBe(200);
    expect(all.type).toContain('text/csv');
    const lines = all.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Aanvraagnummer;Adres;Project;Fase;Geannuleerd;Volgende stap/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(';')[0])
        .sort(),
    ).toEqual(['MA-PF-1', 'MA-PF-2', 'MA-PF-3', 'MA-PF-4']);
    expect(all.body).not.toContain('MA-PF-9');
    expect(all.body).toContain('zonder project');

    const noord = await csv(`/en/volg/portfolio.csv?kvk=${OURS}&project=NOORD`, 'planning@dekempen.nl');
    expect(noord.body).toMatch(/^\uFEFF?Request number;Address;Project;Phase;Cancelled/);
    expect(noord.body.trim().split('\r\n')).toHaveLength(3);

    expect((await csv(`/volg/portfolio.csv?kvk=${OURS}&fase=bouwen`, 'planning@dekempen.nl')).status).toBe(400);
    const anonymous = await fetch(`${server.url}/volg/portfolio.csv?kvk=${OURS}`, { redirect: 'manual' });
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/volg?fout=inloggen']);
    for (const email of ['planning@peelland.nl', 'sanne@example.com']) {
      const refused = await csv(`/volg/portfolio.csv?kvk=${OURS}`, email);
      expect(refused.status, String(email)).toBe(404);
      expect(refused.body).not.toContain('MA-PF-1');
    }
    expect((await csv('/volg/portfolio.csv?kvk=abc', 'planning@dekempen.nl')).status).toBe(404);
  });
});

describe('the calendar feed of the portfolio', () => {
  const box = () =>
    secretBoxFor({ SECRET_KEY: server.where.DATABASE_URL && TEST_SECRET_KEY, DATABASE_FILE: server.databaseFile });
  const session = async (email: string) => `traject_sessie=${(await createSession(server.store.access, email)).token}`;
  const feedForm = (cookie: string, kvk: string, actie: 'maken' | 'intrekken') =>
    fetch(`${server.url}/volg/portfolio-agenda`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie },
      body: new URLSearchParams({ taal: 'nl', kvk, actie }),
    });
  const shown = async (email: string) => {
    const cookie = await session(email);
    const { context } = await siteContext(server.store, loadContent(), new Map(), cookie, {
      path: '/volg/portfolio',
      box: box(),
    });
    return context.portfolioFeed(OURS, 'nl');
  };

  it('serves every appointment of the organisation’s aanvragen to whoever has its address, until revoked or no longer a member', async () => {
    const admin = await session('planning@dekempen.nl');
    expect(await shown('planning@dekempen.nl')).toBeUndefined();
    const made = await feedForm(admin, OURS, 'maken');
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe(`/volg/portfolio?kvk=${OURS}&opgeslagen=agenda#agenda`);
    const path = await shown('planning@dekempen.nl');
    expect(path).toMatch(/^\/volg\/portfolio-agenda\/[a-z2-7]+\.[a-z2-7]+\.ics$/);

    // No cookie: a calendar app has none; the token is the key.
    const ics = await fetch(`${server.url}${path}`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const body = await ics.text();
    expect(body).toContain('UID:MA-PF-1-startdatum@traject');
    expect(body).toContain('UID:MA-PF-4-startdatum@traject');
    expect(body).toContain('Portfolio KvK 17001234');
    expect(body).not.toContain('MA-PF-9');
    const english = await fetch(`${server.url}${path?.replace('/volg/', '/en/volg/')}`);
    expect(await english.text()).toContain('Connection work');

    // Another organisation's member cannot make one for this portfolio; an unknown token is 404.
    expect((await feedForm(await session('planning@peelland.nl'), OURS, 'maken')).status).toBe(404);
    expect((await feedForm(admin, '1700123', 'maken')).status).toBe(400);
    expect((await fetch(`${server.url}/volg/portfolio-agenda/abc.def.ics`)).status).toBe(404);

    // Made again: the old address stops; revoked: the new one stops too (410 tells an app to stop asking).
    await feedForm(admin, OURS, 'maken');
    expect((await fetch(`${server.url}${path}`)).status).toBe(410);
    const second = await shown('planning@dekempen.nl');
    expect((await fetch(`${server.url}${second}`)).status).toBe(200);
    await feedForm(admin, OURS, 'intrekken');
    expect((await fetch(`${server.url}${second}`)).status).toBe(410);
    expect(await shown('planning@dekempen.nl')).toBeUndefined();
  });

  it('stops when its owner is no longer a member', async () => {
    const admin = await session('planning@dekempen.nl');
    await server.store.applicantOrganisations.addMember(OURS, 'collega@dekempen.nl', 'planning@dekempen.nl', new Date());
    await feedForm(await session('collega@dekempen.nl'), OURS, 'maken');
    const path = await shown('collega@dekempen.nl');
    expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    const removed = await fetch(`${server.url}/volg/organisatie/leden`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie: admin },
      body: new URLSearchParams({ taal: 'nl', kvk: OURS, email: 'collega@dekempen.nl', actie: 'verwijderen' }),
    });
    expect(removed.status).toBe(303);
    expect((await fetch(`${server.url}${path}`)).status).toBe(410);
  });
});

describe('a delegate per project', () => {
  const session = async (email: string) => `traject_sessie=${(await createSession(server.store.access, email)).token}`;
  const delegateForm = async (cookie: string, fields: Record<string, string>) =>
    fetch(`${server.url}/volg/organisatie/uitvoerders`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie },
      body: new URLSearchParams({ taal: 'nl', kvk: OURS, actie: 'toevoegen', ...fields }),
    });
  const SUPERVISOR = 'uitvoerder@onderaannemer.nl';

  it('is given one project by the admin, and sees that project only, on the page and in the export', async () => {
    const admin = await session('planning@dekempen.nl');
    // Only the admin gives access, and only to a project the organisation has.
    expect((await delegateForm(await session('planning@peelland.nl'), { project: 'NOORD', email: SUPERVISOR })).status).toBe(403);
    expect((await delegateForm(admin, { project: 'ONBEKEND', email: SUPERVISOR })).status).toBe(400);
    expect((await delegateForm(admin, { project: 'NOORD OOST', email: SUPERVISOR })).status).toBe(400);
    expect(await server.store.applicantOrganisations.delegates(OURS)).toEqual([]);
    const added = await delegateForm(admin, { project: 'NOORD', email: SUPERVISOR });
    expect(added.status).toBe(303);
    expect(await server.store.applicantOrganisations.delegates(OURS)).toMatchObject([{ project: 'NOORD', email: SUPERVISOR }]);

    const ctx = await contextOf(SUPERVISOR);
    expect(await ctx.portfolios()).toMatchObject([{ kvk: OURS, role: 'gedelegeerde', projects: ['NOORD'] }]);
    const answer = await ctx.portfolio(OURS, {});
    if (!answer.ok) throw new Error(`status ${answer.status}`);
    expect(answer.view.portfolio.rows.map((r) => r.number)).toEqual(['MA-PF-1', 'MA-PF-2']);
    expect(answer.view.projects).toEqual([{ project: 'NOORD', aanvragen: 2 }]);
    expect(answer.view.portfolio.projects.map((p) => p.project)).toEqual(['NOORD']);
    // Another project, or the aanvragen without one: refused, as the page does not offer them.
    expect(await ctx.portfolio(OURS, { project: 'ZUID' })).toEqual({ ok: false, status: 404 });
    expect(await ctx.portfolio(OURS, { project: '-' })).toEqual({ ok: false, status: 404 });
    expect(await ctx.organisationMembers(OURS)).toBeUndefined();
    const cookie = await session(SUPERVISOR);
    const csv = await (await fetch(`${server.url}/volg/portfolio.csv?kvk=${OURS}`, { headers: { cookie } })).text();
    expect(csv).toContain('MA-PF-1');
    expect(csv).not.toContain('MA-PF-3');
    expect(csv).not.toContain('MA-PF-4');
    expect((await fetch(`${server.url}/volg/portfolio.csv?kvk=${OURS}&project=ZUID`, { headers: { cookie } })).status).toBe(404);
    // Their calendar feed holds their project's appointments only.
    const feedMade = await fetch(`${server.url}/volg/portfolio-agenda`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie },
      body: new URLSearchParams({ taal: 'nl', kvk: OURS, actie: 'maken' }),
    });
    expect(feedMade.status).toBe(303);
    const feed = await server.store.applicantOrganisations.liveFeed(OURS, SUPERVISOR);
    const box = secretBoxFor({ SECRET_KEY: server.where.DATABASE_URL && TEST_SECRET_KEY, DATABASE_FILE: server.databaseFile });
    // The page shows the delegate the address it made, as it does a member.
    const page = await siteContext(server.store, loadContent(), new Map(), cookie, { path: '/volg/portfolio', box });
    expect(await page.context.portfolioFeed(OURS, 'nl')).toContain('/volg/portfolio-agenda/');
    const ics = await (
      await fetch(`${server.url}${portfolioFeedPath(calendarFeedTokens(box).tokenOf(feed?.id ?? ''), 'nl')}`)
    ).text();
    expect(ics).toContain('MA-PF-1-startdatum');
    expect(ics).not.toMatch(/MA-PF-[349]/);
    // A delegate manages nothing: not the members, not other delegates.
    expect((await delegateForm(cookie, { project: 'ZUID', email: SUPERVISOR })).status).toBe(403);
    const member = await fetch(`${server.url}/volg/organisatie/leden`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie },
      body: new URLSearchParams({ taal: 'nl', kvk: OURS, email: 'x@dekempen.nl', actie: 'toevoegen' }),
    });
    expect(member.status).toBe(403);

    // Taken back: the portfolio is gone for them.
    expect((await delegateForm(admin, { project: 'NOORD', email: SUPERVISOR, actie: 'verwijderen' })).status).toBe(303);
    expect(await (await contextOf(SUPERVISOR)).portfolio(OURS, {})).toEqual({ ok: false, status: 404 });
  });
});
