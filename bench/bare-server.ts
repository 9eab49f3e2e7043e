/**
 * The baseline: a bare Hono app on @hono/node-server with one route, GET /hello. Whatever the
 * real server does per request beyond this is the cost the benchmark puts a number on.
 * GET /body answers a fixed JSON body of BODY_BYTES, as large as a status: it splits that cost
 * into what the bytes of the answer cost and what the server's own work costs.
 * PORT and HOST come from the environment; SIGTERM/SIGINT stop it.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/hello', (c) => c.text('hello'));
const body = JSON.stringify({ padding: 'x'.repeat(Math.max(0, Number(process.env.BODY_BYTES ?? 8000) - 14)) });
app.get('/body', (c) => c.body(body, 200, { 'content-type': 'application/json' }));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: process.env.HOST ?? '127.0.0.1' });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
