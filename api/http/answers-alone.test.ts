import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswersAloneRouter, answersAlone } from './answers-alone.ts';
import { requestHeader } from './request-header.ts';

/** An app as the real one is built: a route that answers alone first, then middleware, then other routes. */
function appWithRuns() {
  const runs: string[] = [];
  const app = new Hono({ router: new AnswersAloneRouter() });
  app.get(
    '/alleen/:nummer',
    answersAlone((c) => c.text(`alleen ${c.req.param('nummer')}`)),
  );
  app.use('*', async (c, next) => {
    runs.push('na');
    await next();
    c.res.headers.set('x-na', 'ja');
  });
  app.use('/voor/*', async (_c, next) => {
    runs.push('voor');
    await next();
  });
  app.get(
    '/voor/:nummer',
    answersAlone((c) => c.text(`voor ${c.req.param('nummer')}`)),
  );
  app.get('/gewoon/:nummer', (c) => c.text(`gewoon ${c.req.param('nummer')}`));
  return { app, runs };
}

describe('a route that answers alone (AnswersAloneRouter)', () => {
  it('is matched alone, so Hono calls it directly, and its parameters still arrive', async () => {
    const { app, runs } = appWithRuns();
    const matched = app.router.match('GET', '/alleen/42');
    expect(matched[0]).toHaveLength(1);
    const res = await app.request('/alleen/42');
    expect(await res.text()).toBe('alleen 42');
    // The middleware after it would not have run either: the route never calls next().
    expect(res.headers.get('x-na')).toBeNull();
    expect(runs).toEqual([]);
    // HEAD goes through GET, as in Hono.
    expect((await app.request('/alleen/42', { method: 'HEAD' })).status).toBe(200);
  });

  it('leaves every other route its middleware, and an alone route the middleware registered before it', async () => {
    const { app, runs } = appWithRuns();
    const plain = await app.request('/gewoon/7');
    expect(await plain.text()).toBe('gewoon 7');
    expect(plain.headers.get('x-na')).toBe('ja');
    expect(runs).toEqual(['na']);
    runs.length = 0;
    // The alone route is not first here: the middleware before it runs, and the one after it does not.
    expect(app.router.match('GET', '/voor/8')[0].length).toBeGreaterThan(1);
    expect(await (await app.request('/voor/8')).text()).toBe('voor 8');
    expect(runs).toEqual(['na', 'voor']);
    expect((await app.request('/nergens')).status).toBe(404);
  });
});

describe('requestHeader', () => {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({ etag: requestHeader(c, 'if-none-match') ?? null, key: requestHeader(c, 'authorization') ?? null }),
  );
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = () => `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

  it("reads Node's parsed headers when Node serves the request: two If-None-Match lines joined, the first Authorization", async () => {
    const { request } = await import('node:http');
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(url(), {
        headers: [
          ['Host', new URL(url()).host],
          ['If-None-Match', '"a"'],
          ['if-none-match', '"b"'],
          ['Authorization', 'Bearer een'],
          ['authorization', 'Bearer twee'],
        ].flat(),
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
      });
      req.on('error', reject).end();
    });
    expect(JSON.parse(body)).toEqual({ etag: '"a", "b"', key: 'Bearer een' });
  });

  it('reads from the Request when there is no Node request (app.request in tests)', async () => {
    const res = await app.request('/', { headers: { authorization: 'Bearer x' } });
    expect(await res.json()).toEqual({ etag: null, key: 'Bearer x' });
  });
});
