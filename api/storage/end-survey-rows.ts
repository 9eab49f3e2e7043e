/** End-survey invitations (EndSurveyStore) from rows to records, for both databases. */
import { dutchDate } from '../../domain/calendar.ts';
import type { EndSurveyRecord } from './store.ts';

/**
 * The oplevering an invitation was about, as the 90-day rule counts it: its Dutch date, or for an
 * invitation made before that date was kept, the Dutch date it was made.
 */
export const invitedDelivery = (row: { deliveredOn: string | null; createdAt: string | Date }): string =>
  row.deliveredOn ?? dutchDate(row.createdAt);

type InvitationRow = Omit<EndSurveyRecord, 'requestNumber' | 'contractor' | 'createdAt' | 'expiresAt' | 'usedAt'> & {
  createdAt: string;
  expiresAt: string | null;
  usedAt: string | null;
};

/** An invitation row with its aanvraag's number and its contractor's code (null when none). */
export const toEndSurvey = (i: InvitationRow, requestNumber: string, contractor: string | null): EndSurveyRecord => ({
  id: i.id,
  requestNumber,
  email: i.email,
  contractor,
  trigger: i.trigger,
  status: i.status,
  skipReason: i.skipReason,
  secretHash: i.secretHash,
  createdAt: new Date(i.createdAt),
  expiresAt: i.expiresAt ? new Date(i.expiresAt) : null,
  usedAt: i.usedAt ? new Date(i.usedAt) : null,
});
