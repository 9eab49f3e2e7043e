/**
 * The state of one aanvraag, folded from its messages in their own order (see compareMessages).
 * The fold is pure, so the same messages give the same state whatever order they arrived in:
 * the store replays the log when a message arrives late, and applies it directly otherwise.
 */
import { instantMs, workingWeek } from './calendar.ts';
import {
  type ApplicantKind,
  type ContactMomentCode,
  compareMessages,
  type Discipline,
  type LoggedMessage,
  type MessageKey,
  type PreparationItem,
  type StagnationCause,
} from './messages.ts';

export type DayPart = 'dag' | 'ochtend' | 'middag';
export type RequestKind = 'nieuwe_aansluiting' | 'wijziging_met_graafwerk' | 'wijziging_zonder_graafwerk';

export type QuoteState = {
  sentAt?: string;
  amountCents?: number;
  validUntil?: string;
  decision?: 'accepted' | 'rejected';
  decidedAt?: string;
  reason?: string;
};

export type WorkOrderState = {
  id: string;
  discipline: Discipline;
  gridOperator: string;
  contractor?: string;
  quickscanAt?: string;
  quoteRequired?: boolean;
  quote?: QuoteState;
  handedToCombiAt?: string;
  completedAt?: string;
  cancelledAt?: string;
  cancelReason?: string;
};

export type PlanningField = 'wishDate' | 'provisionalWeek' | 'confirmedStart' | 'inspection';

/** One change of the planning: who set what, when and why. */
export type PlanningChange = {
  field: PlanningField;
  value: string;
  previous?: string;
  by: string;
  staffName?: string;
  at: string;
  reason: string;
};

export type ContactMoment = {
  messageId: string;
  code: ContactMomentCode;
  channel: string;
  at: string;
  organisation: string;
  staffName: string;
  spokeWith: string;
  subject: string;
  summary: string;
};

/** The last report on one item of the preparation (preparation_reported). */
export type PreparationReport = { missing: boolean; at: string; by: string; note?: string };

export type Stagnation = { cause: StagnationCause; reason: string; since: string; by: string; liftedAt?: string };

/** A status change for the customer's timeline (contact moments are merged in separately). */
export type TimelineEvent = { at: string; type: LoggedMessage['type']; by: string; workOrderId?: string; text?: string };

export type RequestState = {
  number: string;
  submittedAt?: string;
  submittedBy?: string;
  kind?: RequestKind;
  combi?: string;
  applicant?: { name: string; email: string; phone?: string; kind?: ApplicantKind; kvk?: string };
  /** The business applicant's project code (request_submitted.project). */
  project?: string;
  address?: { street: string; houseNumber: string; houseNumberAddition?: string; postcode: string; city: string };
  workOrders: WorkOrderState[];
  planning: {
    wishDate?: string;
    provisionalWeek?: string;
    confirmedStart?: { date: string; part: DayPart };
    inspection?: { date: string; part: DayPart; doneAt?: string; approved?: boolean };
    /** The latest planned date the customer agreed to (a planning message says so); it may lie past the legal term. */
    customerAgreedDate?: string;
    history: PlanningChange[];
  };
  contactMoments: ContactMoment[];
  stagnations: Stagnation[];
  /** Work folder, permit, soil survey as last reported; absent in states folded before the message existed. */
  preparation?: Partial<Record<PreparationItem, PreparationReport>>;
  timeline: TimelineEvent[];
  cancelledAt?: string;
  cancelReason?: string;
  /** The last message folded in; a message that sorts before it is replayed from the log. */
  lastKey?: MessageKey;
  messageCount: number;
};

export function emptyState(number: string): RequestState {
  return {
    number,
    workOrders: [],
    planning: { history: [] },
    contactMoments: [],
    stagnations: [],
    timeline: [],
    messageCount: 0,
  };
}

function workOrder(state: RequestState, id: string): WorkOrderState | undefined {
  return state.workOrders.find((w) => w.id === id);
}

function setPlanning(
  state: RequestState,
  m: LoggedMessage,
  field: PlanningField,
  value: string,
  reason: string,
  staffName?: string,
): void {
  const previous = planningValue(state, field);
  if (previous === value) return;
  state.planning.history.push({
    field,
    value,
    ...(previous !== undefined && { previous }),
    by: m.sender,
    ...(staffName !== undefined && { staffName }),
    at: m.occurredAt,
    reason,
  });
}

function planningValue(state: RequestState, field: PlanningField): string | undefined {
  const p = state.planning;
  switch (field) {
    case 'wishDate':
      return p.wishDate;
    case 'provisionalWeek':
      return p.provisionalWeek;
    case 'confirmedStart':
      return p.confirmedStart && `${p.confirmedStart.date} ${p.confirmedStart.part}`;
    case 'inspection':
      return p.inspection && `${p.inspection.date} ${p.inspection.part}`;
  }
}

/** Folds one message into the state (mutating it) in the message's own order. */
export function applyMessage(state: RequestState, m: LoggedMessage): RequestState {
  state.messageCount++;
  state.lastKey = { occurredAt: m.occurredAt, sender: m.sender, id: m.id };
  const event = (extra: Partial<TimelineEvent> = {}) =>
    state.timeline.push({ at: m.occurredAt, type: m.type, by: m.sender, ...extra });

  switch (m.type) {
    case 'request_submitted': {
      state.submittedAt = m.occurredAt;
      state.submittedBy = m.sender;
      state.kind = m.kind;
      state.combi = m.combi;
      state.applicant = m.applicant;
      if (m.project) state.project = m.project;
      state.address = m.address;
      for (const wo of m.workOrders) {
        if (!workOrder(state, wo.id)) state.workOrders.push({ ...wo });
      }
      if (m.wishDate) {
        setPlanning(state, m, 'wishDate', m.wishDate, 'wensdatum bij de aanvraag');
        state.planning.wishDate = m.wishDate;
      }
      event();
      break;
    }
    case 'contact_logged':
      state.contactMoments.push({
        messageId: m.id,
        code: m.contactMoment,
        channel: m.channel,
        at: m.occurredAt,
        organisation: m.sender,
        staffName: m.staffName,
        spokeWith: m.spokeWith,
        subject: m.subject,
        summary: m.summary,
      });
      break;
    case 'quickscan_done': {
      const wo = workOrder(state, m.workOrderId);
      if (wo) {
        wo.quickscanAt = m.occurredAt;
        wo.quoteRequired = m.quoteRequired;
      }
      event({ workOrderId: m.workOrderId });
      break;
    }
    case 'quote_sent': {
      const wo = workOrder(state, m.workOrderId);
      if (wo) {
        wo.quote = {
          sentAt: m.occurredAt,
          ...(m.amountCents !== undefined && { amountCents: m.amountCents }),
          ...(m.validUntil !== undefined && { validUntil: m.validUntil }),
        };
        wo.quoteRequired = true;
      }
      event({ workOrderId: m.workOrderId });
      break;
    }
    case 'quote_accepted':
    case 'quote_rejected': {
      const wo = workOrder(state, m.workOrderId);
      if (wo) {
        wo.quote = {
          ...wo.quote,
          decision: m.type === 'quote_accepted' ? 'accepted' : 'rejected',
          decidedAt: m.occurredAt,
          ...(m.type === 'quote_rejected' && m.reason !== undefined && { reason: m.reason }),
        };
      }
      event({ workOrderId: m.workOrderId });
      break;
    }
    case 'handed_to_combi':
      for (const id of m.workOrderIds) {
        const wo = workOrder(state, id);
        if (wo) {
          wo.handedToCombiAt = m.occurredAt;
          wo.contractor = m.contractor;
        }
      }
      event({ text: m.contractor });
      break;
    case 'planning_changed': {
      const staff = m.staffName;
      if (m.wishDate) {
        setPlanning(state, m, 'wishDate', m.wishDate, m.reason, staff);
        state.planning.wishDate = m.wishDate;
      }
      if (m.provisionalWeek) {
        setPlanning(state, m, 'provisionalWeek', m.provisionalWeek, m.reason, staff);
        state.planning.provisionalWeek = m.provisionalWeek;
      }
      if (m.confirmedStart) {
        setPlanning(state, m, 'confirmedStart', `${m.confirmedStart.date} ${m.confirmedStart.part}`, m.reason, staff);
        state.planning.confirmedStart = m.confirmedStart;
      }
      // What the customer agreed to: the firm date, else the last day of the provisional week.
      if (m.customerAgreed) {
        const agreed = m.confirmedStart?.date ?? (m.provisionalWeek && workingWeek(m.provisionalWeek).to) ?? m.wishDate;
        if (agreed) state.planning.customerAgreedDate = agreed;
      }
      event({ text: m.reason });
      break;
    }
    case 'stagnation_reported':
      state.stagnations.push({ cause: m.cause, reason: m.reason, since: m.occurredAt, by: m.sender });
      event({ text: m.reason });
      break;
    case 'stagnation_lifted': {
      const open = state.stagnations.find((s) => !s.liftedAt);
      if (open) open.liftedAt = m.occurredAt;
      event(m.note ? { text: m.note } : {});
      break;
    }
    case 'preparation_reported':
      // Internal to the parties: not on the customer's timeline.
      state.preparation = {
        ...state.preparation,
        [m.item]: {
          missing: m.status === 'ontbreekt',
          at: m.occurredAt,
          by: m.sender,
          ...(m.note !== undefined && { note: m.note }),
        },
      };
      break;
    case 'inspection_planned':
      setPlanning(state, m, 'inspection', `${m.date} ${m.part}`, 'schouw gepland');
      state.planning.inspection = { date: m.date, part: m.part };
      event();
      break;
    case 'inspection_done':
      if (state.planning.inspection) {
        state.planning.inspection.doneAt = m.occurredAt;
        state.planning.inspection.approved = m.approved;
      }
      event(m.notes ? { text: m.notes } : {});
      break;
    case 'work_order_completed': {
      const wo = workOrder(state, m.workOrderId);
      if (wo) wo.completedAt = m.occurredAt;
      event({ workOrderId: m.workOrderId });
      break;
    }
    case 'work_order_cancelled': {
      const wo = workOrder(state, m.workOrderId);
      if (wo) {
        wo.cancelledAt = m.occurredAt;
        wo.cancelReason = m.reason;
      }
      event({ workOrderId: m.workOrderId, text: m.reason });
      break;
    }
    case 'request_cancelled':
      state.cancelledAt = m.occurredAt;
      state.cancelReason = m.reason;
      event({ text: m.reason });
      break;
  }
  return state;
}

/** The state after all of these messages, in their own order. */
export function foldMessages(number: string, messages: LoggedMessage[]): RequestState {
  const state = emptyState(number);
  for (const m of [...messages].sort(compareMessages)) applyMessage(state, m);
  return state;
}

/** Work orders that still count: not cancelled. */
export function activeWorkOrders(state: RequestState): WorkOrderState[] {
  return state.workOrders.filter((w) => !w.cancelledAt);
}

/** Oplevering: every active work order has its TG message. */
export function isDelivered(state: RequestState): boolean {
  const active = activeWorkOrders(state);
  return active.length > 0 && active.every((w) => w.completedAt);
}

export function deliveredAt(state: RequestState): string | undefined {
  if (!isDelivered(state)) return undefined;
  return activeWorkOrders(state)
    .map((w) => w.completedAt as string)
    .sort((a, b) => instantMs(a) - instantMs(b))
    .at(-1);
}
