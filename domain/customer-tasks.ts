/**
 * What the customer must do, with the date it must be done by: decide on a quote, solve what
 * their side holds up, have the meter cupboard ready, be home for the inspection.
 */
import { addWorkingDays, mondayOfIsoWeek } from './calendar.ts';
import type { OrganisationLookup } from './next-step.ts';
import { activeWorkOrders, isDelivered, type RequestState } from './request-state.ts';

export type CustomerTask = {
  task: 'offerte' | 'stagnatie' | 'meterkast' | 'schouw' | 'aanwezig';
  /** What the sentence needs: the page says it in the customer's language. */
  params: { organisation?: string; discipline?: string; reason?: string };
  /** The date it must be done by or happens on; firm when agreed, indicative otherwise. */
  dueDate?: string;
  firm: boolean;
};

export function customerTasks(state: RequestState, organisations: OrganisationLookup): CustomerTask[] {
  if (!state.submittedAt || state.cancelledAt || isDelivered(state)) return [];
  const name = (code: string) => organisations(code)?.name ?? code;
  const tasks: CustomerTask[] = [];
  for (const wo of activeWorkOrders(state)) {
    if (wo.quote?.sentAt && !wo.quote.decision) {
      tasks.push({
        task: 'offerte',
        params: { organisation: name(wo.gridOperator), discipline: wo.discipline },
        ...(wo.quote.validUntil && { dueDate: wo.quote.validUntil }),
        firm: !!wo.quote.validUntil,
      });
    }
  }
  const stagnation = state.stagnations.find((s) => !s.liftedAt && s.cause === 'klant');
  if (stagnation) tasks.push({ task: 'stagnatie', params: { reason: stagnation.reason }, firm: false });

  const { planning } = state;
  const inCombi = activeWorkOrders(state).some((w) => w.handedToCombiAt);
  if (inCombi) {
    const start = planning.confirmedStart?.date;
    const week = planning.provisionalWeek;
    const readyBy = start ? addWorkingDays(start, -1) : week ? mondayOfIsoWeek(week) : undefined;
    tasks.push({
      task: 'meterkast',
      params: {},
      ...(readyBy && { dueDate: readyBy }),
      firm: !!start,
    });
  }
  if (planning.inspection && !planning.inspection.doneAt) {
    tasks.push({ task: 'schouw', params: {}, dueDate: planning.inspection.date, firm: true });
  }
  if (planning.confirmedStart) {
    tasks.push({
      task: 'aanwezig',
      params: {},
      dueDate: planning.confirmedStart.date,
      firm: true,
    });
  }
  return tasks.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
}
