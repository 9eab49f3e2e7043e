/**
 * A receiver of Traject's webhooks, as small as it can be: it trusts a delivery only when its
 * signature verifies (Standard Webhooks, with the endpoint's secret), answers 204 at once, and
 * hands each event on once even when Traject delivers it again (same `webhook-id`).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';

export type TrajectEvent = { type: string; timestamp: string; data: { aanvraagnummer?: string } & Record<string, unknown> };

/** `secret` is read per delivery: the endpoint's secret is known only once it is registered. */
export function webhookReceiver(secret: () => string, onEvent: (event: TrajectEvent) => void) {
  const seen = new Set<string>();
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let event: TrajectEvent;
      try {
        // The raw body, exactly as received: the signature is over these bytes.
        event = new Webhook(secret()).verify(Buffer.concat(chunks).toString('utf8'), headersOf(req.headers)) as TrajectEvent;
      } catch {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(204).end();
      const id = String(req.headers['webhook-id']);
      if (!seen.has(id)) {
        seen.add(id);
        onEvent(event);
      }
    });
  });
}

const headersOf = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
