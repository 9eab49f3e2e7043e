import type { Context, MiddlewareHandler } from 'hono';
import type { Logger, LogLine } from './logger.ts';

export type RequestFacts = { method: string; path: string; status: number; startedAt: number; org?: string };

/**
 * The path segments that are a secret: personal links (sign-in, unsubscribe, survey links,
 * klantenpanel links, calendar feeds, as id.secret tokens) and the widgets' response ids, the key to that response.
 */
const SECRET_SEGMENTS = [
  /^(\/volg\/link\/)([^/]+)/,
  /^(\/(?:en\/)?volg\/agenda\/)([^/]+)/,
  /^(\/(?:en\/)?volg\/portfolio-agenda\/)([^/]+)/,
  /^(\/volg\/afmelden\/)([^/]+)/,
  /^(\/(?:en\/)?enquete\/)(?!bedankt(?:\/|$))([^/]+)/,
  /^(\/(?:en\/)?klantenpanel\/)([^/]+)/,
  /^(\/api\/v1\/enquetes\/[^/]+\/reacties\/)([^/]+)/,
];

/**
 * The path as the request log may keep it: the secret of a token replaced by "…" (the public id
 * before its dot stays, to find the link in the database), and no query string.
 */
export function redactedPath(path: string): string {
  const bare = path.split('?', 1)[0] as string;
  for (const pattern of SECRET_SEGMENTS) {
    const match = pattern.exec(bare);
    if (!match) continue;
    const [whole, before, secret] = match as unknown as [string, string, string];
    const id = /^[a-z2-7]{24}\./.exec(secret)?.[0] ?? '';
    return `${before}${id}…${bare.slice(whole.length)}`;
  }
  return bare;
}

/** The one shape of a request's log line. */
export function requestLine({ method, path, status, startedAt, org }: RequestFacts): LogLine {
  const ms = Math.round((performance.now() - startedAt) * 100) / 100;
  return {
    level: status >= 500 ? 'error' : 'info',
    msg: 'request',
    method,
    path: redactedPath(path),
    status,
    ms,
    ...(org && { org }),
  };
}

/**
 * One log line per request, with its status and latency in milliseconds. An answer written
 * straight to Node's response (the Astro pages) has its status there, not in Hono's.
 */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const startedAt = performance.now();
    await next();
    const org = c.get('organisation' as never) as { code: string } | undefined;
    const outgoing = (c.env as { outgoing?: { statusCode: number } } | undefined)?.outgoing;
    const status = c.res.headers.has('x-hono-already-sent') && outgoing ? outgoing.statusCode : c.res.status;
    logRequest(log, c, status, startedAt, org?.code);
  };
}

/**
 * Logs a request's line (level info, error for a 5xx), and does not build it when the logger would
 * drop it: the status look-up answers tens of thousands a second.
 */
export function logRequest(log: Logger, c: Context, status: number, startedAt: number, org?: string): void {
  if (status < 500 && log.drops?.('info')) return;
  log(requestLine({ method: c.req.method, path: c.req.path, status, startedAt, org }));
}
