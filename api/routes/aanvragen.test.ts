/**
 * The status look-up over real HTTP: the one route, its headers, its log line and every refusal,
 * from memory and from the database alike.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isoWeekOf, mondayOfIsoWeek } from '../../domain/calendar.ts';
import { openStore } from '../core/open-store.ts';
import { createLogger, type LogLine } from '../http/logger.ts';
import { contactLogged, startTestServer, submission, type TestServer } from '../testing.ts';

const NUMBER = 'MA-2026-LOOK01';
const lines: LogLine[] = [];
let server: TestServer;
const key = (org: string) => server.keys.get(org) as string;
const url = (path = '') => `${server.url}/api/v1/aanvragen/${NUMBER}${path}`;
const lookUp = (org: string, path = '', method = 'GET', headers: Record<string, string> = {}) =>
  fetch(url(path), { method, headers: { authorization: `Bearer ${key(org)}`, ...headers } });
const requestLines = () => lines.filter((l) => l.msg === 'request' && String(l.path).includes('/api/v1/aanvragen/'));

/** Status, headers without Date, and the body as text. */
async function snapshot(res: Response) {
  const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'));
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()).toString('utf8') };
}

/** Polls `check` until it holds, for at most `ms`. */
async function within(ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await startTestServer(
    {},
    createLogger('info', (text) => lines.push(JSON.parse(text))),
  );
  expect((await server.post(key('netbeheer-zuid'), { berichten: [submission(NUMBER)] })).status).toBe(201);
});
afterAll(() => server.close());

describe('GET /api/v1/aanvragen/{nummer}', () => {
  it('answers the status with the security headers and one log line, alike from the database and from memory', async () => {
    const first = await snapshot(await lookUp('netbeheer-zuid'));
    const second = await snapshot(await lookUp('netbeheer-zuid'));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).requestNumber).toBe(NUMBER);
    expect(second).toEqual(first);
    expect(first.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': expect.any(String),
      'content-security-policy': expect.any(String),
    });
    expect(requestLines().slice(-2)).toEqual([
      expect.objectContaining({ method: 'GET', path: `/api/v1/aanvragen/${NUMBER}`, status: 200, org: 'netbeheer-zuid' }),
      expect.objectContaining({ method: 'GET', path: `/api/v1/aanvragen/${NUMBER}`, status: 200, org: 'netbeheer-zuid' }),
    ]);
  });

  it('serves a new status as soon as a message about the aanvraag is accepted', async () => {
    const before = await (await lookUp('netbeheer-zuid')).json();
    expect(before.contactMoments).toHaveLength(0);
    expect((await server.post(key('netbeheer-zuid'), { berichten: [contactLogged(NUMBER, 'look-b')] })).status).toBe(201);
    const after = await (await lookUp('netbeheer-zuid')).json();
    expect(after.contactMoments).toEqual([expect.objectContaining({ code: 'B', subject: 'Intake' })]);
  });

  it('sends a strong ETag, answers If-None-Match with 304 and no body, and a new tag once the status changes', async () => {
    const first = await lookUp('netbeheer-zuid');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]{16}"$/);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const same = await lookUp('netbeheer-zuid', '', 'GET', { 'if-none-match': ifNoneMatch });
      expect(same.status).toBe(304);
      expect(await same.text()).toBe('');
      // What RFC 9110 asks of a 304 and no more: the 200 before it carried the security headers (decision 0050).
      const { date, connection, 'keep-alive': keepAlive, ...own } = Object.fromEntries(same.headers);
      expect(own).toEqual({ etag, 'cache-control': 'no-store' });
    }
    expect(requestLines().at(-1)).toMatchObject({ status: 304, org: 'netbeheer-zuid' });
    expect((await lookUp('netbeheer-zuid', '', 'GET', { 'if-none-match': '"stale"' })).status).toBe(200);
    // Knowing the tag gives an organisation that takes no part nothing: the same 404 as without it.
    expect((await lookUp('combi-peelland', '', 'GET', { 'if-none-match': etag })).status).toBe(404);

    expect((await server.post(key('netbeheer-zuid'), { berichten: [contactLogged(NUMBER, 'look-etag')] })).status).toBe(201);
    const changed = await lookUp('netbeheer-zuid', '', 'GET', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    const next = changed.headers.get('etag') as string;
    expect(next).not.toBe(etag);
    expect((await changed.json()).requestNumber).toBe(NUMBER);
    expect((await lookUp('netbeheer-zuid', '', 'GET', { 'if-none-match': next })).status).toBe(304);
  });

  it('serves a write by another process within a second', async () => {
    const other = await openStore(server.where);
    const platform = other.organisation('traject');
    if (!platform) throw new Error('platform missing');
    const message = contactLogged(NUMBER, 'look-other', {
      subject: 'Via een ander proces',
      occurredAt: '2026-11-04T10:00:00+01:00',
    });
    expect((await other.ingest([{ sender: platform, message }]))[0]?.status).toBe(201);
    await other.close();
    await within(1000, async () => {
      const served = await (await lookUp('netbeheer-zuid')).json();
      return served.contactMoments.some((m: { subject: string }) => m.subject === 'Via een ander proces');
    });
  });

  it('answers an organisation that takes no part exactly like an unknown number: 404, with the security headers', async () => {
    const outsider = await snapshot(await lookUp('combi-peelland'));
    const unknown = await snapshot(
      await fetch(`${server.url}/api/v1/aanvragen/MA-2026-NOPE99`, {
        headers: { authorization: `Bearer ${key('combi-peelland')}` },
      }),
    );
    expect(outsider.status).toBe(404);
    expect(outsider.headers['content-type']).toContain('application/problem+json');
    expect(outsider.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(outsider.body).title).toBe(`Aanvraag ${NUMBER} is niet gevonden`);
    expect(JSON.parse(unknown.body).title).toBe('Aanvraag MA-2026-NOPE99 is niet gevonden');
    expect(requestLines().at(-1)).toMatchObject({ status: 404, org: 'combi-peelland' });
  });

  it('refuses a missing, unknown or revoked key with 401 and a Bearer challenge, though it knew the key a moment ago', async () => {
    const none = await fetch(url());
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.headers.get('x-frame-options')).toBe('DENY');
    expect(requestLines().at(-1)).toMatchObject({ status: 401 });
    const wrong = await fetch(url(), { headers: { authorization: `Bearer trj_${'a'.repeat(40)}` } });
    expect((await wrong.json()).title).toBe('Deze API-sleutel is onbekend of ingetrokken');
    expect((await lookUp('waterbedrijf-peel')).status).toBe(200);
    const [demoKey] = await server.store.staff.apiKeys('waterbedrijf-peel');
    expect(await server.store.staff.revokeApiKey('waterbedrijf-peel', demoKey?.id as number)).toBe(true);
    const revoked = await lookUp('waterbedrijf-peel');
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a malformed number with 400 naming the field, before anything is looked up', async () => {
    const bad = await fetch(`${server.url}/api/v1/aanvragen/ma-2026-look01`, {
      headers: { authorization: `Bearer ${key('netbeheer-zuid')}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      title: 'Ongeldig verzoek',
      errors: [{ field: 'nummer', message: 'moet een aanvraagnummer zijn (hoofdletters, cijfers, streepjes)' }],
    });
  });

  it('answers HEAD like GET without a body, and takes the first of two Authorization headers as Node does', async () => {
    const head = await lookUp('netbeheer-zuid', '', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(requestLines().at(-1)).toMatchObject({ method: 'HEAD', status: 200 });
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(server.url);
      const req = request({
        host: '127.0.0.1',
        port,
        path: `/api/v1/aanvragen/${NUMBER}`,
        headers: [
          'Host',
          `127.0.0.1:${port}`,
          'Authorization',
          'Bearer trj_wrong',
          'Authorization',
          `Bearer ${key('netbeheer-zuid')}`,
        ],
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(401);
  });
});

describe('the look-up without a status cache (STATUS_CACHE_MB=0)', () => {
  it('answers from the database, alike', async () => {
    const bare = await startTestServer({ STATUS_CACHE_MB: '0' });
    try {
      const zuid = bare.keys.get('netbeheer-zuid') as string;
      expect((await bare.post(zuid, { berichten: [submission('MA-2026-LOOK02')] })).status).toBe(201);
      const get = () => fetch(`${bare.url}/api/v1/aanvragen/MA-2026-LOOK02`, { headers: { authorization: `Bearer ${zuid}` } });
      const [one, two] = [await snapshot(await get()), await snapshot(await get())];
      expect(one).toEqual(two);
      expect(JSON.parse(one.body).requestNumber).toBe('MA-2026-LOOK02');

      // A conditional poll whose tag holds reads the tag alone: no status is read or built.
      const built = vi.spyOn(bare.store, 'statusJson');
      const conditional = await fetch(`${bare.url}/api/v1/aanvragen/MA-2026-LOOK02`, {
        headers: { authorization: `Bearer ${zuid}`, 'if-none-match': one.headers.etag as string },
      });
      expect(conditional.status).toBe(304);
      expect(built).not.toHaveBeenCalled();
    } finally {
      await bare.close();
    }
  });
});

describe('the legal outer term in the status', () => {
  it('takes a later planning the customer agreed to (customerAgreed) as no overrun, and one they did not as an overrun', async () => {
    const number = 'MA-2026-TERM01';
    const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const week = (days: number) => isoWeekOf(day(days).slice(0, 10));
    const planning = (id: string, days: number, extra: Record<string, unknown>) => ({
      id,
      type: 'planning_changed',
      requestNumber: number,
      occurredAt: day(-1),
      provisionalWeek: week(days),
      reason: 'de klant verbouwt eerst',
      ...extra,
    });
    expect(
      (
        await server.post(key('netbeheer-zuid'), {
          berichten: [
            submission(number, { occurredAt: day(-10), wishDate: undefined }),
            {
              id: `${number}-h`,
              type: 'handed_to_combi',
              requestNumber: number,
              occurredAt: day(-5),
              workOrderIds: [`${number}-E`],
              contractor: 'van-der-berg-infra',
            },
          ],
        })
      ).status,
    ).toBe(201);
    // 18 weeks is 126 days: a week 200 days out lies after the term.
    const agreed = planning(`${number}-p1`, 200, { customerAgreed: true });
    expect((await server.post(key('van-der-berg-infra'), { berichten: [agreed] })).status).toBe(201);
    const status = async () =>
      (
        await (
          await fetch(`${server.url}/api/v1/aanvragen/${number}`, {
            headers: { authorization: `Bearer ${key('netbeheer-zuid')}` },
          })
        ).json()
      ).legalTerm;
    expect(await status()).toMatchObject({ weeks: 18, customerDate: expect.any(String), overrun: null });
    const moved = planning(`${number}-p2`, 230, { reason: 'drukte' });
    expect((await server.post(key('van-der-berg-infra'), { berichten: [{ ...moved, occurredAt: day(-0.5) }] })).status).toBe(201);
    expect((await status()).overrun).toEqual({ plannedStart: mondayOfIsoWeek(week(230)), passed: false });
  });
});
