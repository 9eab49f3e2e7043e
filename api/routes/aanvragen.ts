/**
 * GET /api/v1/aanvragen/{nummer} — the status of one aanvraag, for an organisation that takes
 * part in it. Unknown and not-yours answer alike (404), so numbers cannot be probed.
 *
 * Back-office systems poll it all day, so it is the app's first route and carries everything
 * itself, with no middleware after it (docs/decisions/0026-one-look-up-route.md): the key from
 * memory when it was checked a moment ago, the number by a precompiled pattern, the status as
 * stored bytes from the status cache, headers made once, its own log line. This is its only
 * definition; the OpenAPI document describes it from `route`.
 *
 * Every status carries a strong ETag; a poll that sends it back in If-None-Match gets 304 without
 * the status being read or built: the tag comes from the cache, or from the database without the
 * JSON beside it.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { REQUEST_NUMBER, requestNumber } from '../../domain/messages.ts';
import { requestStatusSchema } from '../../domain/status-schema.ts';
import { answersAlone } from '../http/answers-alone.ts';
import { identifyApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { noneMatchHits } from '../http/etag.ts';
import type { Logger } from '../http/logger.ts';
import { DATABASE_ERRORS, fieldErrors, problem, problemAnswer } from '../http/problem.ts';
import { requestHeader } from '../http/request-header.ts';
import { logRequest } from '../http/request-log.ts';
import { securityHeadersFor } from '../http/security-headers.ts';
import type { ServedStatus } from '../storage/contract.ts';
import type { OrganisationRecord, Store } from '../storage/store.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/aanvragen/{nummer}',
  operationId: 'statusVanAanvraag',
  summary: 'Status van een aanvraag',
  description:
    'Fase, status per discipline, planning met precisie en historie, contactpersoon, stagnatie, contacthistorie en de volgende stap (wie, wat, uiterlijk wanneer). Alleen voor organisaties die bij de aanvraag betrokken zijn.',
  security: [{ apiKey: [] }],
  request: {
    params: z.object({ nummer: requestNumber }),
    headers: z.object({
      'if-none-match': z.string().optional().openapi({
        description:
          'De ETag van de status die u al hebt. Is de status sindsdien niet veranderd, dan is het antwoord 304 zonder body: goedkoop om vaak te vragen.',
      }),
    }),
  },
  responses: {
    200: {
      description: 'De status van de aanvraag.',
      headers: {
        ETag: { description: 'Sterke ETag van deze status; stuur hem terug in If-None-Match.', schema: { type: 'string' } },
      },
      content: { 'application/json': { schema: requestStatusSchema } },
    },
    304: {
      description: 'Niet veranderd sinds de ETag in If-None-Match: gebruik de status die u al hebt.',
      headers: { ETag: { description: 'Dezelfde ETag.', schema: { type: 'string' } } },
    },
    400: problemAnswer('Geen geldig aanvraagnummer; `errors` noemt het veld `nummer`.'),
    ...UNAUTHORISED,
    404: problemAnswer('Onbekend, of niet van deze organisatie: beide krijgen hetzelfde antwoord.'),
    ...DATABASE_ERRORS,
  },
});

const PARAMS = z.object({ nummer: requestNumber });
/** Every answer of this route gets the API's security headers (the same set as the middleware's). */
const SECURITY = securityHeadersFor('/api/v1/aanvragen/');
/** The 200's headers as a plain object, made once: Node writes them without a Headers object. */
const FOUND_HEADERS: Record<string, string> = Object.fromEntries([
  ...SECURITY,
  ['content-type', 'application/json; charset=utf-8'],
]);
/**
 * A 304 carries what RFC 9110 §15.4.5 asks of it: the ETag and Cache-Control (Node adds Date). It
 * only confirms the 200 the client holds, whose security headers stay in force (a cache keeps a
 * stored answer's headers that a 304 leaves out, RFC 9111 §4.3.4); a poll then costs up to a tenth less
 * (docs/decisions/0050-a-304-carries-what-rfc-9110-asks.md).
 */
const NOT_MODIFIED_HEADERS: Record<string, string> = { 'cache-control': FOUND_HEADERS['cache-control'] as string };

export type LookUpDeps = {
  store: Store;
  log: Logger;
  now?: () => Date;
  /** The app's error handler (api/http/problem.ts onError), for a failure of the database. */
  onError: (error: Error, c: Context) => Response | Promise<Response>;
};

/** Registers the look-up on `app`: call it before any middleware, so none runs for it. */
export function registerStatusLookUp(app: OpenAPIHono, { store, log, now = () => new Date(), onError }: LookUpDeps): void {
  app.openAPIRegistry.registerPath(route);
  app.get(
    '/api/v1/aanvragen/:nummer',
    answersAlone((c) => {
      const startedAt = performance.now();
      const done = (res: Response, org?: OrganisationRecord) => {
        logRequest(log, c, res.status, startedAt, org?.code);
        return res;
      };
      const secured = (res: Response, org?: OrganisationRecord) => {
        for (const [name, value] of SECURITY) if (!res.headers.has(name)) res.headers.set(name, value);
        return done(res, org);
      };
      const failed = async (error: Error) => secured(await onError(error, c));

      const answer = (who: OrganisationRecord | Response): Response | Promise<Response> => {
        if (who instanceof Response) return secured(who);
        const nummer = c.req.param('nummer') ?? '';
        if (!REQUEST_NUMBER.test(nummer)) {
          const { error } = PARAMS.safeParse({ nummer });
          return secured(problem(c, 400, 'Ongeldig verzoek', error && fieldErrors(error)), who);
        }
        const ifNoneMatch = requestHeader(c, 'if-none-match');
        // Most look-ups: from memory, with no promise and no turn of the event loop. A poll whose
        // tag still holds needs the tag only, which memory may hold without the status.
        const tag = ifNoneMatch ? store.statusETagFromMemory(nummer, who, now()) : undefined;
        if (tag && noneMatchHits(ifNoneMatch, tag)) return done(notModified(tag), who);
        const kept = store.statusFromMemory(nummer, who, now());
        if (kept) return done(found(kept, ifNoneMatch), who);
        const computed = () =>
          store
            .statusJson(nummer, who, now())
            .then(
              (served) =>
                typeof served === 'object'
                  ? done(found(served, ifNoneMatch), who)
                  : secured(problem(c, 404, `Aanvraag ${nummer} is niet gevonden`), who),
              failed,
            );
        if (!ifNoneMatch) return computed();
        // A conditional poll whose tag still holds reads the tag only, never the status.
        return store
          .statusETag(nummer, who, now())
          .then((etag) => (etag && noneMatchHits(ifNoneMatch, etag) ? done(notModified(etag), who) : computed()), failed);
      };
      try {
        const who = identifyApiKey(store, c);
        return who instanceof Promise ? who.then(answer, failed) : answer(who);
      } catch (error) {
        return failed(error as Error);
      }
    }),
  );
}

/** The stored status as it is: a Response straight from the bytes, or 304 when the client has them. */
function found({ json, etag }: ServedStatus, ifNoneMatch: string | undefined): Response {
  if (ifNoneMatch && noneMatchHits(ifNoneMatch, etag)) return notModified(etag);
  return new Response(json as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...FOUND_HEADERS, etag } });
}

function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { ...NOT_MODIFIED_HEADERS, etag } });
}
