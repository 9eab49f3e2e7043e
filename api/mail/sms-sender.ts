/**
 * The SMS provider over HTTP, as the outbox's SMS sender: `POST {SMS_API_URL}/messages` with
 * `Authorization: Bearer {SMS_API_KEY}`, the outbox's idempotency key as `Idempotency-Key`, and
 * `{ from, to, body }` as JSON; the provider answers `{ id }`. Without SMS_API_URL, `npm start`
 * and the tests run the local fake (api/mail/fake-sms.ts), which speaks the same protocol.
 */
import type { SmsSender } from './outbox-worker.ts';

export function httpSmsSender(options: { apiUrl: string; apiKey: string; from: string }): SmsSender {
  const base = options.apiUrl.replace(/\/$/, '');
  return async (sms) => {
    const res = await fetch(`${base}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': sms.idempotencyKey,
      },
      body: JSON.stringify({ from: options.from, to: sms.to, body: sms.text }),
    });
    const data = (await res.json().catch(() => null)) as { id?: unknown; message?: unknown } | null;
    if (!res.ok || typeof data?.id !== 'string') {
      return { error: `SMS-aanbieder antwoordde ${res.status}${typeof data?.message === 'string' ? `: ${data.message}` : ''}` };
    }
    return { id: data.id };
  };
}
