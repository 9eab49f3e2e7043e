/**
 * KCM 4, the eindmeting: on oplevering (in the transaction of the last TG message) or from the
 * weekly CSV upload, read the facts the rule needs, let domain/eindmeting.ts decide, and record
 * the decision, sent or skipped with its reason; a sent invitation goes to the outbox in the same
 * transaction (docs/decisions/0011-eindmeting.md).
 */
import { decideEndSurvey, type EndSurveyDecision, type EndSurveyTrigger, SKIP_REASONS } from '../../domain/eindmeting.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { newToken } from '../auth/tokens.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { IngestStorage, IngestTransaction } from '../storage/contract.ts';
import type { CsvInvitationResult } from '../storage/store.ts';
import { personalLink, unsubscribeHeaders } from './customer-mails.ts';

export type EndSurveyDeps = {
  /** Whether a combi area takes part in CAPO: only there is the eindmeting automatic. */
  capoActive(combi: string): boolean;
  mail: MailComposer;
};

/**
 * The opleveringen (Dutch dates) this transaction invited about, by address: reads do not see the
 * transaction's own writes, and the 90-day rule must hold between two aanvragen of one address
 * delivered in the same batch.
 */
export type InvitedNow = Map<string, string[]>;

/** Decides and records the eindmeting of a delivered aanvraag; undefined when it has no applicant address. */
export async function inviteToEndSurvey(
  tx: IngestTransaction,
  deps: EndSurveyDeps,
  aanvraag: { state: RequestState; trigger: EndSurveyTrigger; now: Date; invitedNow: InvitedNow },
): Promise<EndSurveyDecision | undefined> {
  const { state, trigger, now, invitedNow } = aanvraag;
  const email = state.applicant?.email.toLowerCase();
  if (!email) return undefined;
  const requestNumber = state.number;
  const decision = decideEndSurvey({
    state,
    capoActive: state.combi ? deps.capoActive(state.combi) : false,
    trigger,
    invitedDeliveries: [...(await tx.invitedDeliveriesTo(email)), ...(invitedNow.get(email) ?? [])],
    notificationMode: await tx.notificationMode(requestNumber, email),
    now,
  });
  const token = newToken();
  await tx.saveEndSurvey({
    id: token.id,
    requestNumber,
    email,
    contractor: decision.send ? (decision.contractor ?? null) : null,
    trigger,
    status: decision.send ? 'uitgenodigd' : 'overgeslagen',
    skipReason: decision.send ? null : decision.reason,
    secretHash: decision.send ? token.secretHash : null,
    createdAt: now,
    expiresAt: decision.send ? decision.expiresAt : null,
    deliveredOn: decision.deliveredOn ?? null,
  });
  if (!decision.send) return decision;
  invitedNow.set(email, [...(invitedNow.get(email) ?? []), decision.deliveredOn]);
  const lang = await tx.customerLanguage(email);
  const links = {
    // The survey page in the customer's language, as the mail is.
    follow: deps.mail.url(`${lang === 'en' ? '/en' : ''}/enquete/${token.token}`),
    unsubscribe: await personalLink(tx, deps.mail, { requestNumber, email, purpose: 'afmelden', now }),
  };
  await tx.enqueue({
    idempotencyKey: `eindmeting:${requestNumber}`,
    kind: 'eindmeting',
    requestNumber,
    to: email,
    ...deps.mail.endSurvey(state, decision.contractor, decision.expiresAt, links, lang),
    headers: unsubscribeHeaders(links.unsubscribe),
  });
  return decision;
}

/**
 * The weekly CSV upload for combis outside CAPO: decides the eindmeting of one aanvraag as if its
 * oplevering happened now. A "not in CAPO" skip is decided again; any other decision stands.
 */
export function inviteFromCsv(
  storage: IngestStorage,
  deps: EndSurveyDeps,
  requestNumber: string,
  now = new Date(),
): Promise<CsvInvitationResult> {
  return storage.transaction(async (tx): Promise<CsvInvitationResult> => {
    const state = await tx.aanvraag(requestNumber);
    if (!state) return { result: 'onbekend' };
    const earlier = await tx.endSurvey(requestNumber);
    if (earlier && earlier.skipReason !== 'niet-in-capo') return { result: 'al-verwerkt', status: earlier.status };
    const decision = await inviteToEndSurvey(tx, deps, { state, trigger: 'csv', now, invitedNow: new Map() });
    if (!decision) return { result: 'onbekend' };
    return decision.send ? { result: 'uitgenodigd' } : { result: 'overgeslagen', reason: SKIP_REASONS[decision.reason] };
  });
}
