/**
 * The end survey (eindmeting, seed 001): when every opdracht of an aanvraag has its TG message,
 * the applicant is invited once, naming the contractor who sent the TG messages; the link is valid
 * 14 days. Not when two or more contractors worked on it, not when that e-mail address had an end
 * survey in the last 90 days, and automatically only for combis active in CAPO (the others are
 * triggered by the weekly CSV upload).
 *
 * The 90 days are Dutch calendar days between the opleveringen (the dates in the TG messages),
 * not the moments the server happened to process them: a backlog that arrives in one night must
 * not make two opleveringen months apart look like one day apart, and the hour that summer time
 * gains or loses must not turn 90 days into 89.
 */
import { DAY_MS, dayNumber, dutchDate, type IsoDate } from './calendar.ts';
import { type NotificationMode, wanted } from './kcm-mails.ts';
import { activeWorkOrders, deliveredAt, type RequestState } from './request-state.ts';

export const INVITATION_VALID_DAYS = 14;
export const QUIET_DAYS = 90;

export type EndSurveyTrigger = 'capo' | 'csv';
export type EndSurveySkip =
  | 'niet-opgeleverd'
  | 'geannuleerd'
  | 'geen-e-mailadres'
  | 'meerdere-aannemers'
  | 'recent-gemeten'
  | 'niet-in-capo'
  | 'afgemeld';

export type EndSurveyDecision =
  | { send: true; email: string; contractor: string | undefined; deliveredAt: string; deliveredOn: IsoDate; expiresAt: Date }
  | { send: false; reason: EndSurveySkip; deliveredOn?: IsoDate };

export const SKIP_REASONS: Record<EndSurveySkip, string> = {
  'niet-opgeleverd': 'nog niet alle opdrachten hebben een TG-bericht',
  geannuleerd: 'de aanvraag is geannuleerd',
  'geen-e-mailadres': 'er is geen e-mailadres van de aanvrager',
  'meerdere-aannemers': 'twee of meer aannemers werkten aan de opdrachten',
  'recent-gemeten': `dit e-mailadres kreeg al een eindmeting over een oplevering minder dan ${QUIET_DAYS} dagen hiervoor of hierna`,
  'niet-in-capo': 'de combi is niet actief in CAPO: de eindmeting komt via de wekelijkse CSV-upload',
  afgemeld: 'de aanvrager wil geen e-mails meer over deze aanvraag',
};

/** The contractors who worked on the active opdrachten: the one assigned, or who sent its TG. */
export function contractorsOf(state: RequestState): string[] {
  const tgSenders = new Map(state.timeline.filter((e) => e.type === 'work_order_completed').map((e) => [e.workOrderId, e.by]));
  const names = activeWorkOrders(state)
    .map((w) => w.contractor ?? tgSenders.get(w.id))
    .filter((c): c is string => !!c);
  return [...new Set(names)];
}

/**
 * KCM 4, the eindmeting on oplevering: invite or skip, and why. Every fact it needs comes in as
 * data, read by the caller beforehand (api/core/end-survey-invitation.ts).
 */
export function decideEndSurvey(input: {
  state: RequestState;
  capoActive: boolean;
  trigger: EndSurveyTrigger;
  /** The Dutch dates of the opleveringen the applicant's address (lower case) was invited about before. */
  invitedDeliveries: readonly IsoDate[];
  /** What the applicant chose to be mailed about this aanvraag. */
  notificationMode: NotificationMode;
  now: Date;
}): EndSurveyDecision {
  const { state, capoActive, trigger, invitedDeliveries, notificationMode, now } = input;
  if (state.cancelledAt) return { send: false, reason: 'geannuleerd' };
  const delivered = deliveredAt(state);
  if (!delivered) return { send: false, reason: 'niet-opgeleverd' };
  const deliveredOn = dutchDate(delivered);
  const skip = (reason: EndSurveySkip): EndSurveyDecision => ({ send: false, reason, deliveredOn });
  const email = state.applicant?.email.toLowerCase();
  if (!email) return skip('geen-e-mailadres');
  const contractors = contractorsOf(state);
  if (contractors.length >= 2) return skip('meerdere-aannemers');
  if (trigger === 'capo' && !capoActive) return skip('niet-in-capo');
  if (invitedDeliveries.some((earlier) => withinQuietDays(earlier, deliveredOn))) return skip('recent-gemeten');
  if (!wanted('eindmeting', notificationMode)) return skip('afgemeld');
  return {
    send: true,
    email,
    contractor: contractors[0],
    deliveredAt: delivered,
    deliveredOn,
    // The link's 14 days run from when it is sent, not from the oplevering.
    expiresAt: new Date(now.getTime() + INVITATION_VALID_DAYS * DAY_MS),
  };
}

/**
 * Whether two opleveringen lie fewer than 90 calendar days apart, either way round: a late
 * message may bring an oplevering that happened before one already invited about.
 */
export function withinQuietDays(a: IsoDate, b: IsoDate): boolean {
  return Math.abs(dayNumber(a) - dayNumber(b)) < QUIET_DAYS;
}

/** Whether an invitation link can still be used: before it expires, and only once. */
export function invitationUsable(invitation: { expiresAt: Date; usedAt?: Date | null }, now: Date): boolean {
  return !invitation.usedAt && now.getTime() < invitation.expiresAt.getTime();
}
