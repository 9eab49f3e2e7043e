/**
 * A local stand-in (the fake Resend, the fake SMS provider) served on 127.0.0.1: its URL once it
 * listens, and a close that ends its kept-alive connections too. A port in use rejects, so the
 * caller can say so in one line instead of an unhandled 'error' event.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export type LoopbackServer = { url: string; close: () => Promise<void> };

/** Serves `app` on 127.0.0.1:`port` (0 picks a free one). */
export function serveOnLoopback(app: Pick<Hono, 'fetch'>, port: number): Promise<LoopbackServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
