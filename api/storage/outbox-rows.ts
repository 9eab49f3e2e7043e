/** A new outbox row as both databases write it: due at once, by e-mail unless said otherwise. */
import type { NewOutboxMail } from '../data/store.ts';

export function outboxValues(mail: NewOutboxMail, now: Date) {
  return {
    ...mail,
    requestId: mail.requestId ?? null,
    headers: mail.headers ?? null,
    channel: mail.channel ?? 'email',
    nextAttemptAt: now.toISOString(),
  };
}
