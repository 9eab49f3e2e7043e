/**
 * Delivers the outbox: due mails go to the provider with their idempotency key, so a retry after
 * a timeout never sends a mail twice. Failures back off exponentially; after MAX_ATTEMPTS the mail
 * is marked failed and logged.
 */
import type { OutboxMail, OutboxStore } from '../data/store.ts';
import type { Logger } from '../http/logger.ts';

export type SendResult = { id: string } | { error: string };
/** The mail provider as the worker sees it (Resend in production, see resend-sender.ts). */
export type MailSender = (mail: OutboxMail) => Promise<SendResult>;
/** The SMS provider as the worker sees it (api/mail/sms-sender.ts): `to` in E.164, `text` as the body. */
export type SmsSender = (sms: OutboxMail) => Promise<SendResult>;

export const MAX_ATTEMPTS = 10;

export type OutboxWorkerOptions = {
  outbox: OutboxStore;
  send: MailSender;
  /** Without it, SMS wait in the outbox until an SMS provider is configured. */
  sms?: SmsSender;
  log: Logger;
  intervalMs?: number;
  timeoutMs?: number;
  batchSize?: number;
  /** Delay before attempt n+1: 2^n seconds, at most an hour. */
  backoffMs?: (attempts: number) => number;
  now?: () => Date;
};

export function startOutboxWorker(options: OutboxWorkerOptions) {
  const { outbox, send, sms, log, intervalMs = 1000, timeoutMs = 10_000, batchSize = 20, now = () => new Date() } = options;
  const backoffMs = options.backoffMs ?? ((attempts: number) => Math.min(2 ** attempts * 1000, 3_600_000));
  const channels = sms ? (['email', 'sms'] as const) : (['email'] as const);
  let running: Promise<number> | undefined;
  let stopped = false;

  async function deliver(mail: OutboxMail): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SendResult>((resolve) => {
      timer = setTimeout(() => resolve({ error: `geen antwoord binnen ${timeoutMs} ms` }), timeoutMs);
    });
    const sender = mail.channel === 'sms' && sms ? sms : send;
    const result = await Promise.race([sender(mail).catch((e: Error) => ({ error: e.message })), timeout]);
    clearTimeout(timer);
    if ('id' in result) {
      await outbox.markSent(mail.id, result.id, now());
      log({ level: 'debug', msg: 'mail sent', kind: mail.kind, outboxId: mail.id });
      return true;
    }
    if (mail.attempts + 1 >= MAX_ATTEMPTS) {
      await outbox.markFailed(mail.id, result.error);
      log({ level: 'error', msg: 'mail failed for good', kind: mail.kind, outboxId: mail.id, error: result.error });
    } else {
      await outbox.markRetry(mail.id, result.error, new Date(now().getTime() + backoffMs(mail.attempts)));
      log({ level: 'warn', msg: 'mail delivery failed, will retry', kind: mail.kind, outboxId: mail.id, error: result.error });
    }
    return false;
  }

  /** Delivers everything that is due now; returns how many were sent. One run at a time. */
  function drain(): Promise<number> {
    running ??= (async () => {
      let sent = 0;
      try {
        for (;;) {
          const due = await outbox.due(batchSize, now(), channels);
          if (due.length === 0 || stopped) break;
          const results = await Promise.all(due.map(deliver));
          sent += results.filter(Boolean).length;
          if (results.every((ok) => !ok)) break;
        }
      } finally {
        running = undefined;
      }
      return sent;
    })();
    return running;
  }

  const timer = setInterval(() => {
    drain().catch((error: Error) => log({ level: 'error', msg: 'outbox worker error', error: error.message }));
  }, intervalMs);
  timer.unref();

  return {
    drain,
    /** Stops polling and waits for the run in progress. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
