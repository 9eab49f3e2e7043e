/**
 * A local stand-in for the Resend API: a real HTTP server that the real SDK talks to (through
 * RESEND_BASE_URL), so development and tests send mail without internet. It records what was
 * sent, shows it on a page, honours Idempotency-Key like Resend does (the same key with the same
 * request answers the first result again; with another request, 409), and can be told to fail
 * (HTTP 500), to time out, or to refuse the next mail, to test the outbox.
 *
 * POST /emails/batch as Resend has it: a JSON array of up to 100 mails, one idempotency key for
 * the request, and `x-batch-validation`: `strict` (the default: one invalid mail refuses the
 * whole batch with 422) or `permissive` (the valid mails are sent; the others come back in
 * `errors` by their index, and `data` lists the sent ones in order).
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { serveOnLoopback } from './loopback-server.ts';
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
  /** The request's Idempotency-Key: of the mail, or of the batch it came in. */
  idempotencyKey?: string;
  /** Its place in the batch it came in (POST /emails/batch). */
  batchIndex?: number;
};

/** `refuse`: the next mail (of a batch too) is invalid, as an address Resend does not accept would be. */
type Failure = '500' | 'timeout' | 'refuse';

/** Resend's largest batch. */
const MAX_BATCH = 100;
const ADDRESS = /^(?:[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>)$/;

type Status = 200 | 401 | 409 | 422 | 500;
type Answer = { status: Status; body: unknown };
const error = (status: Exclude<Status, 200>, name: string, message: string): Answer => ({
  status,
  body: { statusCode: status, name, message },
});

/** Why Resend would refuse this mail, or undefined when it is valid. */
function invalid(mail: unknown): string | undefined {
  if (!mail || typeof mail !== 'object') return 'Each email must be an object.';
  const m = mail as Record<string, unknown>;
  if (typeof m.from !== 'string' || !ADDRESS.test(m.from)) return 'Invalid `from` field.';
  const to = Array.isArray(m.to) ? m.to : [m.to];
  if (to.length === 0 || to.some((t) => typeof t !== 'string' || !ADDRESS.test(t)))
    return 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';
  if (typeof m.subject !== 'string') return 'Missing `subject` field.';
  if ('attachments' in m && m.attachments !== undefined) return 'Attachments are not supported in batch sending.';
  return undefined;
}

export function fakeResendApp(options: { hangMs?: number } = {}) {
  const hangMs = options.hangMs ?? 30_000;
  const mails: RecordedMail[] = [];
  /** Per Idempotency-Key: the request's hash and the answer it got. */
  const byKey = new Map<string, { hash: string; answer: Answer }>();
  const failures: Failure[] = [];
  const requests = { total: 0 };

  const record = (body: Record<string, unknown>, key: string | undefined, batchIndex?: number): RecordedMail => {
    const mail: RecordedMail = {
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      from: String(body.from),
      to: Array.isArray(body.to) ? (body.to as string[]) : [String(body.to)],
      subject: String(body.subject),
      ...(typeof body.html === 'string' && { html: body.html }),
      ...(typeof body.text === 'string' && { text: body.text }),
      headers: (body.headers as Record<string, string>) ?? {},
      ...(key && { idempotencyKey: key }),
      ...(batchIndex !== undefined && { batchIndex }),
    };
    mails.push(mail);
    return mail;
  };

  /**
   * The steps every send takes: the API key, the body, an injected failure, the idempotency key;
   * `handle` sends and answers. A timeout answers only after hangMs, the mail already accepted:
   * the hardest case for exactly-once delivery.
   */
  async function sendRequest(
    c: Context,
    path: string,
    handle: (body: unknown, key: string | undefined, refuse: boolean) => Answer,
  ) {
    requests.total++;
    if (!/^Bearer \S+/.test(c.req.header('authorization') ?? '')) {
      const a = error(401, 'missing_api_key', 'Missing API key in the authorization header.');
      return c.json(a.body, a.status);
    }
    const body: unknown = await c.req.json().catch(() => null);
    if (body === null) {
      const a = error(422, 'validation_error', 'Invalid JSON body.');
      return c.json(a.body, a.status);
    }
    const failure = failures.shift();
    if (failure === '500') {
      const a = error(500, 'internal_server_error', 'Injected failure');
      return c.json(a.body, a.status);
    }
    const key = c.req.header('idempotency-key');
    const hash = createHash('sha256')
      .update(`${path}\n${c.req.header('x-batch-validation') ?? ''}\n${JSON.stringify(body)}`)
      .digest('hex');
    const seen = key ? byKey.get(key) : undefined;
    if (seen) {
      const a =
        seen.hash === hash ? seen.answer : error(409, 'invalid_idempotent_request', 'Same idempotency key, other payload');
      return c.json(a.body as object, a.status);
    }
    const answer = handle(body, key, failure === 'refuse');
    if (key && answer.status === 200) byKey.set(key, { hash, answer });
    if (failure === 'timeout') await new Promise((resolve) => setTimeout(resolve, hangMs));
    return c.json(answer.body as object, answer.status);
  }

  const app = new Hono()
    .post('/emails', (c) =>
      sendRequest(c, '/emails', (body, key, refuse) => {
        const why = refuse ? 'Injected refusal' : invalid(body);
        if (why) return error(422, 'validation_error', why);
        return { status: 200, body: { id: record(body as Record<string, unknown>, key).id } };
      }),
    )
    .post('/emails/batch', (c) =>
      sendRequest(c, '/emails/batch', (body, key, refuse) => {
        if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH)
          return error(422, 'validation_error', `The batch must be an array of 1 to ${MAX_BATCH} emails.`);
        const permissive = c.req.header('x-batch-validation') === 'permissive';
        const refusals = body.map((mail, i) => (refuse && i === 0 ? 'Injected refusal' : invalid(mail)));
        const errors = refusals.flatMap((message, index) => (message ? [{ index, message }] : []));
        if (errors.length > 0 && !permissive) return error(422, 'validation_error', errors[0]?.message ?? '');
        const data = body.flatMap((mail, i) => (refusals[i] ? [] : [{ id: record(mail, key, i).id }]));
        return { status: 200, body: permissive ? { data, errors } : { data } };
      }),
    )
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
  return serveOnLoopback(app, port).then((server) => ({ ...server, mails, requests }));
}
