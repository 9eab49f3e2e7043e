/**
 * The one server (its process: api/main.ts): API under /api, the prerendered site from dist/client, and the
 * on-demand pages through Astro's node handler. On SIGTERM it drains, then stops; on SIGINT it
 * stops at once; either way requests in flight are finished (docs/decisions/0022-draining.md).
 */

import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Hono } from 'hono';
import type { RouterRoute } from 'hono/types';
import { DAY_MS } from '../domain/calendar.ts';
import { type Content, loadContent } from '../domain/content.ts';
import { loadSurveys, type Surveys } from '../domain/survey-schema.ts';
import { createApp } from './app.ts';
import { calendarFeedTokens } from './auth/calendar-feed-tokens.ts';
import { type SecretBox, secretBoxFor } from './auth/secret-box.ts';
import type { Config } from './config.ts';
import { startDailyDigestJob } from './core/daily-digest.ts';
import { panelMailer, startPanelQuestionnaireJob } from './core/klantenpanels.ts';
import { normsToRecord } from './core/norm-impact.ts';
import { openStore } from './core/open-store.ts';
import { textProposals } from './core/text-proposals.ts';
import { errorPagesFrom } from './http/error-pages.ts';
import { createLogger, type Logger } from './http/logger.ts';
import { onError } from './http/problem.ts';
import { prerenderedPageCsp } from './http/security-headers.ts';
import { createMailComposer } from './mail/compose.ts';
import { startOutboxWorker } from './mail/outbox-worker.ts';
import { resendSender } from './mail/resend-sender.ts';
import { httpSmsSender } from './mail/sms-sender.ts';
import { startRetentionJob } from './privacy/retention-job.ts';
import { applicantOrganisationRoutes } from './routes/applicant-organisation.ts';
import { calendarFeedRoutes } from './routes/calendar-feed.ts';
import { customerRoutes } from './routes/customer.ts';
import { dashboardExportRoutes } from './routes/dashboard-export.ts';
import { panelRoutes } from './routes/klantenpanels.ts';
import { personalDataRoutes } from './routes/personal-data.ts';
import { portfolioCalendarRoutes } from './routes/portfolio-calendar.ts';
import { portfolioExportRoutes } from './routes/portfolio-export.ts';
import { staffRoutes } from './routes/staff.ts';
import { sampleRoutes } from './routes/steekproeven.ts';
import { surveyLinkRoutes } from './routes/survey-link.ts';
import { widgetRoutes } from './routes/widgets.ts';
import { siteContext } from './site-context.ts';
import type { StaffPortalDeps } from './staff-portal.ts';
import type { Store } from './storage/store.ts';
import { startWebhookWorker } from './webhooks/webhook-worker.ts';

type AstroHandler = (req: unknown, res: unknown, next: () => void, locals?: object) => Promise<void> | void;

/**
 * Serves the built site: static files first, then Astro's on-demand routes, which get the
 * signed-in customer and read access through Astro.locals.traject (api/site-context.ts).
 */
async function mountSite(
  app: Hono<{ Bindings: HttpBindings }>,
  siteDir: string,
  log: Logger,
  store: Store,
  content: Content,
  surveys: Surveys,
  box: SecretBox,
  publicUrl: string | undefined,
  deps: StaffPortalDeps,
): Promise<boolean> {
  const entry = join(siteDir, 'server', 'entry.mjs');
  if (!existsSync(entry)) {
    log({ level: 'warn', msg: `no built site at ${siteDir}: serving the API only (run npm run build)` });
    return false;
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const pageCsp = prerenderedPageCsp(siteDir);
  if (!pageCsp)
    log({ level: 'warn', msg: `no _headers.json in ${siteDir}: prerendered pages get no CSP of their own (rebuild)` });
  // A prerendered page is a static file: its CSP, with the hashes of its inline styles and scripts, comes from the build.
  app.use('/*', async (c, next) => {
    await next();
    const csp = pageCsp?.(c.req.path);
    if (csp && c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('content-security-policy', csp);
  });
  app.use('/*', serveStatic({ root: join(siteDir, 'client') }));
  // From here on, a page of the site that is not found or fails answers with the site's own page.
  const errorPages = errorPagesFrom(join(siteDir, 'client'), (path) => pageCsp?.(path));
  const siteErrors = onError(log, errorPages);
  app.onError(siteErrors);
  app.all('/*', async (c) => {
    const { context, setCookie } = await siteContext(store, content, surveys, c.req.header('cookie'), {
      path: c.req.path,
      box,
      publicUrl,
      deps,
    });
    const res = c.env.outgoing;
    // The security headers are on Node's response already (api/http/security-headers.ts): the
    // page's own (its CSP) take their place when Astro writes its answer.
    if (setCookie.length) res.setHeader('Set-Cookie', setCookie);
    let passed = false;
    await handler(
      c.env.incoming,
      res,
      () => {
        passed = true;
      },
      // An error while a page renders comes back here (site/middleware.ts): logged, and the site's error page in the reader's language.
      { traject: context, failed: (error: unknown) => siteErrors(error instanceof Error ? error : new Error(String(error)), c) },
    );
    return passed ? (errorPages?.(c, 404) ?? c.notFound()) : RESPONSE_ALREADY_SENT;
  });
  return true;
}

export type RunningServer = {
  url: string;
  port: number;
  store: Store;
  /** The route definitions of the HTTP application, which a test walks (api/route-inventory.test.ts). */
  routes: RouterRoute[];
  /** Delivers the mails that are due now (tests call it instead of waiting for the next poll). */
  deliverMail: () => Promise<number>;
  /** Delivers the webhooks that are due now; returns how many arrived. */
  deliverWebhooks: () => Promise<number>;
  /**
   * Stops after a drain period: /readyz answers 503 at once so the proxy stops sending, while
   * requests that still come are served, each answer closing its connection; then close().
   */
  drain: () => Promise<void>;
  /** Stops listening, finishes the requests in flight (at most SHUTDOWN_TIMEOUT_MS), then stops the jobs. */
  close: () => Promise<void>;
};

export type StartOptions = {
  /** More routes, before the site: the browser tests' hostile host page (e2e/server.ts). */
  extraRoutes?: Hono;
};

export async function startServer(
  config: Config,
  log: Logger = createLogger(config.LOG_LEVEL),
  { extraRoutes }: StartOptions = {},
): Promise<RunningServer> {
  const content = loadContent(config.CONTENT_DIR);
  const surveys = loadSurveys(config.CONTENT_DIR);
  let url = config.PUBLIC_URL ?? '';
  const mail = createMailComposer({ publicUrl: () => url, content, organisations: (code) => store.organisation(code) });
  const store = await openStore(config, {
    mail,
    content,
    statusCacheBytes: config.STATUS_CACHE_MB * 1024 * 1024,
    parkedMessageDays: config.PARKED_MESSAGE_DAYS,
    onCheckpointerFailure: (error) =>
      log({ level: 'error', msg: 'WAL checkpoint worker stopped; checkpointing in commits again', error: error?.message }),
  });
  // The norms this process serves with, for the impact report of the next change (decision 0035).
  const recorded = normsToRecord(content);
  await store.norms.record(recorded.version, recorded.norms, new Date());
  const worker = config.RESEND_API_KEY
    ? startOutboxWorker({
        outbox: store.outbox,
        send: resendSender({ apiKey: config.RESEND_API_KEY, baseUrl: config.RESEND_BASE_URL, from: config.MAIL_FROM }),
        concurrency: config.MAIL_BATCHES_IN_FLIGHT,
        ...(config.SMS_API_URL &&
          config.SMS_API_KEY && {
            sms: httpSmsSender({ apiUrl: config.SMS_API_URL, apiKey: config.SMS_API_KEY, from: config.SMS_FROM }),
          }),
        log,
      })
    : undefined;
  if (!worker) log({ level: 'warn', msg: 'no RESEND_API_KEY: mails wait in the outbox until one is configured' });
  const retention = startRetentionJob({
    retention: store.retention,
    days: config.RETENTION_DAYS,
    outbox: { store: store.outbox, days: config.OUTBOX_RETENTION_DAYS },
    log,
    intervalMs: config.RETENTION_INTERVAL_SECONDS * 1000,
    firstRunMs: Math.min(60_000, config.RETENTION_INTERVAL_SECONDS * 1000),
    claim: (job, periodMs, at) => store.claimScheduledRun(job, periodMs, at),
  });
  const digests =
    config.DAILY_DIGEST === 'aan'
      ? startDailyDigestJob({
          store,
          content,
          publicUrl: () => url,
          mailQueued: () => void worker?.drain(),
          log,
          claim: (job, periodMs, at) => store.claimScheduledRun(job, periodMs, at),
          release: (job, claimedAt) => store.releaseScheduledRun(job, claimedAt),
        })
      : undefined;
  const box = secretBoxFor(config);
  // The klantenpanels' questionnaires go out by themselves three weeks before (domain/klantenpanels.ts).
  const questionnaires = startPanelQuestionnaireJob({
    store,
    mailer: panelMailer(box, (path) => mail.url(path)),
    log,
    mailQueued: () => void worker?.drain(),
  });
  const production = config.NODE_ENV === 'production';
  const hooks = startWebhookWorker({
    outbox: store.outbox,
    webhooks: store.webhooks,
    staff: store.staff,
    box,
    log,
    production,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_DAYS * DAY_MS,
    timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
  });
  let draining = false;
  const app = createApp({
    store,
    log,
    maxBodyBytes: config.MAX_BODY_BYTES,
    isDraining: () => draining,
    surveys,
    widgetOrigins: config.WIDGET_ORIGINS,
    publicUrl: config.PUBLIC_URL,
    box,
    trustProxy: config.TRUST_PROXY,
    contentDir: config.CONTENT_DIR,
    webhooks: { production, queued: () => void hooks.drain() },
  });
  app.route(
    '/',
    customerRoutes({
      store,
      log,
      mailQueued: () => void worker?.drain(),
      windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
      calendarFeeds: calendarFeedTokens(box),
    }),
  );
  app.route(
    '/',
    applicantOrganisationRoutes({
      store,
      log,
      mailQueued: () => void worker?.drain(),
      windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    }),
  );
  app.route('/', portfolioExportRoutes({ store, content }));
  app.route('/', portfolioCalendarRoutes(store, calendarFeedTokens(box)));
  app.route('/', calendarFeedRoutes(store, calendarFeedTokens(box)));
  app.route('/', personalDataRoutes({ store, content }));
  app.route(
    '/',
    staffRoutes({
      store,
      log,
      box,
      mailQueued: () => void worker?.drain(),
      windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
      webhooks: { production, queued: () => void hooks.drain() },
    }),
  );
  app.route('/', dashboardExportRoutes({ store, content, box }));
  app.route('/', sampleRoutes({ store, content, box }));
  app.route('/', panelRoutes({ store, box, url: (path) => mail.url(path) }));
  app.route('/', widgetRoutes(join(config.SITE_DIR, 'widgets')));
  if (extraRoutes) app.route('/', extraRoutes);
  app.route('/', surveyLinkRoutes(store, surveys));
  await mountSite(
    app as unknown as Hono<{ Bindings: HttpBindings }>,
    config.SITE_DIR,
    log,
    store,
    content,
    surveys,
    box,
    config.PUBLIC_URL,
    {
      texts: textProposals({ contentDir: config.CONTENT_DIR, reviewDir: config.TEXT_PROPOSALS_DIR }),
      contentDir: config.CONTENT_DIR,
      log,
    },
  );

  const server = createAdaptorServer({
    fetch: app.fetch,
    hostname: config.HOST,
    createServer: ((options: ServerOptions, listener: RequestListener) =>
      createHttpServer(options, (req, res) => {
        // While draining, no connection is kept for a next request: it would find the listener gone.
        if (draining) res.setHeader('connection', 'close');
        listener(req, res);
      })) as typeof createHttpServer,
  });
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const listening = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  url ||= listening;

  let closing: Promise<void> | undefined;
  let drained: NodeJS.Timeout | undefined;
  let endDrain: (() => void) | undefined;
  const drain = () => {
    draining = true;
    closing ??= new Promise<void>((resolve) => {
      log({ msg: 'draining', seconds: config.DRAIN_SECONDS });
      endDrain = resolve;
      drained = setTimeout(resolve, config.DRAIN_SECONDS * 1000);
    }).then(stop);
    return closing;
  };
  const close = () => {
    draining = true;
    clearTimeout(drained);
    endDrain?.();
    closing ??= stop();
    return closing;
  };
  const stop = async () => {
    // Close right after a poll phase, which accepted the connections then waiting in the kernel:
    // closing the listener resets any still waiting (after a drain, a proxy sends none).
    await nextTurn();
    // server.close() also closes idle keep-alive connections; requests in flight may finish. A
    // connection whose request finishes later is closed right after its answer (1 ms keep-alive).
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    if ('keepAliveTimeout' in server) server.keepAliveTimeout = 1;
    const timer = setTimeout(() => {
      log({ level: 'warn', msg: 'shutdown timeout: closing remaining connections' });
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    await done;
    clearTimeout(timer);
    await worker?.stop();
    await hooks.stop();
    await retention.stop();
    await digests?.stop();
    await questionnaires.stop();
    await store.close();
  };
  return {
    url: listening,
    port,
    store,
    routes: app.routes,
    deliverMail: () => worker?.drain() ?? Promise.resolve(0),
    deliverWebhooks: () => hooks.drain(),
    drain,
    close,
  };
}

/**
 * SIGTERM (an orchestrator, a deploy): drain, then stop. SIGINT (Ctrl+C), also during a drain:
 * stop now. Both finish the requests in flight.
 */
export function stopOnSignals(running: RunningServer, log: Logger): void {
  const stopOn = (signal: NodeJS.Signals, how: string, stop: () => Promise<void>) =>
    process.once(signal, async () => {
      log({ msg: `${signal}: ${how}` });
      await stop();
      log({ msg: 'stopped' });
      process.exit(0);
    });
  stopOn('SIGTERM', 'draining (/readyz answers 503), then finishing requests in flight and stopping', running.drain);
  stopOn('SIGINT', 'finishing requests in flight, then stopping', running.close);
}
