/**
 * The outbox's rows as both databases write and read them (api/storage/sqlite/outbox.ts,
 * api/storage/postgres/outbox.ts): a new mail is due at once; a delivered one has no body left.
 */
import { and, type Column, eq, inArray, lt, lte, notInArray, type SQL } from 'drizzle-orm';
import type { NewOutboxMail, OutboxChannel, OutboxMail } from './store.ts';

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

const MAIL_COLUMNS = [
  'id',
  'idempotencyKey',
  'kind',
  'to',
  'subject',
  'html',
  'text',
  'headers',
  'attempts',
  'channel',
  'batchKey',
] as const;
type MailColumn = (typeof MAIL_COLUMNS)[number];

/** The columns the worker gets of a mail, from either schema's outbox table. */
export function mailColumns<T extends Record<MailColumn, Column>>(outbox: T): Pick<T, MailColumn> {
  return Object.fromEntries(MAIL_COLUMNS.map((c) => [c, outbox[c]])) as Pick<T, MailColumn>;
}

/** Pending mails whose next attempt has come, of the given channels (default: all). */
export function dueCondition(
  outbox: Record<'status' | 'nextAttemptAt' | 'channel', Column>,
  now: Date,
  channels?: readonly OutboxChannel[],
): SQL | undefined {
  return and(
    eq(outbox.status, 'pending'),
    lte(outbox.nextAttemptAt, now.toISOString()),
    channels ? inArray(outbox.channel, [...channels]) : undefined,
  );
}

/** A due row as the worker gets it: bodies cleared after delivery read as empty. */
export function outboxMail<R extends Omit<OutboxMail, 'html' | 'text'> & { html: string | null; text: string | null }>(
  row: R,
): OutboxMail {
  return { ...row, html: row.html ?? '', text: row.text ?? '' };
}

/** What a delivered row keeps: the bodies hold personal links, so they are not kept. */
export function sentColumns(providerId: string, at: Date) {
  return {
    status: 'sent' as const,
    providerId,
    sentAt: at.toISOString(),
    html: null,
    text: null,
    lastError: null,
    batchKey: null,
  };
}

/**
 * The pending mails of these due mails' batches that are not among them (a limit cut them off):
 * a batch is only ever sent again whole. Undefined when the due mails are in no batch.
 */
export function restOfBatches(
  outbox: Record<'id' | 'batchKey' | 'status', Column>,
  due: readonly { id: number; batchKey: string | null }[],
): SQL | undefined {
  const batches = [...new Set(due.flatMap((m) => (m.batchKey ? [m.batchKey] : [])))];
  if (batches.length === 0) return undefined;
  return and(
    inArray(outbox.batchKey, batches),
    eq(outbox.status, 'pending'),
    notInArray(
      outbox.id,
      due.map((m) => m.id),
    ),
  );
}

/**
 * Mails the worker is done with — sent, or failed for good — whose last attempt came before the
 * cut-off: pruned (OutboxStore.prune). A pending row never matches, nor one claimed on PostgreSQL
 * (claimed rows are pending). Through the `outbox_due` index (status, next attempt): the last
 * attempt of a finished mail is its next_attempt_at (on PostgreSQL the end of its lease).
 */
export function prunableCondition(outbox: Record<'status' | 'nextAttemptAt', Column>, before: Date): SQL | undefined {
  return and(inArray(outbox.status, ['sent', 'failed']), lt(outbox.nextAttemptAt, before.toISOString()));
}

export type PruneOptions = { batch?: number; signal?: AbortSignal };

/**
 * Prunes batch after batch with `deleteBatch` (which deletes up to `batch` rows and says how many)
 * until one comes back short or the job stops; between batches other work gets its turn.
 */
export async function pruneInBatches(
  deleteBatch: (batch: number) => Promise<number>,
  { batch = 1000, signal }: PruneOptions = {},
): Promise<number> {
  let pruned = 0;
  while (!signal?.aborted) {
    const deleted = await deleteBatch(batch);
    pruned += deleted;
    if (deleted < batch) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return pruned;
}

/** The outbox's rows counted by status, from a `group by status`. */
export function outboxCounts(rows: readonly { status: string; n: number }[]) {
  const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: of('pending'), sent: of('sent'), failed: of('failed') };
}
