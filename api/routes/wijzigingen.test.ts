/**
 * The change feed over real HTTP: what each organisation sees, the cursor, pages, long polling
 * and every refusal (GET /api/v1/wijzigingen).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactLogged, startTestServer, submission, type TestServer } from '../testing.ts';

const A = 'MA-2026-FEED01';
/** In combi Peelland, where kempen-kabel does not work and peelbouw does. */
const B = 'MA-2026-FEED02';
let server: TestServer;
let sent = 0;
const key = (org: string) => server.keys.get(org) as string;
const feed = (org: string, query = '') =>
  fetch(`${server.url}/api/v1/wijzigingen${query}`, { headers: { authorization: `Bearer ${key(org)}` } });
type Page = { wijzigingen: { nummer: string; etag: string }[]; cursor: string; meer: boolean };
const page = async (org: string, query = ''): Promise<Page> => {
  const res = await feed(org, query);
  expect(res.status).toBe(200);
  return res.json();
};
const numbers = (p: Page) => p.wijzigingen.map((w) => w.nummer);
/**
 * The page once it shows `expected`: on PostgreSQL a transaction of another test on the same
 * cluster can hold a fresh commit back from the feed for a moment (a client simply asks again).
 */
async function pageShowing(org: string, query: string, expected: string[]): Promise<Page> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const p = await page(org, query);
    if (JSON.stringify(numbers(p)) === JSON.stringify(expected) || performance.now() > deadline) return p;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
/** A new contact moment on an aanvraag: its status changes. */
const touch = async (number: string) => {
  const message = contactLogged(number, `feed-${++sent}`, { subject: `Gesprek ${sent}` });
  expect((await server.post(key('netbeheer-zuid'), { berichten: [message] })).status).toBe(201);
};

beforeAll(async () => {
  server = await startTestServer();
  const zuid = key('netbeheer-zuid');
  expect((await server.post(zuid, { berichten: [submission(A)] })).status).toBe(201);
  expect((await server.post(zuid, { berichten: [submission(B, { combi: 'peelland' })] })).status).toBe(201);
});
afterAll(() => server.close());

describe('GET /api/v1/wijzigingen', () => {
  it('lists from the start each aanvraag the organisation takes part in, once, with the ETag its look-up answers', async () => {
    expect(numbers(await pageShowing('netbeheer-zuid', '', [A, B]))).toEqual([A, B]);
    expect(numbers(await page('kempen-kabel'))).toEqual([A]);
    expect(numbers(await page('peelbouw'))).toEqual([B]);
    expect(numbers(await page('traject'))).toEqual([A, B]);
    const [first] = (await page('kempen-kabel')).wijzigingen;
    const lookUp = await fetch(`${server.url}/api/v1/aanvragen/${A}`, {
      headers: { authorization: `Bearer ${key('kempen-kabel')}` },
    });
    expect(first?.etag).toBe(lookUp.headers.get('etag'));
  });

  it('goes on from the cursor: only what changed after it, each at its last change, and nothing twice', async () => {
    const start = await page('netbeheer-zuid');
    const quiet = await page('netbeheer-zuid', `?na=${start.cursor}`);
    expect(quiet).toEqual({ wijzigingen: [], cursor: start.cursor, meer: false });

    await touch(A);
    const one = await pageShowing('netbeheer-zuid', `?na=${start.cursor}`, [A]);
    expect(numbers(one)).toEqual([A]);
    expect(one.wijzigingen[0]?.etag).not.toBe(start.wijzigingen[0]?.etag);
    // Peelbouw takes no part in A: its change is not in peelbouw's feed.
    expect(numbers(await page('peelbouw', `?na=${start.cursor}`))).toEqual([]);

    await touch(B);
    await touch(A);
    await touch(B);
    const { cursor: end } = await pageShowing('netbeheer-zuid', `?na=${one.cursor}`, [A, B]);
    await touch(A);
    expect(numbers(await pageShowing('netbeheer-zuid', `?na=${end}`, [A]))).toEqual([A]);
    expect(numbers(await page('netbeheer-zuid', `?na=${one.cursor}`))).toEqual([B, A]);
    // From the start the feed still holds each aanvraag once, at its last change.
    expect(numbers(await page('netbeheer-zuid'))).toEqual([B, A]);
  });

  it('pages with limit, and says when another page is waiting', async () => {
    const first = await page('netbeheer-zuid', '?limit=1');
    expect(first).toMatchObject({ meer: true });
    const second = await page('netbeheer-zuid', `?limit=1&na=${first.cursor}`);
    expect(second).toMatchObject({ meer: false });
    expect([...numbers(first), ...numbers(second)]).toEqual(numbers(await page('netbeheer-zuid')));
  });

  it('waits with wacht for the next change, and answers empty when none comes in time', async () => {
    const { cursor } = await page('netbeheer-zuid');
    const empty = await page('netbeheer-zuid', `?na=${cursor}&wacht=1`);
    expect(empty).toEqual({ wijzigingen: [], cursor, meer: false });

    const waiting = page('netbeheer-zuid', `?na=${cursor}&wacht=20`);
    await touch(B);
    expect(numbers(await waiting)).toEqual([B]);
  });

  it('refuses a malformed cursor, one beyond the last change and bad parameters with 400 naming the field', async () => {
    const { cursor } = await page('netbeheer-zuid');
    // SQLite's cursor is a position; PostgreSQL's a transaction id and a number.
    const [xid, rest] = cursor.split(':');
    const future = rest === undefined ? String(Number(cursor) + 1000) : `${BigInt(xid as string) + 1_000_000n}:${rest}`;
    const cases: [string, string, string][] = [
      ['?na=niet-een-cursor', 'na', 'is geen cursor van deze feed'],
      [`?na=${encodeURIComponent(future)}`, 'na', 'ligt verder dan de laatste wijziging'],
      ['?limit=0', 'limit', 'moet minstens 1 zijn'],
      ['?limit=501', 'limit', 'mag hoogstens 500 zijn'],
      ['?limit=veel', 'limit', 'moet een getal zijn'],
      ['?wacht=31', 'wacht', 'mag hoogstens 30 zijn'],
    ];
    for (const [query, field, message] of cases) {
      const res = await feed('netbeheer-zuid', query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).errors, query).toEqual([{ field, message }]);
    }
    expect((await feed('netbeheer-zuid', '?onbekend=1')).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/wijzigingen`)).status).toBe(401);
  });
});
