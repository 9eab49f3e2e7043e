/**
 * Messages that arrive before their aanvraag are parked, not refused: held until request_submitted
 * applies them in the order received, or until they expire (docs/decisions/0034-parked-messages.md).
 * Pure: what a parked message's result is at a moment.
 */

/** How long a message waits for its aanvraag unless PARKED_MESSAGE_DAYS says otherwise. */
export const DEFAULT_PARKED_MESSAGE_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;

/** The moment a message parked at `receivedAt` stops waiting. */
export function parkedUntil(receivedAt: Date, days: number): Date {
  return new Date(receivedAt.getTime() + days * DAY_MS);
}

/**
 * How long a parked message's row stays after it stopped waiting, so the sender can still read
 * what became of it; then the retention job deletes it (its body can hold names).
 */
export const PARKED_KEPT_DAYS = 30;

/** Parked rows that stopped waiting before this moment are deleted. */
export function parkedPurgeBefore(now: Date): Date {
  return new Date(now.getTime() - PARKED_KEPT_DAYS * DAY_MS);
}

/** What became of a parked message, as the sender sees it. */
export type ParkedResult = 'geparkeerd' | 'accepted' | 'rejected' | 'verlopen';

/** The per-message status of each result: waiting is 202 Accepted, expired 410 Gone. */
export const PARKED_STATUS = { geparkeerd: 202, verlopen: 410 } as const;

/**
 * The result of a parked message at `now`: what was recorded when its aanvraag arrived, else
 * waiting until it expires. An expired message is never applied, also when its aanvraag arrives
 * later (the sender sends it again with a new id).
 */
export function parkedResult(
  parked: { result: 'accepted' | 'rejected' | 'verlopen' | null; expiresAt: string },
  now: Date,
): ParkedResult {
  if (parked.result) return parked.result;
  return Date.parse(parked.expiresAt) <= now.getTime() ? 'verlopen' : 'geparkeerd';
}

/** The text of an expired parked message: the same whatever the reason it was never applied. */
export function expiredText(requestNumber: string, expiresAt: string): string {
  return `het bericht is verlopen zonder te zijn toegepast: aanvraag ${requestNumber} is niet vóór ${expiresAt} binnengekomen, of uw organisatie is er niet bij betrokken. Stuur het zo nodig opnieuw met een nieuw id.`;
}
