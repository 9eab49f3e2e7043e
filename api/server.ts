/**
 * The one server process: API under /api, the prerendered site from dist/client, and the
 * on-demand pages through Astro's node handler. Stops gracefully on SIGTERM and SIGINT.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type HttpBindings, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Hono } from 'hono';
import { loadContent } from '../domain/content.ts';
import { createApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { openSqliteStore } from './data/sqlite-store.ts';
import type { Store } from './data/store.ts';
import { createLogger, type Logger } from './http/logger.ts';

type AstroHandler = (req: unknown, res: unknown, next: () => void, locals?: object) => Promise<void> | void;

/** Serves the built site: static files first, then Astro's on-demand routes. */
async function mountSite(app: Hono<{ Bindings: HttpBindings }>, siteDir: string, log: Logger): Promise<boolean> {
  const entry = join(siteDir, 'server', 'entry.mjs');
  if (!existsSync(entry)) {
    log({ level: 'warn', msg: `no built site at ${siteDir}: serving the API only (run npm run build)` });
    return false;
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  app.use('/*', serveStatic({ root: join(siteDir, 'client') }));
  app.all('/*', async (c) => {
    let passed = false;
    await handler(c.env.incoming, c.env.outgoing, () => {
      passed = true;
    });
    return passed ? c.notFound() : RESPONSE_ALREADY_SENT;
  });
  return true;
}

export type RunningServer = { url: string; port: number; store: Store; close: () => Promise<void> };

export async function startServer(config: Config, log: Logger = createLogger(config.LOG_LEVEL)): Promise<RunningServer> {
  const content = loadContent(config.CONTENT_DIR);
  const store = openSqliteStore(config.DATABASE_FILE);
  let draining = false;
  const app = createApp({ store, content, log, maxBodyBytes: config.MAX_BODY_BYTES, isDraining: () => draining });
  await mountSite(app as unknown as Hono<{ Bindings: HttpBindings }>, config.SITE_DIR, log);

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive sockets would hold close() open; requests in flight may finish.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      const timer = setTimeout(() => {
        log({ level: 'warn', msg: 'shutdown timeout: closing remaining connections' });
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
      await store.close();
    })();
    return closing;
  };
  return { url, port, store, close };
}

/** Stops on SIGTERM/SIGINT after requests in flight have finished. */
export function stopOnSignals(running: RunningServer, log: Logger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, async () => {
      log({ msg: `${signal}: finishing requests in flight, then stopping` });
      await running.close();
      log({ msg: 'stopped' });
      process.exit(0);
    });
  }
}

if (import.meta.main) {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const running = await startServer(config, log);
  log({ msg: 'listening', url: running.url });
  stopOnSignals(running, log);
}
