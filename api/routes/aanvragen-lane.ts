/**
 * The look-up's fast lane: GET /api/v1/aanvragen/{nummer} answered on Node's own request, before
 * Hono, for the common case only: a key checked a moment ago, a well-formed number, a status that
 * is kept, and an organisation that takes part. It sends the same bytes and headers as the route
 * in aanvragen.ts, and the same log line, marked `lane`. Everything else (no key or a new one, a
 * bad number, an unknown or not-involved aanvraag, HEAD, a query string) goes on to that route,
 * which holds the one full definition, its validation and its OpenAPI entry.
 * Why a lane: docs/decisions/0015-look-up-lane.md.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_NUMBER } from '../../domain/messages.ts';
import type { Store } from '../data/store.ts';
import { knownApiKey } from '../http/api-key.ts';
import type { Logger } from '../http/logger.ts';
import { requestLine } from '../http/request-log.ts';
import { securityHeaderValues } from '../http/security-headers.ts';
import { STATUS_HEADERS } from './aanvragen.ts';

const PATH = new RegExp(`^/api/v1/aanvragen/(${REQUEST_NUMBER.source.slice(1, -1)})$`);

/**
 * Only requests whose headers the route reads as Node does: one Authorization header (Node keeps
 * the first of several, the route sees them joined and refuses), and a plain host name with an
 * optional port (the route refuses some odd Host headers). Anything else goes to the route.
 */
function plain(req: IncomingMessage): boolean {
  if (!req.headers.host || !/^[a-z0-9._-]+(:[0-9]{1,5})?$/i.test(req.headers.host)) return false;
  let authorizations = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (name.length === 13 && name.toLowerCase() === 'authorization') authorizations++;
  }
  return authorizations === 1;
}

export type Lane = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export async function statusLane(store: Store, log: Logger, now: () => Date = () => new Date()): Promise<Lane> {
  // The route's own headers and those the security middleware adds to them, computed once.
  const headers = await securityHeaderValues('/api/v1/aanvragen/lane', STATUS_HEADERS);
  return (req, res, next) => {
    const number = req.method === 'GET' && plain(req) ? PATH.exec(req.url ?? '')?.[1] : undefined;
    const organisation = number === undefined ? undefined : knownApiKey(store, req.headers.authorization);
    if (number === undefined || organisation === undefined) return next();
    const startedAt = performance.now();
    const answer = (json: Uint8Array) => {
      res.writeHead(200, { ...headers, 'content-length': json.byteLength });
      res.end(json);
      log(requestLine({ method: 'GET', path: req.url as string, status: 200, startedAt, org: organisation.code, lane: true }));
    };
    // Most look-ups: from memory, with no promise and no turn of the event loop.
    const fromMemory = store.statusFromMemory(number, organisation, now());
    if (fromMemory) return answer(fromMemory);
    store
      .statusJson(number, organisation, now())
      .then(
        (json) => (json instanceof Uint8Array ? answer(json) : next()),
        // The route answers the failure in the API's own error format.
        () => next(),
      )
      .catch(() => res.destroy());
  };
}
