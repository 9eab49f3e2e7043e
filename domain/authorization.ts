/**
 * Who may send which message. An organisation may only send messages about aanvragen and
 * opdrachten it takes part in; the KCP also divides the work: grid operators own intake, quote
 * and "mee in combi", contractors own the planning. Pure: the store passes in what it knows.
 * Also who, among the customers who follow an aanvraag, may change who follows it.
 */
import type { Message } from './messages.ts';
import type { RequestState } from './request-state.ts';

export type OrgKind = 'netbeheerder' | 'aannemer' | 'combi' | 'platform';
export type Sender = { code: string; kind: OrgKind };
export type CombiInfo = { code: string; name: string; organisation: string | null; members: ReadonlySet<string> };
export type Directory = {
  organisation(code: string): { code: string; kind: OrgKind } | undefined;
  combi(code: string): CombiInfo | undefined;
};

export type Refusal = { status: 403 | 404 | 409 | 422; field?: string; message: string };

const WORK_ORDER_OWNER_TYPES = new Set([
  'quickscan_done',
  'quote_sent',
  'quote_accepted',
  'quote_rejected',
  'work_order_cancelled',
]);
const CONTRACTOR_TYPES = new Set(['planning_changed', 'inspection_planned', 'inspection_done']);

/** What decides who takes part in an aanvraag: its combi and the grid operators of its opdrachten. */
export type Participants = { combi: string | undefined; gridOperators: readonly string[] };

export function participantsOf(state: RequestState): Participants {
  return { combi: state.combi, gridOperators: state.workOrders.map((w) => w.gridOperator) };
}

function involvement(org: Sender, parts: Participants, dir: Directory) {
  const combi = parts.combi ? dir.combi(parts.combi) : undefined;
  return {
    isPlatform: org.kind === 'platform',
    isCombiOrg: !!combi && combi.organisation === org.code,
    isCombiContractor: org.kind === 'aannemer' && !!combi?.members.has(org.code),
    isGridOperator: parts.gridOperators.includes(org.code),
  };
}

/**
 * Does this organisation take part in the aanvraag? Its grid operators, the contractors of its
 * combi, the combi-organisatie of that area, and the platform do; nobody else.
 */
export function takesPart(org: Sender, state: RequestState | Participants, dir: Directory): boolean {
  const i = involvement(org, 'gridOperators' in state ? state : participantsOf(state), dir);
  return i.isPlatform || i.isCombiOrg || i.isCombiContractor || i.isGridOperator;
}

/**
 * Only the applicant gives and takes back access to their aanvraag; someone acting for them
 * (a grant) follows it but does not decide who else may. Addresses compare without case.
 */
export function mayManageAccess(email: string, state: RequestState | undefined): boolean {
  const applicant = state?.applicant?.email;
  return !!applicant && applicant.toLowerCase() === email.toLowerCase();
}

/** Undefined when the sender may apply this message; otherwise why not. */
export function refusal(sender: Sender, m: Message, state: RequestState | undefined, dir: Directory): Refusal | undefined {
  if (m.type === 'request_submitted') return refuseSubmission(sender, m, state, dir);

  // An aanvraag the sender takes no part in is, to them, an unknown number: the same answer, so
  // the answer cannot tell whether a number exists in another combi.
  const unknown: Refusal = {
    status: 404,
    field: 'requestNumber',
    message: `aanvraag ${m.requestNumber} is onbekend; stuur eerst request_submitted`,
  };
  if (!state?.submittedAt) return unknown;
  const combi = state.combi ? dir.combi(state.combi) : undefined;
  const { isPlatform, isCombiOrg, isCombiContractor, isGridOperator } = involvement(sender, participantsOf(state), dir);
  if (!isPlatform && !isCombiOrg && !isCombiContractor && !isGridOperator) return unknown;
  const coordinator = isPlatform || isCombiOrg;

  const ids = 'workOrderId' in m ? [m.workOrderId] : m.type === 'handed_to_combi' ? m.workOrderIds : [];
  for (const [i, id] of ids.entries()) {
    const wo = state.workOrders.find((w) => w.id === id);
    const field = m.type === 'handed_to_combi' ? `workOrderIds.${i}` : 'workOrderId';
    if (!wo) return { status: 422, field, message: `opdracht ${id} hoort niet bij aanvraag ${m.requestNumber}` };
    const ownsOrder = wo.gridOperator === sender.code;
    if ((WORK_ORDER_OWNER_TYPES.has(m.type) || m.type === 'handed_to_combi') && !coordinator && !ownsOrder) {
      return { status: 403, field, message: `alleen de netbeheerder van opdracht ${id} mag dit bericht sturen` };
    }
    if (
      m.type === 'work_order_completed' &&
      !coordinator &&
      !ownsOrder &&
      !(isCombiContractor && (!wo.contractor || wo.contractor === sender.code))
    ) {
      return {
        status: 403,
        field,
        message: `alleen de aannemer of netbeheerder van opdracht ${id} mag deze opdracht gereedmelden`,
      };
    }
  }

  if (m.type === 'handed_to_combi') {
    const contractor = dir.organisation(m.contractor);
    if (contractor?.kind !== 'aannemer') {
      return { status: 422, field: 'contractor', message: `${m.contractor} is geen bekende combi-aannemer` };
    }
    if (!combi?.members.has(m.contractor)) {
      return { status: 422, field: 'contractor', message: `${m.contractor} werkt niet in combi ${state.combi}` };
    }
  }
  if (CONTRACTOR_TYPES.has(m.type) && !coordinator && !isCombiContractor) {
    return { status: 403, message: 'de planning is van de aannemer: netbeheerders geven geen planning af (klantcontactproces)' };
  }
  if (m.type === 'request_cancelled' && !coordinator && !isGridOperator) {
    return { status: 403, message: 'alleen een netbeheerder van de aanvraag of de combi mag een aanvraag annuleren' };
  }
  return undefined;
}

function refuseSubmission(
  sender: Sender,
  m: Extract<Message, { type: 'request_submitted' }>,
  state: RequestState | undefined,
  dir: Directory,
): Refusal | undefined {
  const combi = dir.combi(m.combi);
  if (!combi) return { status: 422, field: 'combi', message: `combi ${m.combi} is onbekend` };
  for (const [i, wo] of m.workOrders.entries()) {
    const operator = dir.organisation(wo.gridOperator);
    const field = `workOrders.${i}.gridOperator`;
    if (operator?.kind !== 'netbeheerder')
      return { status: 422, field, message: `${wo.gridOperator} is geen bekende netbeheerder` };
    if (!combi.members.has(wo.gridOperator))
      return { status: 422, field, message: `${wo.gridOperator} werkt niet in combi ${m.combi}` };
  }
  const allowed =
    sender.kind === 'platform' || combi.organisation === sender.code || m.workOrders.some((w) => w.gridOperator === sender.code);
  if (!allowed) {
    return {
      status: 403,
      message: `${sender.code} mag geen aanvraag indienen voor combi ${m.combi} zonder eigen opdracht daarin`,
    };
  }
  // Aanvraagnummers are one namespace (the customer types them on the track & trace page), so a
  // taken number cannot be claimed. Checked last, once the sender may submit this aanvraag at
  // all, and worded alike for everyone: it says the number is taken, nothing about whose it is
  // (docs/decisions/0018-answers-across-organisations.md).
  if (state?.submittedAt) {
    return { status: 409, field: 'requestNumber', message: `aanvraagnummer ${m.requestNumber} is al in gebruik` };
  }
  return undefined;
}
