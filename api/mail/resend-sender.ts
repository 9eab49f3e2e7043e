/**
 * The real Resend SDK as the outbox's mail sender. Resend answers { data, error } and does not
 * throw; the idempotency key makes a retried send return the first result instead of a second mail.
 */
import { Resend } from 'resend';
import type { MailSender } from './outbox-worker.ts';

export function resendSender(options: { apiKey: string; baseUrl: string; from: string }): MailSender {
  const resend = new Resend(options.apiKey, { baseUrl: options.baseUrl.replace(/\/$/, '') });
  return async (mail) => {
    const { data, error } = await resend.emails.send(
      { from: options.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, headers: mail.headers ?? {} },
      { idempotencyKey: mail.idempotencyKey },
    );
    if (error || !data) return { error: error ? `${error.name}: ${error.message}` : 'leeg antwoord' };
    return { id: data.id };
  };
}
