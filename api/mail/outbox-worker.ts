/**
 * Delivers the outbox. Mails go to the provider in batches of up to MAIL_BATCH (Resend's batch
 * API, one request for up to 100 mails), a few batches at a time, so the mail keeps up with
 * ingestion; SMS go one by one. Failures back off exponentially; after MAX_ATTEMPTS a mail is
 * marked failed and logged.
 *
 * Sent once: a batch's idempotency key is stored on its mails before it is sent
 * (OutboxStore.startBatch). Without an answer (a timeout, a 5xx, a process that died) the batch is
 * sent again whole, same mails, same key, by whichever process claims it, and the provider
 * answers with the first result instead of a second mail. A mail the provider refused alone (in
 * an otherwise accepted batch) was not sent: it leaves its batch and is retried on its own terms.
 */
import { randomUUID } from 'node:crypto';
import { nextTurn } from '../core/turns.ts';
import type { Logger } from '../http/logger.ts';
import type { OutboxMail, OutboxStore } from '../storage/store.ts';
import { limited, outboxPolling } from './outbox-polling.ts';

export type SendResult = { id: string } | { error: string };
/**
 * A batch's answer: one result per mail, in order; or no answer for the batch as a whole.
 * `alreadySent`: the provider knows the key with other mails in it, so it accepted this batch
 * before (some of its mails have left it since, e.g. failed for good): what is left was sent then.
 */
export type BatchResult = { results: SendResult[] } | { error: string; alreadySent?: boolean };
/** The mail provider as the worker sees it (Resend in production, see resend-sender.ts). */
export type MailSender = (mails: OutboxMail[], batchKey: string) => Promise<BatchResult>;
/** The SMS provider as the worker sees it (api/mail/sms-sender.ts): `to` in E.164, `text` as the body. */
export type SmsSender = (sms: OutboxMail) => Promise<SendResult>;

export const MAX_ATTEMPTS = 10;
/** Mails per provider request: Resend's batch API takes up to 100. */
export const MAIL_BATCH = 100;

export type OutboxWorkerOptions = {
  outbox: OutboxStore;
  send: MailSender;
  /** Without it, SMS wait in the outbox until an SMS provider is configured. */
  sms?: SmsSender;
  log: Logger;
  intervalMs?: number;
  timeoutMs?: number;
  /** Mails per batch (at most MAIL_BATCH). */
  batchSize?: number;
  /** Batches in flight at once: Resend allows a few requests per second per team by default. */
  concurrency?: number;
  /** Delay before attempt n+1: 2^n seconds, at most an hour. */
  backoffMs?: (attempts: number) => number;
  now?: () => Date;
};

export function startOutboxWorker(options: OutboxWorkerOptions) {
  const { outbox, send, sms, log, intervalMs = 1000, timeoutMs = 10_000, concurrency = 2, now = () => new Date() } = options;
  const batchSize = Math.min(MAIL_BATCH, options.batchSize ?? MAIL_BATCH);
  const backoffMs = options.backoffMs ?? ((attempts: number) => Math.min(2 ** attempts * 1000, 3_600_000));
  const channels = sms ? (['email', 'sms'] as const) : (['email'] as const);

  /** The provider's answer, or an error after timeoutMs (the request may still have gone through). */
  async function withTimeout<T>(request: Promise<T>, onError: (message: string) => T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(onError(`geen antwoord binnen ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([request.catch((e: Error) => onError(e.message)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Delivered mails, marked in one write. */
  async function sent(delivered: { mail: OutboxMail; providerId: string }[]): Promise<true[]> {
    if (delivered.length > 0) {
      // A hundred rows rewritten: a slice of its own, as ingestion's parts are (api/core/turns.ts).
      await nextTurn();
      await outbox.markSent(
        delivered.map(({ mail, providerId }) => ({ id: mail.id, providerId })),
        now(),
      );
    }
    for (const { mail } of delivered) log({ level: 'debug', msg: 'mail sent', kind: mail.kind, outboxId: mail.id });
    return delivered.map(() => true);
  }

  /** A failed attempt: retried later (at `retryAt`), or failed for good after MAX_ATTEMPTS. */
  async function failed(mail: OutboxMail, error: string, retryAt: Date, leaveBatch: boolean): Promise<false> {
    if (mail.attempts + 1 >= MAX_ATTEMPTS) {
      await outbox.markFailed(mail.id, error);
      log({ level: 'error', msg: 'mail failed for good', kind: mail.kind, outboxId: mail.id, error });
    } else {
      await outbox.markRetry(mail.id, error, retryAt, leaveBatch);
      log({ level: 'warn', msg: 'mail delivery failed, will retry', kind: mail.kind, outboxId: mail.id, error });
    }
    return false;
  }

  const retryAt = (attempts: number) => new Date(now().getTime() + backoffMs(attempts));

  async function deliverSms(mail: OutboxMail): Promise<boolean> {
    const result = await withTimeout((sms as SmsSender)(mail), (error) => ({ error }));
    if (!('id' in result)) return failed(mail, result.error, retryAt(mail.attempts), false);
    await sent([{ mail, providerId: result.id }]);
    return true;
  }

  /** One batch of mails: a new one gets its key stored first; one sent before goes again as it was. */
  async function deliverBatch(mails: OutboxMail[]): Promise<boolean[]> {
    let key = mails[0]?.batchKey;
    if (!key) {
      key = `batch-${randomUUID()}`;
      await outbox.startBatch(
        mails.map((m) => m.id),
        key,
      );
    }
    const answer = await withTimeout(send(mails, key), (error) => ({ error }));
    if ('results' in answer) {
      const delivered: { mail: OutboxMail; providerId: string }[] = [];
      const outcomes = await Promise.all(
        mails.map((mail, i) => {
          const result = answer.results[i] ?? { error: 'geen antwoord voor deze mail' };
          if ('id' in result) delivered.push({ mail, providerId: result.id });
          return 'id' in result ? true : failed(mail, result.error, retryAt(mail.attempts), true);
        }),
      );
      await sent(delivered);
      return outcomes;
    }
    if (answer.alreadySent) {
      log({ level: 'warn', msg: 'mail batch was accepted before; its mails count as sent', batchKey: key, error: answer.error });
      return sent(mails.map((mail) => ({ mail, providerId: `onbekend (${key})` })));
    }
    // No answer: the batch goes again whole, together, when its slowest mail's backoff is over.
    const at = retryAt(Math.max(...mails.map((m) => m.attempts)));
    return Promise.all(mails.map((mail) => failed(mail, answer.error, at, false)));
  }

  /** The due mails as the provider gets them: batches as they were sent before, the rest in new ones. */
  function batchesOf(mails: OutboxMail[]): OutboxMail[][] {
    const earlier = new Map<string, OutboxMail[]>();
    const fresh: OutboxMail[] = [];
    for (const mail of mails) {
      if (!mail.batchKey) fresh.push(mail);
      else if (earlier.has(mail.batchKey)) earlier.get(mail.batchKey)?.push(mail);
      else earlier.set(mail.batchKey, [mail]);
    }
    const batches = [...earlier.values()];
    for (let i = 0; i < fresh.length; i += batchSize) batches.push(fresh.slice(i, i + batchSize));
    return batches;
  }

  return outboxPolling(
    async (stopped) => {
      await nextTurn();
      const due = await outbox.due(batchSize * concurrency, now(), channels);
      if (due.length === 0 || stopped()) return undefined;
      const mails = due.filter((m) => m.channel !== 'sms');
      const texts = due.filter((m) => m.channel === 'sms');
      const [batches, smsResults] = await Promise.all([
        limited(
          batchesOf(mails).map((batch) => () => deliverBatch(batch)),
          concurrency,
        ),
        Promise.all(texts.map(deliverSms)),
      ]);
      return [...batches.flat(), ...smsResults];
    },
    { intervalMs, log, name: 'outbox worker' },
  );
}
