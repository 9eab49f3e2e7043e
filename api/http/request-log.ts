import type { MiddlewareHandler } from 'hono';
import type { Logger, LogLine } from './logger.ts';

export type RequestFacts = { method: string; path: string; status: number; startedAt: number; org?: string; lane?: true };

/** The one shape of a request's log line; `lane` marks answers of the look-up's fast lane. */
export function requestLine({ method, path, status, startedAt, org, lane }: RequestFacts): LogLine {
  const ms = Math.round((performance.now() - startedAt) * 100) / 100;
  return {
    level: status >= 500 ? 'error' : 'info',
    msg: 'request',
    method,
    path,
    status,
    ms,
    ...(org && { org }),
    ...(lane && { lane }),
  };
}

/** One log line per request, with its status and latency in milliseconds. */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const startedAt = performance.now();
    await next();
    const org = c.get('organisation' as never) as { code: string } | undefined;
    log(requestLine({ method: c.req.method, path: c.req.path, status: c.res.status, startedAt, org: org?.code }));
  };
}
