/**
 * Delivers the outbox's webhooks (channel `webhook`): each to its endpoint, signed the Standard
 * Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the endpoint's secret,
 * and during a rotation with the previous one too. At least once: a delivery stays in the outbox
 * until the endpoint answers 2xx, retried with backoff (domain/webhooks.ts); the event id never
 * changes, so a receiver drops what it saw before. Bounded: a timeout, no redirects followed, at
 * most ANSWER_CHARS of the answer kept. An endpoint that fails for days is disabled, and its
 * organisation's admins get a mail through the same outbox.
 */
import { Webhook } from 'standardwebhooks';
import { DAY_MS } from '../../domain/calendar.ts';
import { ANSWER_CHARS, failingTooLong, webhookBackoffMs } from '../../domain/webhooks.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { type AddressLookup, webhookUrlCheck } from '../core/webhooks.ts';
import type { Logger } from '../http/logger.ts';
import { limited, outboxPolling } from '../mail/outbox-polling.ts';
import { webhookDisabledMail } from '../mail/templates.ts';
import type { OutboxMail, OutboxStore, StaffStore, WebhookAttempt, WebhookStore, WebhookTarget } from '../storage/store.ts';
import { ENDPOINT_GONE } from '../storage/webhook-rows.ts';

export type WebhookWorkerOptions = {
  outbox: OutboxStore;
  webhooks: WebhookStore;
  staff: Pick<StaffStore, 'ofOrganisation'>;
  box: SecretBox;
  log: Logger;
  /** In production an endpoint's host must resolve to public addresses only, checked again at each attempt. */
  production: boolean;
  resolve?: AddressLookup;
  /** An endpoint failing this long without a success is disabled (default 3 days). */
  disableAfterMs?: number;
  /** After this many attempts a delivery fails for good (default 12: about three days with the backoff). */
  maxAttempts?: number;
  backoffMs?: (attempts: number) => number;
  timeoutMs?: number;
  intervalMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  now?: () => Date;
};

/** The first `chars` characters of an answer's body; the rest is not read. */
async function answerStart(res: Response, chars: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < chars) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.slice(0, chars);
}

/** The `webhook-signature` header: the current secret's signature, and the previous one's while it is valid. */
export function signatures(box: SecretBox, target: WebhookTarget, id: string, at: Date, body: string): string {
  const secrets = [target.secret];
  if (target.previousSecret && target.previousSecretUntil && target.previousSecretUntil > at) secrets.push(target.previousSecret);
  // The sealed text is the `whsec_…` string itself, which the library decodes.
  return secrets.map((sealed) => new Webhook(new TextDecoder().decode(box.open(sealed))).sign(id, at, body)).join(' ');
}

export function startWebhookWorker(options: WebhookWorkerOptions) {
  const { outbox, webhooks, staff, box, log, production, resolve } = options;
  const {
    disableAfterMs = 3 * DAY_MS,
    maxAttempts = 12,
    backoffMs = webhookBackoffMs,
    timeoutMs = 10_000,
    intervalMs = 1000,
    concurrency = 4,
    now = () => new Date(),
  } = options;

  /** One attempt: what the endpoint answered, or why there was no answer. */
  async function attempt(target: WebhookTarget, delivery: OutboxMail): Promise<WebhookAttempt> {
    const at = now();
    const refused = production ? await webhookUrlCheck(target.url, { production, resolve }) : undefined;
    if (refused) return { at, statusCode: null, answer: null, error: refused.message };
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Traject-Webhooks/1',
          'webhook-id': delivery.subject,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signatures(box, target, delivery.subject, at, delivery.text),
        },
        body: delivery.text,
        // A redirect is an answer, not an address to follow: it could lead into the network.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const answer = await answerStart(res, ANSWER_CHARS);
      return { at, statusCode: res.status, answer, error: null };
    } catch (error) {
      const e = error as Error;
      const message =
        e.name === 'TimeoutError' ? `geen antwoord binnen ${timeoutMs} ms` : (e.cause as Error)?.message || e.message;
      return { at, statusCode: null, answer: null, error: message.slice(0, ANSWER_CHARS) };
    }
  }

  /** An endpoint that failed too long: disabled, with a mail to each of its organisation's admins. */
  async function disable(target: WebhookTarget, failingSince: Date): Promise<void> {
    const at = now();
    const days = Math.round(disableAfterMs / DAY_MS);
    const admins = (await staff.ofOrganisation(target.organisation)).filter((m) => m.role === 'admin' && !m.disabledAt);
    const mail = webhookDisabledMail({ url: target.url, failingSince }, days);
    const mails = admins.map((admin) => ({
      idempotencyKey: `webhook-uitgeschakeld:${target.id}:${at.toISOString()}:${admin.id}`,
      kind: 'webhook-uitgeschakeld',
      to: admin.email,
      ...mail,
    }));
    if (await webhooks.disable(target.id, at, `${days} dagen zonder geslaagde aflevering`, mails))
      log({ level: 'warn', msg: 'webhook endpoint disabled', endpoint: target.id, organisation: target.organisation });
  }

  async function deliver(delivery: OutboxMail): Promise<boolean> {
    const target = await webhooks.target(Number(delivery.to));
    if (!target || target.disabledAt) {
      await outbox.markFailed(delivery.id, ENDPOINT_GONE);
      return false;
    }
    const result = await attempt(target, delivery);
    if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) {
      await webhooks.succeeded(delivery.id, target.id, result);
      log({ level: 'debug', msg: 'webhook delivered', outboxId: delivery.id, endpoint: target.id });
      return true;
    }
    const attempts = delivery.attempts + 1;
    const retryAt = attempts < maxAttempts ? new Date(result.at.getTime() + backoffMs(attempts)) : undefined;
    const since = await webhooks.failed(delivery.id, target.id, result, retryAt);
    log({
      level: 'warn',
      msg: retryAt ? 'webhook delivery failed, will retry' : 'webhook failed for good',
      outboxId: delivery.id,
      endpoint: target.id,
      status: result.statusCode,
      error: result.error,
    });
    if (failingTooLong(since, now(), disableAfterMs)) await disable(target, since);
    return false;
  }

  return outboxPolling(
    async (stopped) => {
      const due = await outbox.due(concurrency * 5, now(), ['webhook']);
      if (due.length === 0 || stopped()) return undefined;
      return limited(
        due.map((delivery) => () => deliver(delivery)),
        concurrency,
      );
    },
    { intervalMs, log, name: 'webhook worker' },
  );
}
