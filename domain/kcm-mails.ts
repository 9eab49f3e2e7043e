/**
 * The mails to the applicant that a change of an aanvraag causes, per contact moment of the
 * customer-contact process (seed 000, PRODUCT.md). Pure: judged on what the customer saw before
 * a batch and the state after it; ./mails-after-a-batch.ts applies them to a batch, so a message
 * that arrives late and changes nothing the customer sees mails nothing, and a mail always shows
 * the state after the whole replay.
 *
 * | KCM            | what is mailed                                                 | kind          |
 * | -------------- | -------------------------------------------------------------- | ------------- |
 * | A              | the aanvraag is confirmed right after it is submitted          | aanvraag      |
 * | B, 1, 2, 3, …  | every logged contact is confirmed in the standard form         | contactmoment |
 * | 1a             | every shift in the planning is confirmed                       | planning      |
 * | C              | the delivery, once every opdracht has its TG message           | oplevering    |
 * | 4              | the eindmeting invitation (its rules: domain/eindmeting.ts)    | eindmeting    |
 */
import type { LoggedMessage } from './messages.ts';
import { isDelivered, type RequestState } from './request-state.ts';

export type KcmMail = 'aanvraag' | 'contactmoment' | 'planning' | 'oplevering' | 'eindmeting';

/** What the customer chose to be mailed about an aanvraag. */
export type NotificationMode = 'alles' | 'planning' | 'niets';

/** The part of an aanvraag's state its mails are about: taken before a batch, compared after. */
export type CustomerView = { delivered: boolean; planning: string };

export function customerView(state: RequestState): CustomerView {
  return { delivered: isDelivered(state), planning: plannedDates(state) };
}

/** The dates the planning mail shows: start (firm or provisional week), inspection, wish date. */
function plannedDates({ planning: p }: RequestState): string {
  const start = p.confirmedStart ? `${p.confirmedStart.date} ${p.confirmedStart.part}` : '';
  const inspection = p.inspection && !p.inspection.doneAt ? `${p.inspection.date} ${p.inspection.part}` : '';
  return `${start}|${p.provisionalWeek ?? ''}|${inspection}|${p.wishDate ?? ''}`;
}

/** KCM A: the portal confirms every aanvraag as soon as it is submitted. */
export function kcmAConfirmsRequest(m: LoggedMessage): boolean {
  return m.type === 'request_submitted';
}

/** KCM B, 1, 2, 3 (and the optional ones): "every contact is logged … and confirmed to the customer by mail". */
export function kcmContactConfirmation(m: LoggedMessage): boolean {
  return m.type === 'contact_logged';
}

/**
 * KCM 1a: "every shift in planning is called and confirmed by mail" — a shift the customer can
 * see. A planning message that arrives after a later one has replaced its dates shifts nothing.
 */
export function kcm1aPlanningShifted(m: LoggedMessage, before: CustomerView, after: CustomerView): boolean {
  return movesPlanning(m) && before.planning !== after.planning;
}

/** Messages that move a date the planning mail shows. */
export function movesPlanning(m: LoggedMessage): boolean {
  return m.type === 'planning_changed' || m.type === 'inspection_planned';
}

/** KCM C: the delivery is confirmed when the last active opdracht gets its TG message. */
export function kcmCJustDelivered(before: CustomerView, after: CustomerView): boolean {
  return !before.delivered && after.delivered;
}

/** "Alles" is every mail; "planning" is planning shifts and the delivery; "niets" is none. Sign-in codes always go. */
export function wanted(kind: KcmMail | 'inlogcode', mode: NotificationMode): boolean {
  if (kind === 'inlogcode') return true;
  if (mode === 'niets') return false;
  if (mode === 'planning') return kind === 'planning' || kind === 'oplevering';
  return true;
}
