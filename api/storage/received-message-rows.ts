/** Parked and logged messages as the sender's look-up (ReceivedMessageStore) returns them: the same on both databases. */
import type { ReceivedMessage } from '../data/store.ts';

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
