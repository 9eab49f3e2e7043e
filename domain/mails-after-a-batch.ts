/**
 * Which mails to the applicant a batch of messages about one aanvraag causes, and in what order.
 * Decided from what the customer saw before the batch and the state after all of it (replay
 * included), never message by message: messages arrive late and out of order (a contractor's
 * backlog, a system catching up), and a mail per message described half-built states — seen:
 * "opgeleverd" and the eindmeting first, then three planning mails, one naming a step from weeks
 * earlier (issue 13).
 *
 * - A mail about a state says how things stand after the batch, once: at most one planning mail,
 *   however many planning messages came, and none when nothing the customer sees changed.
 * - A mail about an event that is already superseded is not sent: no planning mail once the
 *   aanvraag is delivered or cancelled (the oplevering, or nothing, is the news), no confirmation
 *   of a submission that was cancelled or delivered within the same batch.
 * - A logged contact happened, whatever came after it: it is confirmed (KCM B, 1, 2, 3).
 * - Mails go in the order the events happened, the eindmeting right after the oplevering.
 *
 * The contact moments themselves (what each KCM is) are in ./kcm-mails.ts; the eindmeting's own
 * rules in ./eindmeting.ts.
 */
import {
  type CustomerView,
  customerView,
  type KcmMail,
  kcm1aPlanningShifted,
  kcmAConfirmsRequest,
  kcmCJustDelivered,
  kcmContactConfirmation,
  movesPlanning,
} from './kcm-mails.ts';
import { compareMessages, type LoggedMessage } from './messages.ts';
import type { RequestState } from './request-state.ts';

/** A mail to send, with the message that causes it (its place in the log keys the mail). */
export type BatchMail<M extends LoggedMessage = LoggedMessage> = { kind: KcmMail; cause: M };

export function mailsAfterBatch<M extends LoggedMessage>(batch: {
  /** What the customer saw before the batch (the stored state's view). */
  before: CustomerView;
  /** The state after every message of the batch. */
  after: RequestState;
  /** The batch's accepted messages about this aanvraag, in any order. */
  added: readonly M[];
}): BatchMail<M>[] {
  const { before, after } = batch;
  const view = customerView(after);
  const closed = view.delivered || !!after.cancelledAt;
  const added = [...batch.added].sort(compareMessages);
  const mails: BatchMail<M>[] = [];
  for (const m of added) {
    if (kcmAConfirmsRequest(m) && !closed) mails.push({ kind: 'aanvraag', cause: m });
    if (kcmContactConfirmation(m)) mails.push({ kind: 'contactmoment', cause: m });
  }
  // KCM 1a: one mail with the planning as it now stands, caused by the batch's last planning message.
  const lastPlanning = added.findLast(movesPlanning);
  if (lastPlanning && !closed && kcm1aPlanningShifted(lastPlanning, before, view))
    mails.push({ kind: 'planning', cause: lastPlanning });
  // KCM C and 4: the oplevering, caused by the TG message that completed it, then the eindmeting.
  if (kcmCJustDelivered(before, view)) {
    const cause = added.findLast((m) => m.type === 'work_order_completed') ?? (added.at(-1) as M);
    mails.push({ kind: 'oplevering', cause }, { kind: 'eindmeting', cause });
  }
  // In the order the events happened (a stable sort: the eindmeting stays right after the oplevering).
  return mails.sort((a, b) => compareMessages(a.cause, b.cause));
}
