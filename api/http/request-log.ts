import type { MiddlewareHandler } from 'hono';
import type { Logger } from './logger.ts';

/** One log line per request, with its status and latency in milliseconds. */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 100) / 100;
    const org = c.get('organisation' as never) as { code: string } | undefined;
    log({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms,
      ...(org && { org: org.code }),
    });
  };
}
