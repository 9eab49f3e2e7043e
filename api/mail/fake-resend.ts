/**
 * A local stand-in for the Resend API: a real HTTP server that the real SDK talks to (through
 * RESEND_BASE_URL), so development and tests send mail without internet. It records what was
 * sent, shows it on a page, honours Idempotency-Key like Resend does, and can be told to fail
 * (HTTP 500) or to time out, to test the outbox.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { escapeHtml } from './templates.ts';

export type RecordedMail = {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  idempotencyKey?: string;
};

type Failure = '500' | 'timeout';

export function fakeResendApp(options: { hangMs?: number } = {}) {
  const hangMs = options.hangMs ?? 30_000;
  const mails: RecordedMail[] = [];
  const byKey = new Map<string, { hash: string; id: string }>();
  const failures: Failure[] = [];
  const requests = { total: 0 };

  const app = new Hono()
    .post('/emails', async (c) => {
      requests.total++;
      if (!/^Bearer \S+/.test(c.req.header('authorization') ?? '')) {
        return c.json({ statusCode: 401, name: 'missing_api_key', message: 'Missing API key in the authorization header.' }, 401);
      }
      const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
      if (!body || typeof body.from !== 'string' || !body.to || typeof body.subject !== 'string') {
        return c.json({ statusCode: 422, name: 'validation_error', message: 'from, to and subject are required' }, 422);
      }
      const failure = failures.shift();
      if (failure === '500') return c.json({ statusCode: 500, name: 'internal_server_error', message: 'Injected failure' }, 500);

      const key = c.req.header('idempotency-key');
      const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const seen = key ? byKey.get(key) : undefined;
      if (seen) {
        if (seen.hash !== hash) {
          return c.json(
            { statusCode: 409, name: 'invalid_idempotent_request', message: 'Same idempotency key, other payload' },
            409,
          );
        }
        return c.json({ id: seen.id });
      }
      const mail: RecordedMail = {
        id: randomUUID(),
        receivedAt: new Date().toISOString(),
        from: body.from,
        to: Array.isArray(body.to) ? (body.to as string[]) : [String(body.to)],
        subject: body.subject,
        ...(typeof body.html === 'string' && { html: body.html }),
        ...(typeof body.text === 'string' && { text: body.text }),
        headers: (body.headers as Record<string, string>) ?? {},
        ...(key && { idempotencyKey: key }),
      };
      mails.push(mail);
      if (key) byKey.set(key, { hash, id: mail.id });
      // A timeout after the mail was accepted: the hardest case for exactly-once delivery.
      if (failure === 'timeout') await new Promise((resolve) => setTimeout(resolve, hangMs));
      return c.json({ id: mail.id });
    })
    .get('/emails', (c) => c.json({ data: mails }))
    .delete('/emails', (c) => {
      mails.length = 0;
      byKey.clear();
      return c.body(null, 204);
    })
    .post('/_fake/failures', async (c) => {
      const { mode, count } = (await c.req.json()) as { mode: Failure; count: number };
      for (let i = 0; i < count; i++) failures.push(mode);
      return c.json({ queued: failures.length });
    })
    .get('/emails/:id/html', (c) => {
      const mail = mails.find((m) => m.id === c.req.param('id'));
      return mail?.html ? c.html(mail.html) : c.notFound();
    })
    .get('/', (c) =>
      c.html(
        `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Verstuurde mails (lokaal)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}iframe{width:100%;height:28rem;border:1px solid #ddd}pre{white-space:pre-wrap}</style></head>
<body><h1>Verstuurde mails (lokale nep-Resend)</h1><p>${mails.length} mail(s) sinds de start, nieuwste eerst. Niets hiervan gaat het internet op.</p>
${[...mails]
  .reverse()
  .map(
    (m) => `<article><h2>${escapeHtml(m.subject)}</h2><p>Aan ${escapeHtml(m.to.join(', '))} · ${escapeHtml(m.receivedAt)}</p>
${m.html ? `<iframe sandbox title="${escapeHtml(m.subject)}" src="/emails/${m.id}/html"></iframe>` : ''}
<details><summary>Platte tekst</summary><pre>${escapeHtml(m.text ?? '')}</pre></details></article>`,
  )
  .join('')}</body></html>`,
      ),
    );
  return { app, mails, requests };
}

export type FakeResend = { url: string; mails: RecordedMail[]; requests: { total: number }; close: () => Promise<void> };

/** Starts the fake on 127.0.0.1 (port 0 picks a free one). */
export function startFakeResend(port = 0, options: { hangMs?: number } = {}): Promise<FakeResend> {
  const { app, mails, requests } = fakeResendApp(options);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        mails,
        requests,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
