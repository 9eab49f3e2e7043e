/** Parked and logged messages as the sender's look-up (ReceivedMessageStore) returns them: the same on both databases. */
import type { ReceivedMessage } from './store.ts';

type ParkedColumns = {
  messageId: string;
  requestNumber: string;
  type: string;
  receivedAt: string;
  expiresAt: string;
  resolvedAt: string | null;
  status: number | null;
  result: 'accepted' | 'rejected' | 'verlopen' | null;
  errors: unknown;
};

export function parkedReceived({ messageId, requestNumber, type, receivedAt, ...parked }: ParkedColumns): ReceivedMessage {
  const errors = (parked.errors ?? null) as NonNullable<ReceivedMessage['parked']>['errors'];
  return { messageId, requestNumber, type, receivedAt, parked: { ...parked, errors } };
}

/** Some columns of a table by name, for a select: each database picks them from its own table. */
export function columnsOf<T, K extends keyof T>(table: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, table[k]])) as Pick<T, K>;
}

/** What the sender's look-up reads of a parked row. */
export const PARKED_LOOK_UP = [
  'messageId',
  'requestNumber',
  'type',
  'receivedAt',
  'expiresAt',
  'resolvedAt',
  'status',
  'result',
  'errors',
] as const;

/** What ingestion reads of a waiting parked row (api/storage/ingest-rows.ts `parkedRowOf`). */
export const PARKED_WAITING = [
  'senderId',
  'messageId',
  'requestNumber',
  'type',
  'receivedAt',
  'expiresAt',
  'bodyHash',
  'body',
] as const;
