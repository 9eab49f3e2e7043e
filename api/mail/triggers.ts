/**
 * Which mails a message causes, and which of them the customer wants. Pure: the store calls it
 * inside the transaction that applies the message (the transactional outbox).
 */
import type { LoggedMessage } from '../../domain/messages.ts';
import { isDelivered, type RequestState } from '../../domain/request-state.ts';
import type { NotificationMode } from '../data/store.ts';
import type { MailKind } from './templates.ts';

export function mailKindsFor(m: LoggedMessage, deliveredBefore: boolean, after: RequestState): MailKind[] {
  switch (m.type) {
    case 'request_submitted':
      return ['aanvraag'];
    case 'contact_logged':
      return ['contactmoment'];
    case 'planning_changed':
    case 'inspection_planned':
      return ['planning'];
    case 'work_order_completed':
    case 'work_order_cancelled':
      return !deliveredBefore && isDelivered(after) ? ['oplevering'] : [];
    default:
      return [];
  }
}

/** "Alles" is every change; "planning" is planning changes and the delivery; "niets" is none. */
export function wanted(kind: MailKind, mode: NotificationMode): boolean {
  if (kind === 'inlogcode') return true;
  if (mode === 'niets') return false;
  if (mode === 'planning') return kind === 'planning' || kind === 'oplevering';
  return true;
}
