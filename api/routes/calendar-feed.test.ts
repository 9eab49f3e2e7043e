/**
 * The personal calendar feed over real HTTP, on SQLite and on PostgreSQL: made on the track &
 * trace page's form, read without a cookie (a calendar app has none), following a move and a
 * cancellation, and gone (410) once revoked or once its owner may no longer follow the aanvraag.
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
import { readIcs } from '../testing-ics.ts';
import { calendarFeedPath } from './calendar-feed.ts';

const NUMBER = 'MA-AGENDA-1';
const APPLICANT = 'sanne@example.com';
const FRIEND = 'piet@example.com';
let server: TestServer;
let ca: string;

beforeAll(async () => {
  server = await startTestServer();
  const nb = server.keys.get('netbeheer-zuid') as string;
  ca = server.keys.get('van-der-berg-infra') as string;
  const handed = {
    id: 'h1',
    type: 'handed_to_combi',
    requestNumber: NUMBER,
    occurredAt: '2026-11-04T10:00:00+01:00',
    workOrderIds: [`${NUMBER}-E`],
    contractor: 'van-der-berg-infra',
  } as Message;
  const submitted = submission(NUMBER, { applicant: { name: 'Sanne de Vries', email: APPLICANT } });
  expect((await server.post(nb, { berichten: [submitted, handed] })).status).toBe(201);
  await plan('p1', '2026-11-05T10:00:00+01:00', '2027-01-18');
});
afterAll(() => server.close());

async function plan(id: string, occurredAt: string, date: string) {
  const message = {
    id,
    type: 'planning_changed',
    requestNumber: NUMBER,
    occurredAt,
    confirmedStart: { date, part: 'ochtend' },
    reason: 'vorstverlet',
  };
  expect((await server.post(ca, { berichten: [message] })).status).toBe(201);
}

const cookieFor = async (email: string) => `traject_sessie=${(await createSession(server.store.access, email)).token}`;

async function feedForm(cookie: string, actie: 'maken' | 'intrekken', taal = 'nl') {
  return fetch(`${server.url}/volg/aanvraag/${NUMBER}/agenda-abonnement`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', cookie },
    body: new URLSearchParams({ actie, taal }),
  });
}

const box = () => secretBoxFor({ SECRET_KEY: server.where.DATABASE_URL && TEST_SECRET_KEY, DATABASE_FILE: server.databaseFile });

/** The feed's path as the page shows it to this address (the token is derived again from its id). */
async function feedPath(email: string, lang: 'nl' | 'en' = 'nl') {
  const feed = await server.store.calendarFeeds.live(NUMBER, email);
  return feed && calendarFeedPath(calendarFeedTokens(box()).tokenOf(feed.id), lang);
}

/** The feed as a calendar app reads it: no cookie. */
const read = (path: string) => fetch(`${server.url}${path}`);

describe('a personal calendar feed', () => {
  it('is made on the page’s form and read without a cookie; the store keeps only the secret’s hash', async () => {
    const cookie = await cookieFor(APPLICANT);
    const made = await feedForm(cookie, 'maken');
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe(`/volg/${NUMBER}?opgeslagen=agenda#agenda`);
    const path = (await feedPath(APPLICANT)) as string;
    expect(path).toMatch(/^\/volg\/agenda\/[a-z2-7]{24}\.[a-z2-7]{40}\.ics$/);
    const stored = await server.store.calendarFeeds.live(NUMBER, APPLICANT);
    expect(path).not.toContain(stored?.secretHash);

    const res = await read(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { events } = readIcs(await res.text());
    expect(events).toHaveLength(1);
    expect(events[0]?.UID).toBe(`${NUMBER}-startdatum@traject`);
    expect(events[0]?.DTSTART).toBe('20270118T070000Z');
    expect(events[0]?.SUMMARY).toBe('Aanleg aansluiting (Van der Berg Infra)');
    // The English page's address gives the same appointments in English.
    const english = readIcs(await (await read((await feedPath(APPLICANT, 'en')) as string)).text());
    expect(english.events[0]?.SUMMARY).toBe('Connection work (Van der Berg Infra)');
  });

  it('is shown to its owner on the page, at the public address when PUBLIC_URL is set', async () => {
    const cookie = await cookieFor(APPLICANT);
    const page = { path: `/volg/${NUMBER}`, box: box() };
    const local = await siteContext(server.store, loadContent(), new Map(), cookie, page);
    expect(await local.context.calendarFeed(NUMBER, 'nl')).toBe(await feedPath(APPLICANT));
    const behindProxy = await siteContext(server.store, loadContent(), new Map(), cookie, {
      ...page,
      publicUrl: 'https://traject.example',
    });
    expect(await behindProxy.context.calendarFeed(NUMBER, 'en')).toBe(
      `https://traject.example${await feedPath(APPLICANT, 'en')}`,
    );
    // Someone else signed in sees no feed of theirs.
    const other = await siteContext(server.store, loadContent(), new Map(), await cookieFor('vreemde@example.com'), page);
    expect(await other.context.calendarFeed(NUMBER, 'nl')).toBeUndefined();
  });

  it('follows a move (same UID, higher SEQUENCE) and a cancellation (STATUS:CANCELLED)', async () => {
    const path = (await feedPath(APPLICANT)) as string;
    const before = readIcs(await (await read(path)).text()).events[0] as Record<string, string>;
    await plan('p2', '2026-11-20T10:00:00+01:00', '2027-02-01');
    const moved = readIcs(await (await read(path)).text()).events[0] as Record<string, string>;
    expect(moved.UID).toBe(before.UID);
    expect(Number(moved.SEQUENCE)).toBeGreaterThan(Number(before.SEQUENCE));
    expect(moved.DTSTART).toBe('20270201T070000Z');
    expect(moved.STATUS).toBe('CONFIRMED');
  });

  it('answers 404 to an unknown or altered token, and never the appointments', async () => {
    const path = (await feedPath(APPLICANT)) as string;
    const altered = path.replace(/[a-z2-7](\.ics)$/, (m, ics: string) => `${m[0] === 'a' ? 'b' : 'a'}${ics}`);
    for (const wrong of [
      altered,
      '/volg/agenda/niets.ics',
      '/volg/agenda/aaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics',
    ]) {
      const res = await read(wrong);
      expect(res.status, wrong).toBe(404);
      expect(await res.text()).not.toContain('BEGIN:VEVENT');
    }
  });

  it('is gone (410) once its owner revokes it; a new one has a new address', async () => {
    const cookie = await cookieFor(APPLICANT);
    const old = (await feedPath(APPLICANT)) as string;
    expect((await feedForm(cookie, 'intrekken', 'en')).headers.get('location')).toBe(
      `/en/volg/${NUMBER}?opgeslagen=agenda#agenda`,
    );
    expect(await server.store.calendarFeeds.live(NUMBER, APPLICANT)).toBeUndefined();
    const gone = await read(old);
    expect(gone.status).toBe(410);
    expect(await gone.text()).not.toContain('BEGIN:VEVENT');

    await feedForm(cookie, 'maken');
    const fresh = (await feedPath(APPLICANT)) as string;
    expect(fresh).not.toBe(old);
    expect((await read(fresh)).status).toBe(200);
    // Making one again replaces the live one: one live feed per address and aanvraag.
    await feedForm(cookie, 'maken');
    expect((await read(fresh)).status).toBe(410);
  });

  it('is gone (410) when its owner’s access to the aanvraag is taken back', async () => {
    await server.store.access.grantAccess(NUMBER, FRIEND, APPLICANT, new Date());
    await feedForm(await cookieFor(FRIEND), 'maken');
    const path = (await feedPath(FRIEND)) as string;
    expect((await read(path)).status).toBe(200);
    await server.store.access.revokeAccess(NUMBER, FRIEND, new Date());
    expect((await read(path)).status).toBe(410);
  });

  it('is made only by a signed-in customer who may follow the aanvraag', async () => {
    const stranger = await cookieFor('vreemde@example.com');
    expect((await feedForm(stranger, 'maken')).headers.get('location')).toBe('/volg?fout=inloggen');
    expect(await server.store.calendarFeeds.live(NUMBER, 'vreemde@example.com')).toBeUndefined();
    const bad = await fetch(`${server.url}/volg/aanvraag/${NUMBER}/agenda-abonnement`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
        cookie: await cookieFor(APPLICANT),
      },
      body: new URLSearchParams({ actie: 'maken' }),
    });
    expect(bad.status).toBe(403);
  });

  it('shows a cancelled aanvraag’s appointment as cancelled, with the same UID', async () => {
    const path = (await feedPath(APPLICANT)) as string;
    const before = readIcs(await (await read(path)).text()).events[0] as Record<string, string>;
    const nb = server.keys.get('netbeheer-zuid') as string;
    const cancel = {
      id: 'c1',
      type: 'request_cancelled',
      requestNumber: NUMBER,
      occurredAt: '2026-11-25T10:00:00+01:00',
      reason: 'Afgezien',
    };
    expect((await server.post(nb, { berichten: [cancel] })).status).toBe(201);
    const after = readIcs(await (await read(path)).text()).events[0] as Record<string, string>;
    expect(after.UID).toBe(before.UID);
    expect(after.STATUS).toBe('CANCELLED');
    expect(Number(after.SEQUENCE)).toBeGreaterThan(Number(before.SEQUENCE));
  });
});
