/**
 * The HTTP application: health checks, the versioned API and its OpenAPI document. The site
 * (Astro) is mounted behind it by server.ts, so one process serves everything.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { DEFAULT_CONTENT_DIR, loadContactMoments, loadContent } from '../domain/content.ts';
import type { Surveys } from '../domain/survey-schema.ts';
import { popUpTokensFor } from './auth/popup-token.ts';
import type { SecretBox } from './auth/secret-box.ts';
import type { AddressLookup } from './core/webhooks.ts';
import { AnswersAloneRouter } from './http/answers-alone.ts';
import type { Logger } from './http/logger.ts';
import { onError, problem } from './http/problem.ts';
import { type TrustProxy, trustProxies } from './http/rate-limit.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { completeReference } from './openapi-reference.ts';
import { registerStatusLookUp } from './routes/aanvragen.ts';
import { berichtStatusRoutes } from './routes/bericht-status.ts';
import { berichtenRoutes } from './routes/berichten.ts';
import { biRoutes } from './routes/bi.ts';
import { callbackRoutes } from './routes/callbacks.ts';
import { directoryRoutes } from './routes/directory.ts';
import { docsRoutes } from './routes/docs.ts';
import { eindmetingCsvRoutes } from './routes/eindmeting-csv.ts';
import { enquetesRoutes } from './routes/enquetes.ts';
import { healthRoutes } from './routes/health.ts';
import { helpdeskRoutes } from './routes/helpdesk.ts';
import { registerWebhookDelivery, webhookRoutes } from './routes/webhooks.ts';
import { changeFeedRoutes } from './routes/wijzigingen.ts';
import type { Store } from './storage/store.ts';

export type AppDeps = {
  store: Store;
  log: Logger;
  maxBodyBytes: number;
  isDraining?: () => boolean;
  now?: () => Date;
  /** The survey definitions (content/enquetes/); without them the surveys API is not served. */
  surveys?: Surveys;
  /** Host sites that may embed the widgets and send answers (WIDGET_ORIGINS). */
  widgetOrigins?: readonly string[];
  publicUrl?: string;
  /** The server's secret: the surveys API signs pop-up tokens with a key derived from it. */
  box: SecretBox;
  /** The proxies whose X-Forwarded-For tells the client's address (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** The editors' files (CONTENT_DIR): the reference describes the contact moments and stagnation causes from them. */
  contentDir?: string;
  /** Webhook registration: production refuses loopback and private addresses; `queued` sends a replay at once. */
  webhooks?: { production: boolean; resolve?: AddressLookup; queued?: () => void };
};

export const API_VERSION = '1.0.0';

export function createApp({
  store,
  log,
  maxBodyBytes,
  isDraining = () => false,
  now,
  surveys,
  widgetOrigins,
  publicUrl,
  box,
  trustProxy,
  contentDir = DEFAULT_CONTENT_DIR,
  webhooks = { production: false },
}: AppDeps) {
  // The look-up answers alone: no middleware chain is composed for it (api/http/answers-alone.ts).
  const app = new OpenAPIHono({ router: new AnswersAloneRouter() });
  const errors = onError(log);
  // First, before any middleware: the look-up carries its own headers and log line.
  registerStatusLookUp(app, { store, log, now, onError: errors });
  app.use('*', requestLog(log));
  // Every answer, the site's included: routes mounted later (server.ts) pass through it too.
  app.use('*', securityHeaders());
  app.use('*', trustProxies(trustProxy));
  app.route('/', healthRoutes(store, isDraining));

  let reference: object | undefined;
  /** The document, made on first request: every route is registered by then, and it does not change. */
  const openApiDocument = () => {
    reference ??= completeReference(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Traject API',
          version: API_VERSION,
          description:
            'Berichten van back-office systemen in, de status van een aanvraag uit. Foutmeldingen volgen RFC 9457 (application/problem+json) en noemen het veld.',
        },
        servers: [{ url: publicUrl ?? '/', description: 'Deze Traject-server' }],
      }),
      { ...loadContent(contentDir), contactMoments: loadContactMoments(contentDir) },
    );
    return reference;
  };

  const api = new OpenAPIHono();
  api.route('/', berichtenRoutes(store, maxBodyBytes));
  api.route('/', berichtStatusRoutes(store));
  api.route('/', eindmetingCsvRoutes(store));
  api.route('/', callbackRoutes(store));
  api.route('/', directoryRoutes(store));
  api.route('/', changeFeedRoutes(store));
  api.route('/', webhookRoutes(store, { ...webhooks, box }));
  api.route('/', docsRoutes(openApiDocument));
  api.route('/', helpdeskRoutes(store));
  // The BI feed publishes the surveys' scale and choice questions only: it needs their definitions.
  if (surveys) api.route('/', biRoutes({ store, content: loadContent(contentDir), surveys, now, publicUrl }));
  if (surveys)
    api.route('/', enquetesRoutes(store, { surveys, tokens: popUpTokensFor(box, now), origins: widgetOrigins, publicUrl, now }));
  app.route('/api/v1', api);

  registerWebhookDelivery(app.openAPIRegistry);
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'API-sleutel van de organisatie (trj_…), als Authorization: Bearer <sleutel>.',
  });
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.all('/api/*', (c) => problem(c, 404, `Onbekend API-pad: ${c.req.method} ${c.req.path}`));
  app.onError(errors);
  return app;
}
