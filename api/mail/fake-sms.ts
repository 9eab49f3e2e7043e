/**
 * A local stand-in for the SMS provider: a real HTTP server speaking the protocol of
 * sms-sender.ts, so development and tests send SMS without internet. It records what was sent,
 * shows it on a page, honours Idempotency-Key, and can be told to fail (HTTP 500).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { serveOnLoopback } from './loopback-server.ts';
import { escapeHtml } from './templates.ts';

export type RecordedSms = { id: string; receivedAt: string; from: string; to: string; body: string; idempotencyKey?: string };

export function fakeSmsApp() {
  const messages: RecordedSms[] = [];
  const byKey = new Map<string, { hash: string; id: string }>();
  const failures = { pending: 0 };

  const app = new Hono()
    .post('/messages', async (c) => {
      if (!/^Bearer \S+/.test(c.req.header('authorization') ?? '')) return c.json({ message: 'API-sleutel ontbreekt' }, 401);
      const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
      if (!body || typeof body.to !== 'string' || typeof body.body !== 'string' || typeof body.from !== 'string') {
        return c.json({ message: 'from, to en body zijn verplicht' }, 422);
      }
      if (!/^\+[1-9]\d{6,14}$/.test(body.to)) return c.json({ message: 'to moet een nummer in E.164 zijn' }, 422);
      if (failures.pending > 0) {
        failures.pending--;
        return c.json({ message: 'Injected failure' }, 500);
      }
      const key = c.req.header('idempotency-key');
      const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const seen = key ? byKey.get(key) : undefined;
      if (seen) return seen.hash === hash ? c.json({ id: seen.id }) : c.json({ message: 'Zelfde sleutel, andere inhoud' }, 409);
      const sms: RecordedSms = {
        id: randomUUID(),
        receivedAt: new Date().toISOString(),
        from: body.from,
        to: body.to,
        body: body.body,
        ...(key && { idempotencyKey: key }),
      };
      messages.push(sms);
      if (key) byKey.set(key, { hash, id: sms.id });
      return c.json({ id: sms.id });
    })
    .get('/messages', (c) => c.json({ data: messages }))
    .delete('/messages', (c) => {
      messages.length = 0;
      byKey.clear();
      return c.body(null, 204);
    })
    .post('/_fake/failures', async (c) => {
      const { count } = (await c.req.json()) as { count: number };
      failures.pending += count;
      return c.json({ queued: failures.pending });
    })
    .get('/', (c) =>
      c.html(
        `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Verstuurde SMS (lokaal)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}</style></head>
<body><h1>Verstuurde SMS (lokale nep-aanbieder)</h1><p>${messages.length} SMS sinds de start, nieuwste eerst. Niets hiervan gaat het internet op.</p>
${[...messages]
  .reverse()
  .map(
    (m) =>
      `<article><p>Aan ${escapeHtml(m.to)} · van ${escapeHtml(m.from)} · ${escapeHtml(m.receivedAt)}</p><p>${escapeHtml(m.body)}</p></article>`,
  )
  .join('')}</body></html>`,
      ),
    );
  return { app, messages };
}

export type FakeSms = { url: string; messages: RecordedSms[]; close: () => Promise<void> };

/** Starts the fake on 127.0.0.1 (port 0 picks a free one). */
export function startFakeSms(port = 0): Promise<FakeSms> {
  const { app, messages } = fakeSmsApp();
  return serveOnLoopback(app, port).then((server) => ({ ...server, messages }));
}
