/**
 * The legal outer term for electricity (Netcode elektriciteit art. 8.11, ACM decision of 8 June
 * 2023; PRODUCT.md): for connections up to 3×80 A it passes a number of weeks after submission,
 * one for a new connection or a change with groundwork and a shorter one for a change without.
 * The weeks are facts kept in one place, `wettelijkeTermijn` in content/doorlooptijden.yaml,
 * which the site explains too. The customer may ask for, or agree to, a later date: then that
 * date counts. Congestion is not in the messages, so the page names it as the one exception
 * without claiming it.
 */
import { addDays, dutchDate, type IsoDate, mondayOfIsoWeek } from './calendar.ts';
import type { LegalTermWeeks } from './content.ts';
import { activeWorkOrders, isDelivered, type RequestState } from './request-state.ts';

/** Past the term: a planned or expected start after it, or the term gone by without delivery. */
export type LegalTermOverrun = {
  /** The planned start (firm date, else the provisional week's Monday) when it lies after the term. */
  plannedStart?: IsoDate;
  /** With nothing planned: the start of the expected window when even that lies after the term. */
  expectedStart?: IsoDate;
  /** The term (or the customer's later date) has gone by and the connection is not delivered. */
  passed: boolean;
};

export type LegalTerm = {
  weeks: number;
  until: IsoDate;
  /** A date after `until` that the customer asked for (wish date) or agreed to (a message says so). */
  customerDate?: IsoDate;
  overrun: LegalTermOverrun | null;
};

/** The term itself (its weeks from content/doorlooptijden.yaml): only for an aanvraag with an active electricity opdracht. */
export function legalTermOf(state: RequestState, terms: LegalTermWeeks): { weeks: number; until: IsoDate } | undefined {
  const hasElectricity = activeWorkOrders(state).some((w) => w.discipline === 'elektra');
  if (!hasElectricity || !state.submittedAt || !state.kind) return undefined;
  const weeks = state.kind === 'wijziging_zonder_graafwerk' ? terms.withoutGroundwork : terms.withGroundwork;
  return { weeks, until: addDays(dutchDate(state.submittedAt), weeks * 7) };
}

/** The latest date the customer asked for or agreed to, when it lies after the legal term. */
export function customerLaterDate(state: RequestState, until: IsoDate): IsoDate | undefined {
  const dates = [state.planning.wishDate, state.planning.customerAgreedDate].filter((d): d is IsoDate => !!d);
  const latest = dates.sort().at(-1);
  return latest && latest > until ? latest : undefined;
}

/** The date that counts: the legal term, or the customer's own later date. */
export function termDeadline(term: Pick<LegalTerm, 'until' | 'customerDate'>): IsoDate {
  return term.customerDate && term.customerDate > term.until ? term.customerDate : term.until;
}

/**
 * Whether the term is overrun on `today`. A delivered or cancelled aanvraag is not watched any
 * more; `expectedStart` only counts when nothing is planned.
 */
export function legalTermOverrun(
  term: Pick<LegalTerm, 'until' | 'customerDate'>,
  facts: { plannedStart?: IsoDate; expectedStart?: IsoDate; today: IsoDate; closed: boolean },
): LegalTermOverrun | null {
  if (facts.closed) return null;
  const deadline = termDeadline(term);
  const passed = facts.today > deadline;
  const plannedStart = facts.plannedStart && facts.plannedStart > deadline ? facts.plannedStart : undefined;
  const expectedStart =
    !facts.plannedStart && facts.expectedStart && facts.expectedStart > deadline ? facts.expectedStart : undefined;
  if (!passed && !plannedStart && !expectedStart) return null;
  return { ...(plannedStart && { plannedStart }), ...(expectedStart && { expectedStart }), passed };
}

/** The planned start of an aanvraag: the firm date, else the Monday of the provisional week. */
export function plannedStart(planning: RequestState['planning']): IsoDate | undefined {
  return planning.confirmedStart?.date ?? (planning.provisionalWeek && mondayOfIsoWeek(planning.provisionalWeek));
}

/** The term of an aanvraag on `today`, watched against its planned start. */
export function legalTerm(state: RequestState, terms: LegalTermWeeks, today: IsoDate): LegalTerm | undefined {
  const term = legalTermOf(state, terms);
  if (!term) return undefined;
  const customerDate = customerLaterDate(state, term.until);
  const withCustomer = { ...term, ...(customerDate && { customerDate }) };
  const start = plannedStart(state.planning);
  const closed = !!state.cancelledAt || isDelivered(state);
  return {
    ...withCustomer,
    overrun: legalTermOverrun(withCustomer, { ...(start && { plannedStart: start }), today, closed }),
  };
}
