/**
 * The baseline: a bare Hono app on @hono/node-server with one route, GET /hello. Whatever the
 * real server does per request beyond this is the cost the benchmark puts a number on.
 * PORT and HOST come from the environment; SIGTERM/SIGINT stop it.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/hello', (c) => c.text('hello'));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: process.env.HOST ?? '127.0.0.1' });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
