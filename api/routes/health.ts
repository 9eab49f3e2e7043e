/**
 * /healthz: the process is alive. /readyz: it can serve traffic (database answers, not
 * shutting down); a load balancer stops sending requests when it turns 503.
 */
import { Hono } from 'hono';
import type { Store } from '../storage/store.ts';

export function healthRoutes(store: Store, isDraining: () => boolean) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      if (isDraining()) return c.json({ status: 'draining' }, 503);
      // A database that does not answer within two seconds counts as down.
      const database = await Promise.race([
        store.ping().catch(() => false),
        new Promise<false>((resolve) => setTimeout(resolve, 2000, false).unref()),
      ]);
      return c.json({ status: database ? 'ready' : 'unavailable', database }, database ? 200 : 503);
    });
}
