/**
 * Puts a contact-moment mail (domain/kcm-mails.ts decides which) in the outbox, in the
 * transaction of the message that causes it, with the applicant's two personal links: one to
 * follow the aanvraag, one to unsubscribe (RFC 8058 one-click).
 */
import { DAY_MS } from '../../domain/calendar.ts';
import { type KcmMail, wanted } from '../../domain/kcm-mails.ts';
import type { LoggedMessage } from '../../domain/messages.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { newToken } from '../auth/tokens.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { IngestTransaction } from '../storage/contract.ts';

export type Links = { follow: string; unsubscribe: string };

const FOLLOW_DAYS = 30;
const UNSUBSCRIBE_DAYS = 365;

/** A personal link (a token stored hashed) for one aanvraag and address. */
export async function personalLink(
  tx: IngestTransaction,
  mail: MailComposer,
  link: { requestNumber: string; email: string; purpose: 'volgen' | 'afmelden'; now: Date },
): Promise<string> {
  const token = newToken();
  const days = link.purpose === 'volgen' ? FOLLOW_DAYS : UNSUBSCRIBE_DAYS;
  await tx.addAccessLink({
    id: token.id,
    secretHash: token.secretHash,
    requestNumber: link.requestNumber,
    email: link.email.toLowerCase(),
    purpose: link.purpose,
    expiresAt: new Date(link.now.getTime() + days * DAY_MS),
  });
  return mail.url(`/volg/${link.purpose === 'volgen' ? 'link' : 'afmelden'}/${token.token}`);
}

/** The headers that let mail clients offer unsubscribing in one click (RFC 8058). */
export function unsubscribeHeaders(unsubscribe: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Queues the mail of one contact moment about `state` (the state after the message, replay
 * included), unless the applicant chose not to get it. Keyed by kind and the message's place in
 * the log, so a message causes each mail once.
 */
export async function queueKcmMail(
  tx: IngestTransaction,
  mail: MailComposer,
  cause: { kind: KcmMail; state: RequestState; message: LoggedMessage; seq: number; now: Date },
): Promise<void> {
  const { kind, state, message, seq, now } = cause;
  const email = state.applicant?.email;
  if (!email) return;
  const requestNumber = state.number;
  if (!wanted(kind, await tx.notificationMode(requestNumber, email))) return;
  const links: Links = {
    follow: await personalLink(tx, mail, { requestNumber, email, purpose: 'volgen', now }),
    unsubscribe: await personalLink(tx, mail, { requestNumber, email, purpose: 'afmelden', now }),
  };
  const composed = mail.compose(kind, state, message, links, await tx.customerLanguage(email));
  if (!composed) return;
  await tx.enqueue({
    idempotencyKey: `${kind}:${seq}`,
    kind,
    requestNumber,
    to: email,
    ...composed,
    headers: unsubscribeHeaders(links.unsubscribe),
  });
}
