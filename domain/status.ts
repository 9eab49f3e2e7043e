/**
 * The status of an aanvraag as organisations (and later the customer) see it: phase, status per
 * discipline, planning with its precision and history, the one contact person, stagnation and
 * the next step. Derived from the folded state at the moment of asking.
 */
import { dutchDate, workingWeek } from './calendar.ts';
import type { Content } from './content.ts';
import type { Phase } from './content-schema.ts';
import { legalTerm, termDeadline } from './legal-term.ts';
import { type OrganisationLookup, openSteps } from './next-step.ts';
import {
  activeWorkOrders,
  deliveredAt,
  isDelivered,
  type PlanningChange,
  type RequestState,
  type TimelineEvent,
  type WorkOrderState,
} from './request-state.ts';
import type { RequestStatus, WORK_ORDER_STATUS_IDS } from './status-schema.ts';

export const WORK_ORDER_STATUSES: Record<(typeof WORK_ORDER_STATUS_IDS)[number], string> = {
  ingediend: 'Aanvraag ontvangen',
  quickscan: 'Quickscan gedaan',
  offerte_verstuurd: 'Offerte verstuurd',
  offerte_geaccepteerd: 'Offerte geaccepteerd',
  offerte_afgewezen: 'Offerte afgewezen',
  mee_in_combi: 'Bij de aannemer',
  ingepland: 'Ingepland',
  gereed: 'Gereed',
  geannuleerd: 'Geannuleerd',
};
export type WorkOrderStatus = keyof typeof WORK_ORDER_STATUSES;

export function workOrderStatus(wo: WorkOrderState, state: RequestState): WorkOrderStatus {
  if (wo.cancelledAt || state.cancelledAt) return 'geannuleerd';
  if (wo.completedAt) return 'gereed';
  if (wo.handedToCombiAt) return state.planning.confirmedStart ? 'ingepland' : 'mee_in_combi';
  if (wo.quote?.decision === 'accepted') return 'offerte_geaccepteerd';
  if (wo.quote?.decision === 'rejected') return 'offerte_afgewezen';
  if (wo.quote?.sentAt) return 'offerte_verstuurd';
  if (wo.quickscanAt) return 'quickscan';
  return 'ingediend';
}

function workOrderPhase(status: WorkOrderStatus, state: RequestState): Phase {
  switch (status) {
    case 'gereed':
      return 'nazorg';
    case 'ingepland':
      return 'leveren';
    case 'mee_in_combi':
      return state.planning.provisionalWeek || state.contactMoments.some((c) => c.code === '1') ? 'voorbereiden' : 'bestellen';
    default:
      return 'bestellen';
  }
}

const PHASE_ORDER: Phase[] = ['orienteren', 'bestellen', 'voorbereiden', 'leveren', 'nazorg'];

/** The phase of the aanvraag: that of its least advanced active opdracht. */
export function requestPhase(state: RequestState): Phase {
  if (!state.submittedAt) return 'orienteren';
  if (isDelivered(state)) return 'nazorg';
  const phases = activeWorkOrders(state)
    .filter((w) => !w.completedAt)
    .map((w) => workOrderPhase(workOrderStatus(w, state), state));
  if (phases.length === 0) return 'bestellen';
  return PHASE_ORDER[Math.min(...phases.map((p) => PHASE_ORDER.indexOf(p)))] as Phase;
}

export function requestStatus(
  state: RequestState,
  content: Content,
  organisations: OrganisationLookup,
  now: Date,
): RequestStatus {
  const phase = requestPhase(state);
  const org = (code: string) => ({ code, name: organisations(code)?.name ?? code });
  const steps = openSteps(state, content, organisations, now);
  const stagnation = state.stagnations.find((s) => !s.liftedAt);
  const { planning } = state;

  return {
    requestNumber: state.number,
    kind: state.kind,
    combi: state.combi,
    submittedAt: state.submittedAt,
    cancelled: state.cancelledAt ? { at: state.cancelledAt, reason: state.cancelReason } : null,
    deliveredAt: deliveredAt(state) ?? null,
    phase: {
      current: phase,
      name: content.phases.find((p) => p.id === phase)?.naam ?? phase,
      phases: content.phases.map((p) => ({
        id: p.id,
        name: p.naam,
        state:
          PHASE_ORDER.indexOf(p.id) < PHASE_ORDER.indexOf(phase)
            ? 'done'
            : p.id === phase
              ? phase === 'nazorg' && isDelivered(state)
                ? 'done'
                : 'current'
              : 'todo',
      })),
    },
    disciplines: state.workOrders.map((wo) => {
      const status = workOrderStatus(wo, state);
      return {
        workOrderId: wo.id,
        discipline: wo.discipline,
        status,
        statusText: WORK_ORDER_STATUSES[status],
        phase: workOrderPhase(status, state),
        gridOperator: org(wo.gridOperator),
        contractor: wo.contractor ? org(wo.contractor) : null,
        quote: wo.quote ?? null,
        completedAt: wo.completedAt ?? null,
      };
    }),
    planning: {
      wishDate: planning.wishDate ? { date: planning.wishDate, precision: 'wens' as const } : null,
      provisionalWeek: planning.provisionalWeek
        ? {
            week: planning.provisionalWeek,
            ...workingWeek(planning.provisionalWeek),
            precision: 'indicatief' as const,
          }
        : null,
      confirmedStart: planning.confirmedStart ? { ...planning.confirmedStart, precision: 'vast' as const } : null,
      inspection: planning.inspection ? { ...planning.inspection, precision: 'vast' as const } : null,
      history: [...planning.history].reverse().map((h: PlanningChange) => ({ ...h, by: org(h.by) })),
    },
    legalTerm: legalTerm(state, content.legalTermWeeks, dutchDate(now)) ?? null,
    contactPerson: contactPerson(state, organisations),
    stagnation: stagnation ? { cause: stagnation.cause, reason: stagnation.reason, since: stagnation.since } : null,
    nextStep: steps[0] ?? null,
    openSteps: steps,
    contactMoments: [...state.contactMoments].reverse().map((c) => ({ ...c, organisation: org(c.organisation) })),
    timeline: [...state.timeline].reverse().map((e) => ({ ...e, by: org(e.by), actor: timelineActor(e.type) })),
    messageCount: state.messageCount,
    lastUpdate: state.lastKey?.occurredAt ?? null,
  };
}

/**
 * Who did what the timeline says: the customer submits, and accepts or rejects a quote, even
 * though a grid operator's system sends the message; the sender did everything else.
 */
export function timelineActor(type: TimelineEvent['type']): 'klant' | 'afzender' {
  return type === 'request_submitted' || type === 'quote_accepted' || type === 'quote_rejected' ? 'klant' : 'afzender';
}

/** One contact person: the contractor once the work is with the combi, the grid operator before. */
export function contactPerson(state: RequestState, organisations: OrganisationLookup) {
  const active = activeWorkOrders(state);
  const contractor = active.find((w) => w.contractor)?.contractor;
  const code = contractor ?? active[0]?.gridOperator ?? state.workOrders[0]?.gridOperator;
  if (!code) return null;
  const o = organisations(code);
  return {
    organisation: code,
    name: o?.name ?? code,
    role: contractor ? ('aannemer' as const) : ('netbeheerder' as const),
    phone: o?.phone ?? null,
    reachable: contractor ? 'werkdagen 8:00–17:00' : null,
  };
}

/**
 * The last Dutch date on which this status is still right: the earliest due date of a step that
 * is not overdue yet (the day after it, that step turns overdue), or the legal term's last day.
 * Nothing else in it depends on the date of asking.
 */
export function statusValidUntil(status: RequestStatus): string {
  const due = status.openSteps.filter((s) => !s.overdue && s.dueDate).map((s) => s.dueDate as string);
  // The day after the legal term, an aanvraag still open has passed it.
  const term = status.legalTerm;
  if (term && !status.deliveredAt && !status.cancelled && !term.overrun?.passed) due.push(termDeadline(term));
  return due.sort()[0] ?? '9999-12-31';
}
