/**
 * The look-up's fast lane over real HTTP: it answers exactly as the Hono route does, and hands
 * every case that is not plainly its own to that route.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../data/sqlite-store.ts';
import { createLogger, type LogLine } from '../http/logger.ts';
import { contactLogged, startTestServer, submission, type TestServer } from '../testing.ts';

const NUMBER = 'MA-2026-LANE01';
const lines: LogLine[] = [];
let server: TestServer;
const key = (org: string) => server.keys.get(org) as string;
const url = (path = '') => `${server.url}/api/v1/aanvragen/${NUMBER}${path}`;
const lookUp = (org: string, path = '', method = 'GET') =>
  fetch(url(path), { method, headers: { authorization: `Bearer ${key(org)}` } });
const requestLines = () => lines.filter((l) => l.msg === 'request' && String(l.path).includes(NUMBER));

/** Status, headers without Date, and the body as bytes. */
async function snapshot(res: Response) {
  const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'));
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()).toString('utf8') };
}

beforeAll(async () => {
  server = await startTestServer(
    {},
    createLogger('info', (text) => lines.push(JSON.parse(text))),
  );
  expect((await server.post(key('netbeheer-zuid'), { berichten: [submission(NUMBER)] })).status).toBe(201);
});
afterAll(() => server.close());

describe('the look-up fast lane', () => {
  it('answers with the same status, headers and body as the Hono route, and says so in its log line', async () => {
    // A query string is not the lane's: the route answers it.
    const viaRoute = await snapshot(await lookUp('netbeheer-zuid', '?via=route'));
    const viaLane = await snapshot(await lookUp('netbeheer-zuid'));
    expect(viaRoute.status).toBe(200);
    expect(JSON.parse(viaLane.body).requestNumber).toBe(NUMBER);
    expect(viaLane).toEqual(viaRoute);
    expect(viaLane.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': expect.any(String),
    });
    const [route, lane] = requestLines().slice(-2);
    expect(route).toMatchObject({ method: 'GET', path: `/api/v1/aanvragen/${NUMBER}`, status: 200, org: 'netbeheer-zuid' });
    expect(route).not.toHaveProperty('lane');
    expect(lane).toMatchObject({
      method: 'GET',
      path: `/api/v1/aanvragen/${NUMBER}`,
      status: 200,
      org: 'netbeheer-zuid',
      lane: true,
    });
  });

  it('serves a new status as soon as a message about the aanvraag is accepted', async () => {
    const before = await (await lookUp('netbeheer-zuid')).json();
    expect(before.contactMoments).toHaveLength(0);
    expect((await server.post(key('netbeheer-zuid'), { berichten: [contactLogged(NUMBER, 'lane-b')] })).status).toBe(201);
    const after = await (await lookUp('netbeheer-zuid')).json();
    expect(after.contactMoments).toEqual([expect.objectContaining({ code: 'B', subject: 'Intake' })]);
    expect(requestLines().at(-1)).toMatchObject({ lane: true, status: 200 });
  });

  it('serves a write by another process (another connection) within a moment', async () => {
    const other = openSqliteStore(server.databaseFile);
    const platform = other.organisation('traject');
    if (!platform) throw new Error('platform missing');
    const message = contactLogged(NUMBER, 'lane-other', {
      subject: 'Via een ander proces',
      occurredAt: '2026-11-04T10:00:00+01:00',
    });
    expect((await other.ingest([{ sender: platform, message }]))[0]?.status).toBe(201);
    await other.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const served = await (await lookUp('netbeheer-zuid')).json();
    expect(served.contactMoments.map((m: { subject: string }) => m.subject)).toContain('Via een ander proces');
  });

  it('leaves refusals to the route: an organisation that takes no part gets its 404 problem', async () => {
    const outsider = 'combi-peelland';
    // Once to get the key known (and cached), then again: still the route's answer, never the status.
    for (let i = 0; i < 2; i++) {
      const res = await lookUp(outsider);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).title).toContain(NUMBER);
    }
    expect(requestLines().at(-1)).not.toHaveProperty('lane');
  });

  it('stops serving a revoked key at once, though it knew it a moment ago', async () => {
    expect((await lookUp('waterbedrijf-peel')).status).toBe(200);
    expect((await lookUp('waterbedrijf-peel')).status).toBe(200);
    const [demoKey] = await server.store.staff.apiKeys('waterbedrijf-peel');
    expect(await server.store.staff.revokeApiKey('waterbedrijf-peel', demoKey?.id as number)).toBe(true);
    const res = await lookUp('waterbedrijf-peel');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('leaves two Authorization headers to the route, which refuses them', async () => {
    expect((await lookUp('netbeheer-zuid')).status).toBe(200);
    const auth = `Bearer ${key('netbeheer-zuid')}`;
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(server.url);
      const req = request({
        host: '127.0.0.1',
        port,
        path: `/api/v1/aanvragen/${NUMBER}`,
        headers: ['Host', `127.0.0.1:${port}`, 'Authorization', auth, 'Authorization', auth],
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(401);
    expect(requestLines().at(-1)).not.toHaveProperty('lane');
  });

  it('leaves HEAD, other paths and malformed numbers to the route', async () => {
    const head = await lookUp('netbeheer-zuid', '', 'HEAD');
    expect(head.status).toBe(200);
    expect(requestLines().at(-1)).toMatchObject({ method: 'HEAD' });
    expect(requestLines().at(-1)).not.toHaveProperty('lane');
    const bad = await fetch(`${server.url}/api/v1/aanvragen/ma-2026-lane01`, {
      headers: { authorization: `Bearer ${key('netbeheer-zuid')}` },
    });
    expect(bad.status).toBe(400);
  });
});

describe('the look-up fast lane without a status cache (STATUS_CACHE_MB=0)', () => {
  it('still answers from the database, alike', async () => {
    const bare = await startTestServer(
      { STATUS_CACHE_MB: '0' },
      createLogger('info', (text) => lines.push(JSON.parse(text))),
    );
    try {
      const zuid = bare.keys.get('netbeheer-zuid') as string;
      expect((await bare.post(zuid, { berichten: [submission('MA-2026-LANE02')] })).status).toBe(201);
      const get = (query = '') =>
        fetch(`${bare.url}/api/v1/aanvragen/MA-2026-LANE02${query}`, { headers: { authorization: `Bearer ${zuid}` } });
      const viaRoute = await snapshot(await get('?via=route'));
      const viaLane = await snapshot(await get());
      expect(viaLane).toEqual(viaRoute);
      expect(JSON.parse(viaLane.body).requestNumber).toBe('MA-2026-LANE02');
      expect(lines.filter((l) => String(l.path).endsWith('MA-2026-LANE02')).at(-1)).toMatchObject({ lane: true, status: 200 });
    } finally {
      await bare.close();
    }
  });
});
