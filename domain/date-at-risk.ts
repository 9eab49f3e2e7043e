/**
 * "Planning in gevaar" (issue 15 item 3): a firm start date with an open blocker, within N working
 * days of that date, so that the contractor calls the customer before the date slips rather than
 * after. The blockers are what the messages report: an active stagnation, a work folder, permit or
 * soil survey reported missing (preparation_reported), a quote not yet accepted. Which blockers an
 * aanvraag has does not depend on today (blockersOf, kept with the dashboard's facts); whether its
 * date is at risk does (dateAtRisk). N is set per organisation by its admin (alert-settings.ts).
 */
import { addWorkingDays, type IsoDate, workingDaysBetween } from './calendar.ts';
import { DISCIPLINE_NAMES, type Discipline, type PreparationItem, type StagnationCause } from './messages.ts';
import { activeWorkOrders, isDelivered, type RequestState } from './request-state.ts';

export type Blocker =
  | { kind: 'stagnatie'; cause: StagnationCause; reason: string }
  | { kind: PreparationItem }
  | { kind: 'offerte'; discipline: Discipline };

/** The firm start date and what stands in its way, as far as they do not depend on today. */
export type StartBlockers = { firmStart: IsoDate | undefined; blockers: Blocker[] };

/** The firm start date of a running aanvraag, and its open blockers in a fixed order. */
export function blockersOf(state: RequestState): StartBlockers {
  if (state.cancelledAt || isDelivered(state)) return { firmStart: undefined, blockers: [] };
  const blockers: Blocker[] = [];
  for (const s of state.stagnations) if (!s.liftedAt) blockers.push({ kind: 'stagnatie', cause: s.cause, reason: s.reason });
  for (const item of ['werkmap', 'vergunning', 'bodemonderzoek'] as const) {
    if (state.preparation?.[item]?.missing) blockers.push({ kind: item });
  }
  for (const w of activeWorkOrders(state)) {
    // A quote is needed (or was sent) and the customer has not accepted it: the work cannot go ahead.
    if ((w.quoteRequired || w.quote?.sentAt) && w.quote?.decision !== 'accepted') {
      blockers.push({ kind: 'offerte', discipline: w.discipline });
    }
  }
  return { firmStart: state.planning.confirmedStart?.date, blockers };
}

export type DateAtRisk = { date: IsoDate; workingDaysLeft: number; blockers: Blocker[] };

/**
 * The rule: at risk when there is a firm start date from today up to and including `days` working
 * days ahead, and at least one blocker. A date already passed is no longer "at risk" but late.
 */
export function dateAtRisk({ firmStart, blockers }: StartBlockers, today: IsoDate, days: number): DateAtRisk | undefined {
  if (!firmStart || blockers.length === 0) return undefined;
  if (firmStart < today || firmStart > addWorkingDays(today, days)) return undefined;
  return { date: firmStart, workingDaysLeft: workingDaysBetween(today, firmStart), blockers };
}

const CAUSES: Record<'nl' | 'en', Record<StagnationCause, string>> = {
  nl: { klant: 'bij de klant', netbeheerder: 'bij de netbeheerder', derde: 'bij een derde' },
  en: { klant: 'with the customer', netbeheerder: 'with the grid operator', derde: 'with a third party' },
};
const MISSING: Record<'nl' | 'en', Record<PreparationItem, string>> = {
  nl: { werkmap: 'werkmap ontbreekt', vergunning: 'vergunning ontbreekt', bodemonderzoek: 'bodemonderzoek ontbreekt' },
  en: { werkmap: 'work folder missing', vergunning: 'permit missing', bodemonderzoek: 'soil survey missing' },
};

/** A blocker in words, for the werklijst, the aanvraag page and the digest mail. */
export function blockerInWords(blocker: Blocker, lang: 'nl' | 'en' = 'nl'): string {
  switch (blocker.kind) {
    case 'stagnatie':
      return lang === 'nl'
        ? `stagnatie ${CAUSES.nl[blocker.cause]}: ${blocker.reason}`
        : `on hold ${CAUSES.en[blocker.cause]}: ${blocker.reason}`;
    case 'offerte': {
      const discipline = DISCIPLINE_NAMES[lang][blocker.discipline].toLowerCase();
      return lang === 'nl' ? `offerte ${discipline} niet getekend` : `${discipline} quote not signed`;
    }
    default:
      return MISSING[lang][blocker.kind];
  }
}
