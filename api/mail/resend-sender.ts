/**
 * The real Resend SDK as the outbox's mail sender: a batch of mails in one request
 * (`resend.batch.send`, POST /emails/batch) with the batch's idempotency key, so a batch sent again
 * returns the first result instead of second mails. Permissive validation: Resend accepts the
 * valid mails of a batch and names the others by index, so one bad mail does not hold back the
 * rest. Resend answers { data, error } and does not throw.
 */
import { Resend } from 'resend';
import type { MailSender, SendResult } from './outbox-worker.ts';

export function resendSender(options: { apiKey: string; baseUrl: string; from: string }): MailSender {
  const resend = new Resend(options.apiKey, { baseUrl: options.baseUrl.replace(/\/$/, '') });
  return async (mails, batchKey) => {
    const { data, error } = await resend.batch.send(
      mails.map((mail) => ({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: mail.headers ?? {},
      })),
      { idempotencyKey: batchKey, batchValidation: 'permissive' },
    );
    if (error || !data) {
      return {
        error: error ? `${error.name}: ${error.message}` : 'leeg antwoord',
        alreadySent: error?.name === 'invalid_idempotent_request',
      };
    }
    // `data` holds the accepted mails in order; `errors` the refused ones by their index.
    const refused = new Map((data.errors ?? []).map((e) => [e.index, e.message]));
    const ids = data.data.values();
    return {
      results: mails.map((_, i): SendResult => {
        const refusal = refused.get(i);
        if (refusal !== undefined) return { error: `geweigerd: ${refusal}` };
        const id = ids.next().value?.id;
        return id ? { id } : { error: 'geen id in het antwoord' };
      }),
    };
  };
}
