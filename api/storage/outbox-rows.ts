/**
 * The outbox's rows as both databases write and read them (api/data/sqlite-outbox.ts,
 * api/storage/postgres/outbox.ts): a new mail is due at once; a delivered one has no body left.
 */
import type { NewOutboxMail, OutboxMail } from '../data/store.ts';

/** The columns of a new outbox row. */
export function newOutboxRow(mail: NewOutboxMail, now: Date) {
  return {
    ...mail,
    requestId: mail.requestId ?? null,
    headers: mail.headers ?? null,
    channel: mail.channel ?? 'email',
    nextAttemptAt: now.toISOString(),
  };
}

/** A due row as the worker gets it: bodies cleared after delivery read as empty. */
export function outboxMail<R extends Omit<OutboxMail, 'html' | 'text'> & { html: string | null; text: string | null }>(
  row: R,
): OutboxMail {
  return { ...row, html: row.html ?? '', text: row.text ?? '' };
}

/** What a delivered row keeps: the bodies hold personal links, so they are not kept. */
export function sentColumns(providerId: string, at: Date) {
  return { status: 'sent' as const, providerId, sentAt: at.toISOString(), html: null, text: null, lastError: null };
}

/** The outbox's rows counted by status, from a `group by status`. */
export function outboxCounts(rows: readonly { status: string; n: number }[]) {
  const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: of('pending'), sent: of('sent'), failed: of('failed') };
}
