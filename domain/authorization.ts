/**
 * Who may send which message. An organisation may only send messages about aanvragen and
 * opdrachten it takes part in; the KCP also divides the work: grid operators own intake, quote
 * and "mee in combi", contractors own the planning. Pure: the store passes in what it knows.
 * Also who, among the customers who follow an aanvraag, may change who follows it.
 */
import type { Message, MessageType } from './messages.ts';
import type { RequestState, WorkOrderState } from './request-state.ts';

export type OrgKind = 'netbeheerder' | 'aannemer' | 'combi' | 'platform';
export type Sender = { code: string; kind: OrgKind };
export type CombiInfo = { code: string; name: string; organisation: string | null; members: ReadonlySet<string> };
export type Directory = {
  organisation(code: string): { code: string; kind: OrgKind } | undefined;
  combi(code: string): CombiInfo | undefined;
};

export type Refusal = { status: 403 | 409 | 422; field?: string; message: string };

/**
 * The parties of an aanvraag a message may come from. Which of them may send what is the table
 * SEND_RULES below: the check (`judge`) and the API reference (`sendRuleText`) both read it.
 */
export type Party =
  | 'platform'
  | 'combi-organisatie'
  | 'netbeheerder-aanvraag'
  | 'netbeheerder-opdracht'
  | 'aannemer-combi'
  | 'aannemer-opdracht';

/** Each party in words, for the API reference. */
export const PARTY_NAMES: Record<Party, string> = {
  platform: 'het platform (Traject zelf, ook de helpdesk)',
  'combi-organisatie': 'de combi-organisatie van de combi van de aanvraag',
  'netbeheerder-aanvraag': 'een netbeheerder met een opdracht in de aanvraag',
  'netbeheerder-opdracht': 'de netbeheerder van de opdracht',
  'aannemer-combi': 'een aannemer van de combi',
  'aannemer-opdracht':
    'de aannemer aan wie de opdracht is doorgegeven (mee in combi); zolang dat niet is gebeurd, elke aannemer van de combi',
};

/**
 * Who may send a message type. `scope: 'opdracht'`: the message names opdrachten of the aanvraag
 * (workOrderId, or each of workOrderIds), and the parties are judged per opdracht.
 * `refused` is the 403 message when the sender takes part but is none of these parties.
 */
export type SendRule = { parties: readonly Party[]; scope?: 'opdracht'; refused?: (workOrderId: string) => string };

const COORDINATORS = ['platform', 'combi-organisatie'] as const satisfies Party[];
const EVERY_PARTY = [...COORDINATORS, 'netbeheerder-aanvraag', 'aannemer-combi'] as const satisfies Party[];
/** Intake, quote and "mee in combi" belong to the grid operator of the opdracht (klantcontactproces). */
const GRID_OPERATOR_OF_ORDER: SendRule = {
  parties: [...COORDINATORS, 'netbeheerder-opdracht'],
  scope: 'opdracht',
  refused: (id) => `alleen de netbeheerder van opdracht ${id} mag dit bericht sturen`,
};
/** The planning and the schouw belong to the contractor. */
const CONTRACTOR: SendRule = {
  parties: [...COORDINATORS, 'aannemer-combi'],
  refused: () => 'de planning is van de aannemer: netbeheerders geven geen planning af (klantcontactproces)',
};

export const SEND_RULES: Record<MessageType, SendRule> = {
  request_submitted: { parties: [...COORDINATORS, 'netbeheerder-aanvraag'] },
  contact_logged: { parties: EVERY_PARTY },
  quickscan_done: GRID_OPERATOR_OF_ORDER,
  quote_sent: GRID_OPERATOR_OF_ORDER,
  quote_accepted: GRID_OPERATOR_OF_ORDER,
  quote_rejected: GRID_OPERATOR_OF_ORDER,
  handed_to_combi: GRID_OPERATOR_OF_ORDER,
  planning_changed: CONTRACTOR,
  stagnation_reported: { parties: EVERY_PARTY },
  stagnation_lifted: { parties: EVERY_PARTY },
  preparation_reported: { parties: EVERY_PARTY },
  inspection_planned: CONTRACTOR,
  inspection_done: CONTRACTOR,
  work_order_completed: {
    parties: [...COORDINATORS, 'netbeheerder-opdracht', 'aannemer-opdracht'],
    scope: 'opdracht',
    refused: (id) => `alleen de aannemer of netbeheerder van opdracht ${id} mag deze opdracht gereedmelden`,
  },
  work_order_cancelled: GRID_OPERATOR_OF_ORDER,
  request_cancelled: {
    parties: [...COORDINATORS, 'netbeheerder-aanvraag'],
    refused: () => 'alleen een netbeheerder van de aanvraag of de combi mag een aanvraag annuleren',
  },
};

/** "a, b of c" */
const orList = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} of ${items[items.length - 1]}` : (items[0] ?? '');

/**
 * The rule of SEND_RULES for one message type in words (Dutch), for the API reference: who may
 * send it, and what must hold first. Generated from the table, so it cannot drift from the check.
 */
export function sendRuleText(type: MessageType): { who: string; when: string[] } {
  const rule = SEND_RULES[type];
  const who = `Mag worden gestuurd door ${orList(rule.parties.map((p) => PARTY_NAMES[p]))}.`;
  const when: string[] = [];
  if (type === 'request_submitted') {
    when.push(
      'De combi is bekend (anders 422) en elke gridOperator is een netbeheerder van die combi (anders 422).',
      'Een netbeheerder dient alleen in met een eigen opdracht in het bericht; een andere afzender krijgt 403.',
      'Het aanvraagnummer is nog niet in gebruik (anders 409; pas beoordeeld als de afzender de aanvraag mag indienen).',
    );
  } else {
    when.push(
      'Na request_submitted van deze aanvraag, door een organisatie die bij de aanvraag betrokken is. Komt het eerder, of is de organisatie niet betrokken, dan wordt het geparkeerd (202 `geparkeerd`, hetzelfde antwoord in beide gevallen) en toegepast zodra de aanvraag binnenkomt.',
    );
    const never = (Object.keys(PARTIES_OF_KIND) as OrgKind[]).filter((kind) => !couldSend(kind, type));
    if (never.length) when.push(`Een ${orList(never)} mag dit bericht nooit sturen: altijd 403, vóór de aanvraag wordt bekeken.`);
    if (rule.scope === 'opdracht') when.push('Elke genoemde opdracht hoort bij de aanvraag (anders 422).');
    if (type === 'handed_to_combi') when.push('contractor is een aannemer van de combi van de aanvraag (anders 422).');
    if (rule.refused) when.push('Een andere betrokken organisatie krijgt 403.');
  }
  return { who, when };
}

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

/** The parties an organisation of a kind can ever be, in some aanvraag. */
const PARTIES_OF_KIND: Record<OrgKind, readonly Party[]> = {
  platform: ['platform'],
  combi: ['combi-organisatie'],
  netbeheerder: ['netbeheerder-aanvraag', 'netbeheerder-opdracht'],
  aannemer: ['aannemer-combi', 'aannemer-opdracht'],
};

/**
 * Could an organisation of this kind send this message type in any aanvraag at all (SEND_RULES)?
 * Judged on the kind alone, so the answer is the same whether or not the aanvraag exists.
 */
export function couldSend(kind: OrgKind, type: MessageType): boolean {
  return SEND_RULES[type].parties.some((p) => PARTIES_OF_KIND[kind].includes(p));
}

/**
 * A message is applied (undefined), parked until its aanvraag arrives, or refused. Parked: a
 * message for an aanvraag that is unknown, or that the sender takes no part in, from a sender
 * whose kind could send it; both get the same answer, so it cannot tell whether a number exists
 * in another combi (docs/decisions/0034-parked-messages.md).
 */
export type Verdict = Refusal | 'parkeren' | undefined;

/** What happens to this message from this sender, given the aanvraag as stored (undefined when unknown). */
export function judge(sender: Sender, m: Message, state: RequestState | undefined, dir: Directory): Verdict {
  if (m.type === 'request_submitted') return refuseSubmission(sender, m, state, dir);

  // Whether the sender's kind may ever send this type does not depend on the aanvraag: answered first.
  const rule = SEND_RULES[m.type];
  const ids = 'workOrderId' in m ? [m.workOrderId] : m.type === 'handed_to_combi' ? m.workOrderIds : [];
  if (!couldSend(sender.kind, m.type)) {
    return { status: 403, message: rule.refused?.(ids[0] ?? '') ?? `een ${sender.kind} mag ${m.type} niet sturen` };
  }
  if (!state?.submittedAt || !takesPart(sender, state, dir)) return 'parkeren';

  const combi = state.combi ? dir.combi(state.combi) : undefined;
  const holds = partyCheck(sender, involvement(sender, participantsOf(state), dir));
  for (const [i, id] of ids.entries()) {
    const wo = state.workOrders.find((w) => w.id === id);
    const field = m.type === 'handed_to_combi' ? `workOrderIds.${i}` : 'workOrderId';
    if (!wo) return { status: 422, field, message: `opdracht ${id} hoort niet bij aanvraag ${m.requestNumber}` };
    if (rule.scope === 'opdracht' && !rule.parties.some((p) => holds(p, wo))) {
      return { status: 403, field, message: rule.refused?.(id) ?? '' };
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
  if (rule.scope !== 'opdracht' && !rule.parties.some((p) => holds(p))) {
    return { status: 403, message: rule.refused?.('') ?? '' };
  }
  return undefined;
}

type Involvement = ReturnType<typeof involvement>;

/** Whether the sender is `party` of the aanvraag (for an opdracht-party: of that opdracht). */
function partyCheck(sender: Sender, i: Involvement) {
  return (party: Party, wo?: Pick<WorkOrderState, 'gridOperator' | 'contractor'>): boolean => {
    switch (party) {
      case 'platform':
        return i.isPlatform;
      case 'combi-organisatie':
        return i.isCombiOrg;
      case 'netbeheerder-aanvraag':
        return i.isGridOperator;
      case 'aannemer-combi':
        return i.isCombiContractor;
      case 'netbeheerder-opdracht':
        return wo?.gridOperator === sender.code;
      case 'aannemer-opdracht':
        return i.isCombiContractor && (!wo?.contractor || wo.contractor === sender.code);
    }
  };
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
  // The opdrachten of the message are those of the aanvraag it founds.
  const holds = partyCheck(
    sender,
    involvement(sender, { combi: m.combi, gridOperators: m.workOrders.map((w) => w.gridOperator) }, dir),
  );
  if (!SEND_RULES.request_submitted.parties.some((p) => holds(p))) {
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
