/**
 * One request header, read cheaply. Served by Node, from Node's own parsed headers (its rules for a
 * header sent twice: the first Authorization, If-None-Match lines joined): asking Hono's request
 * instead makes @hono/node-server build a WHATWG Headers object of all of them first, a cost the
 * status look-up would pay tens of thousands of times a second. Elsewhere (app.request() in tests)
 * from the Request. `name` is lower case.
 */
import type { Context } from 'hono';

type NodeIncoming = { headers: Record<string, string | string[] | undefined> };

export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  const value = incoming ? incoming.headers[name] : c.req.header(name);
  return typeof value === 'string' ? value : undefined;
}
