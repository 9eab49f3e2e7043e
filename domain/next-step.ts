/**
 * What happens next, by whom and by when. Each rule below says when a step is open and from
 * which moment its norm counts; the norm itself (working days) and the wording come from
 * `content/stappen.yaml`, the same file the site explains to customers.
 */
import { addWorkingDays, dutchDate, type IsoDate, mondayOfIsoWeek, workingDaysBetween } from './calendar.ts';
import { type Content, stepSentence } from './content.ts';
import type { Role, StepId } from './content-schema.ts';
import { activeWorkOrders, deliveredAt, type RequestState, type WorkOrderState } from './request-state.ts';

export type Organisation = { code: string; name: string; kind: string; phone?: string | null };
export type OrganisationLookup = (code: string) => Organisation | undefined;

export type OpenStep = {
  step: StepId;
  contactMoment?: string;
  who: { role: Role; organisation?: string; name?: string };
  text: string;
  /** The date the step is due, or undefined when no norm or appointment gives one. */
  dueDate?: IsoDate;
  /** 'afspraak' is a date agreed with the customer (firm); 'norm' a deadline from a norm. */
  dueKind: 'afspraak' | 'norm' | 'geen';
  normWorkingDays?: number;
  overdue: boolean;
  workOrderIds: string[];
};

type Candidate = Omit<OpenStep, 'text' | 'overdue' | 'who' | 'contactMoment' | 'normWorkingDays'> & {
  organisation?: string;
  reason?: string;
  /** Anchor date plus the norm's working days gives the due date. */
  from?: IsoDate;
  /** A date to count back from (the norm's working days before it). */
  before?: IsoDate;
};

const dayFormat = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

const formatted = new Map<IsoDate, string>();

/** "dinsdag 1 december" (remembered per date: Intl formatting is slow on the hot path). */
export function formatDutchDate(date: IsoDate): string {
  let text = formatted.get(date);
  if (text === undefined) {
    text = dayFormat.format(new Date(`${date}T12:00:00Z`));
    if (formatted.size > 10_000) formatted.clear();
    formatted.set(date, text);
  }
  return text;
}

/** The earliest of some instants (ISO strings), skipping the missing ones. */
export function earliest(dates: (string | undefined)[]): string | undefined {
  return dates.filter((d): d is string => !!d).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

function latest(dates: (string | undefined)[]): string | undefined {
  return dates
    .filter((d): d is string => !!d)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);
}

function hasContact(state: RequestState, code: string, organisation?: string): boolean {
  return state.contactMoments.some((c) => c.code === code && (!organisation || c.organisation === organisation));
}

/** Steps per grid operator before the work is handed to the combi. */
function gridOperatorSteps(state: RequestState, operator: string, orders: WorkOrderState[]): Candidate[] {
  const steps: Candidate[] = [];
  const ids = orders.map((w) => w.id);
  const pending = orders.filter((w) => !w.handedToCombiAt);
  if (pending.length === 0) return steps;

  const intakeDone =
    hasContact(state, 'B', operator) || orders.some((w) => w.quickscanAt || w.quote?.sentAt || w.handedToCombiAt);
  if (!intakeDone) {
    steps.push({
      step: 'intake',
      organisation: operator,
      from: dutchDate(state.submittedAt as string),
      dueKind: 'norm',
      workOrderIds: ids,
    });
    return steps;
  }

  const awaitingQuote = pending.filter((w) => w.quoteRequired && !w.quote?.sentAt);
  if (awaitingQuote.length) {
    steps.push({
      step: 'offerte',
      organisation: operator,
      from: dutchDate(earliest(awaitingQuote.map((w) => w.quickscanAt)) as string),
      dueKind: 'norm',
      workOrderIds: awaitingQuote.map((w) => w.id),
    });
  }
  const undecided = pending.filter((w) => w.quote?.sentAt && !w.quote.decision);
  if (undecided.length) {
    const validUntil = earliest(undecided.map((w) => w.quote?.validUntil));
    steps.push({
      step: 'offerte-beslissen',
      organisation: operator,
      ...(validUntil && { dueDate: validUntil }),
      dueKind: validUntil ? 'afspraak' : 'geen',
      workOrderIds: undecided.map((w) => w.id),
    });
  }
  // A rejected quote is not the end: the grid operator contacts the customer within KCM B's norm
  // about a changed quote or ending the opdracht (a new quote_sent or a cancellation closes it).
  const rejected = pending.filter((w) => w.quote?.decision === 'rejected');
  const rejectedAt = earliest(rejected.map((w) => w.quote?.decidedAt));
  if (rejectedAt) {
    steps.push({
      step: 'offerte-afgewezen',
      organisation: operator,
      from: dutchDate(rejectedAt),
      dueKind: 'norm',
      workOrderIds: rejected.map((w) => w.id),
    });
  }
  // Ready for the combi: no quote needed, or the quote was accepted.
  const ready = pending.filter((w) => (w.quoteRequired ? w.quote?.decision === 'accepted' : true));
  if (ready.length && !awaitingQuote.length && !undecided.length) {
    const intakeAt = state.contactMoments.find((c) => c.code === 'B' && c.organisation === operator)?.at;
    const anchor = latest([intakeAt, ...ready.map((w) => w.quickscanAt), ...ready.map((w) => w.quote?.decidedAt)]);
    steps.push({
      step: 'mee-in-combi',
      organisation: operator,
      from: dutchDate(anchor ?? (state.submittedAt as string)),
      dueKind: 'norm',
      workOrderIds: ready.map((w) => w.id),
    });
  }
  return steps;
}

/**
 * The contractors' steps, one set per contractor: with two contractors each discipline's step
 * names its own. The planning is one per aanvraag; a contractor's planning call is done when it
 * logged KCM 1 or set the planning itself.
 */
function contractorSteps(state: RequestState): Candidate[] {
  const inCombi = activeWorkOrders(state).filter((w) => w.handedToCombiAt && !w.completedAt);
  const byContractor = new Map<string | undefined, WorkOrderState[]>();
  for (const wo of inCombi) byContractor.set(wo.contractor, [...(byContractor.get(wo.contractor) ?? []), wo]);
  const single = byContractor.size === 1;
  return [...byContractor].flatMap(([contractor, orders]) => stepsOfContractor(state, contractor, orders, single));
}

function stepsOfContractor(
  state: RequestState,
  contractor: string | undefined,
  orders: WorkOrderState[],
  single: boolean,
): Candidate[] {
  const ids = orders.map((w) => w.id);
  const { planning } = state;
  const steps: Candidate[] = [];
  const plannedByThem = planning.history.some(
    (h) => (h.field === 'provisionalWeek' || h.field === 'confirmedStart') && h.by === contractor,
  );
  const called = single
    ? hasContact(state, '1') || !!planning.provisionalWeek || !!planning.confirmedStart
    : hasContact(state, '1', contractor) || plannedByThem;
  if (!called) {
    const handedAt = earliest(orders.map((w) => w.handedToCombiAt)) as string;
    steps.push({ step: 'plangesprek', organisation: contractor, from: dutchDate(handedAt), dueKind: 'norm', workOrderIds: ids });
    return steps;
  }
  if (planning.inspection && !planning.inspection.doneAt) {
    steps.push({
      step: 'schouw',
      organisation: contractor,
      dueDate: planning.inspection.date,
      dueKind: 'afspraak',
      workOrderIds: ids,
    });
  }
  if (planning.confirmedStart) {
    steps.push({
      step: 'uitvoering',
      organisation: contractor,
      dueDate: planning.confirmedStart.date,
      dueKind: 'afspraak',
      workOrderIds: ids,
    });
  } else {
    steps.push({
      step: 'startdatum',
      organisation: contractor,
      ...(planning.provisionalWeek && { before: mondayOfIsoWeek(planning.provisionalWeek) }),
      dueKind: planning.provisionalWeek ? 'norm' : 'geen',
      workOrderIds: ids,
    });
  }
  return steps;
}

function deliverySteps(state: RequestState): Candidate[] {
  const at = deliveredAt(state);
  if (!at) return [];
  const operators = [...new Set(activeWorkOrders(state).map((w) => w.gridOperator))];
  return operators
    .filter((op) => !hasContact(state, 'C', op))
    .map((op) => ({
      step: 'opleverbevestiging' as const,
      organisation: op,
      from: dutchDate(at),
      dueKind: 'norm' as const,
      workOrderIds: activeWorkOrders(state)
        .filter((w) => w.gridOperator === op)
        .map((w) => w.id),
    }));
}

function stagnationStep(state: RequestState): Candidate | undefined {
  const open = state.stagnations.find((s) => !s.liftedAt);
  if (!open) return undefined;
  const contractor = activeWorkOrders(state).find((w) => w.contractor)?.contractor;
  const responsible = open.cause === 'netbeheerder' ? activeWorkOrders(state)[0]?.gridOperator : (contractor ?? open.by);
  return {
    step: `stagnatie-${open.cause}`,
    organisation: responsible,
    reason: open.reason,
    dueKind: 'geen',
    workOrderIds: activeWorkOrders(state).map((w) => w.id),
  };
}

/**
 * How many working days a step is late on `today`: the working days after its due date, up to
 * and including today (0 on the weekend right after a Friday that was due, or when not overdue).
 */
export function workingDaysLate(step: Pick<OpenStep, 'dueDate' | 'overdue'>, today: IsoDate): number {
  return step.overdue && step.dueDate ? workingDaysBetween(step.dueDate, today) : 0;
}

/**
 * All open steps of an aanvraag, the most pressing first: an open stagnation, then by due date
 * (steps without a date last), in process order for equal dates.
 */
export function openSteps(state: RequestState, content: Content, organisations: OrganisationLookup, now: Date): OpenStep[] {
  if (!state.submittedAt || state.cancelledAt) return [];
  const today = dutchDate(now);
  const candidates: Candidate[] = [];
  const stagnation = stagnationStep(state);
  if (stagnation) candidates.push(stagnation);

  const byOperator = new Map<string, WorkOrderState[]>();
  for (const wo of activeWorkOrders(state)) {
    byOperator.set(wo.gridOperator, [...(byOperator.get(wo.gridOperator) ?? []), wo]);
  }
  for (const [operator, orders] of byOperator) candidates.push(...gridOperatorSteps(state, operator, orders));
  candidates.push(...contractorSteps(state), ...deliverySteps(state));

  const order = [...content.steps.keys()];
  const steps = candidates.map((c) => toOpenStep(c, content, organisations, today));
  const rank = (s: OpenStep) => (s.step.startsWith('stagnatie') ? 0 : 1);
  return steps.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
      order.indexOf(a.step) - order.indexOf(b.step),
  );
}

function toOpenStep(c: Candidate, content: Content, organisations: OrganisationLookup, today: IsoDate): OpenStep {
  const step = content.steps.get(c.step);
  if (!step) throw new Error(`content/stappen.yaml mist stap ${c.step}`);
  let dueDate = c.dueDate;
  if (step.werkdagen !== undefined && c.from) dueDate = addWorkingDays(c.from, step.werkdagen);
  if (step.werkdagen !== undefined && c.before) dueDate = addWorkingDays(c.before, -step.werkdagen);
  const org = c.organisation ? organisations(c.organisation) : undefined;
  const name = org?.name ?? c.organisation ?? 'De behandelaar';
  const text = stepSentence(step, 'nl', {
    organisation: name,
    ...(dueDate && { date: formatDutchDate(dueDate) }),
    ...(c.reason !== undefined && { reason: c.reason }),
  });
  return {
    step: c.step,
    ...(step.contactmoment && { contactMoment: step.contactmoment }),
    who: { role: step.wie, ...(c.organisation && { organisation: c.organisation }), ...(org && { name: org.name }) },
    text,
    ...(dueDate && { dueDate }),
    dueKind: dueDate ? c.dueKind : 'geen',
    ...(step.werkdagen !== undefined && (c.from || c.before) && { normWorkingDays: step.werkdagen }),
    // Overdue once the due day has passed; an agreed date is not "overdue" until the work is late.
    overdue: dueDate !== undefined && today > dueDate,
    workOrderIds: c.workOrderIds,
  };
}
