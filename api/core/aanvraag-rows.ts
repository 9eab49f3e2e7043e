/**
 * What storage keeps beside the message log: the queryable rows of one message (its planning
 * changes, contact moment, stagnation event) and of an aanvraag's folded state (its phase, dates,
 * person columns and opdrachten). Pure: the rules come from domain/, the rows go to storage.
 */
import type { Message } from '../../domain/messages.ts';
import { deliveredAt, type PlanningField, type RequestState } from '../../domain/request-state.ts';
import { requestPhase, workOrderStatus } from '../../domain/status.ts';
import { actualStart } from '../../domain/window-calibration.ts';
import type { AanvraagRow, Projection } from '../storage/contract.ts';

/** Rows that follow from one message alone, so they never change when later messages arrive. */
export function projectionsOf(m: Message): Projection[] {
  const planning = (field: PlanningField, value: string, reason: string, staffName?: string): Projection => ({
    kind: 'planning',
    field,
    value,
    staffName: staffName ?? null,
    at: m.occurredAt,
    reason,
  });
  switch (m.type) {
    case 'request_submitted':
      return m.wishDate ? [planning('wishDate', m.wishDate, 'wensdatum bij de aanvraag')] : [];
    case 'planning_changed': {
      const rows: Projection[] = [];
      if (m.wishDate) rows.push(planning('wishDate', m.wishDate, m.reason, m.staffName));
      if (m.provisionalWeek) rows.push(planning('provisionalWeek', m.provisionalWeek, m.reason, m.staffName));
      if (m.confirmedStart)
        rows.push(planning('confirmedStart', `${m.confirmedStart.date} ${m.confirmedStart.part}`, m.reason, m.staffName));
      return rows;
    }
    case 'inspection_planned':
      return [planning('inspection', `${m.date} ${m.part}`, 'schouw gepland')];
    case 'contact_logged':
      return [
        {
          kind: 'contact',
          code: m.contactMoment,
          channel: m.channel,
          at: m.occurredAt,
          staffName: m.staffName,
          spokeWith: m.spokeWith,
          subject: m.subject,
          summary: m.summary,
        },
      ];
    case 'stagnation_reported':
      return [{ kind: 'stagnation', event: 'reported', cause: m.cause, reason: m.reason, at: m.occurredAt }];
    case 'stagnation_lifted':
      return [{ kind: 'stagnation', event: 'lifted', cause: null, reason: m.note ?? null, at: m.occurredAt }];
    default:
      return [];
  }
}

/** The folded state with its queryable columns, written once per aanvraag per batch. */
export function aanvraagRow(state: RequestState, now: Date): AanvraagRow {
  return {
    number: state.number,
    combi: state.combi ?? null,
    kind: state.kind ?? null,
    applicantName: state.applicant?.name ?? null,
    applicantEmail: state.applicant?.email.toLowerCase() ?? null,
    applicantPhone: state.applicant?.phone ?? null,
    street: state.address?.street ?? null,
    houseNumber: state.address?.houseNumber ?? null,
    houseNumberAddition: state.address?.houseNumberAddition ?? null,
    postcode: state.address?.postcode ?? null,
    city: state.address?.city ?? null,
    applicantKvk: state.applicant?.kvk ?? null,
    project: state.project ?? null,
    phase: requestPhase(state),
    submittedAt: state.submittedAt ?? null,
    deliveredAt: deliveredAt(state) ?? null,
    startsOn: actualStart(state) ?? null,
    cancelledAt: state.cancelledAt ?? null,
    lastOccurredAt: state.lastKey?.occurredAt ?? null,
    updatedAt: now.toISOString(),
    state,
    workOrders: state.workOrders.map((wo) => ({
      externalId: wo.id,
      discipline: wo.discipline,
      gridOperator: wo.gridOperator,
      contractor: wo.contractor ?? null,
      status: workOrderStatus(wo, state),
      quickscanAt: wo.quickscanAt ?? null,
      quoteSentAt: wo.quote?.sentAt ?? null,
      quoteDecision: wo.quote?.decision ?? null,
      handedToCombiAt: wo.handedToCombiAt ?? null,
      completedAt: wo.completedAt ?? null,
      cancelledAt: wo.cancelledAt ?? null,
    })),
  };
}
