/**
 * Ingesting messages about aanvragen (POST /api/v1/berichten, demo data, imports). For each
 * message the use case asks the pure rules:
 * - may this sender send this, or is it parked until its aanvraag arrives? domain/authorization.ts
 *   (`judge`); the parked ones are applied here, in the transaction of request_submitted
 *   (docs/decisions/0034-parked-messages.md);
 * - what is the aanvraag's state after it? domain/request-state.ts: folded in, or the whole log
 *   replayed in order when the message arrives late;
 * - what follows from the batch, judged per aanvraag on the customer's view before the batch and
 *   the state after all of it? domain/mails-after-a-batch.ts: the contact-moment mails (queued by
 *   ./customer-mails.ts) and, on oplevering, the eindmeting (./end-survey-invitation.ts); and
 *   domain/webhooks.ts: the events for the organisations' webhook endpoints (./webhooks.ts);
 * - on oplevering, the expected window the customer last saw and the actual start (./shown-windows.ts);
 * and hands what it decided to storage in one transaction per part of the batch: all messages of an
 * aanvraag together, at most MESSAGES_PER_TRANSACTION (api/storage/contract.ts). A refused message
 * writes nothing; an unexpected error rolls back its part and stops the batch, which the sender
 * sends again: what was applied answers "duplicate" (docs/decisions/0004-per-message-results.md,
 * 0048-batches-in-parts.md).
 */

import { createHash } from 'node:crypto';
import { type Directory, judge, type Refusal, type Sender } from '../../domain/authorization.ts';
import { type CustomerView, customerView } from '../../domain/kcm-mails.ts';
import { mailsAfterBatch } from '../../domain/mails-after-a-batch.ts';
import { compareMessages, type LoggedMessage, type Message } from '../../domain/messages.ts';
import { DEFAULT_PARKED_MESSAGE_DAYS, PARKED_STATUS, parkedResult, parkedUntil } from '../../domain/parked-messages.ts';
import { applyMessage, emptyState, foldMessages, type RequestState } from '../../domain/request-state.ts';
import { type WebhookView, webhookView } from '../../domain/webhooks.ts';
import { actualStart, windowLastShownAt } from '../../domain/window-calibration.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { IngestStorage, IngestTransaction, ParkedRow } from '../storage/contract.ts';
import type { MessageResult } from '../storage/store.ts';
import { aanvraagRow, projectionsOf } from './aanvraag-rows.ts';
import type { ComparableIndex } from './comparable-index.ts';
import type { ComparableGroup } from './comparable-starts.ts';
import { queueKcmMail } from './customer-mails.ts';
import { type EndSurveyDeps, type InvitedNow, inviteToEndSurvey } from './end-survey-invitation.ts';
import { recordShownWindows } from './shown-windows.ts';
import { nextTurn } from './turns.ts';
import { queueWebhooks, type WebhookBatch } from './webhooks.ts';

export type IngestDeps = {
  /** Organisations and combi areas, for the isolation rule. */
  directory: Directory;
  /** Whether a combi area takes part in CAPO (its eindmeting is automatic). */
  capoActive(combi: string): boolean;
  /** Composes the mails; without it nothing is mailed and no eindmeting is decided. */
  mail: MailComposer | undefined;
  /** Days a parked message waits for its aanvraag (PARKED_MESSAGE_DAYS). */
  parkedDays?: number;
  /** Whether the batch's events go to the organisations' webhook endpoints (not for demo data and imports). */
  webhooks?: boolean;
  /** The comparable aanvragen in this process's memory, for the windows kept when they are fixed (./shown-windows.ts). */
  comparable: ComparableIndex;
  /** Told, after the commit, which combi areas and kinds got new or moved starts (ComparableStarts.startsChanged). */
  startsChanged?: (groups: ComparableGroup[]) => void;
};

export type IngestOptions = { receivedAt?: Date; now?: Date };

/** SHA-256 of the message as received: the same id with another body is a conflict. */
function hashBody(m: Message): string {
  return createHash('sha256').update(JSON.stringify(m)).digest('hex');
}

/** One aanvraag as this batch sees it: the stored state plus what the batch added. */
type Aanvraag = {
  state: RequestState;
  /** What the customer saw before this batch: its mails are judged against it. */
  before: CustomerView;
  /** Its window was fixed before this batch (firm date, delivery or cancellation): it was kept then. */
  windowFixedBefore: boolean;
  /** The day its work starts as it stood before this batch: a change moves the comparable curve. */
  startsOnBefore: string | undefined;
  /** What the organisations saw before this batch, when webhooks are on: its events are judged against it. */
  hooksBefore?: WebhookView;
  /** The log as stored, read on the first late arrival. */
  stored?: LoggedMessage[];
  /** Messages of this batch, in the order they were accepted. */
  added: LoggedMessage[];
  /** Each added message's place in the log, which keys the mails it causes. */
  seqs: Map<LoggedMessage, number>;
};

/** What this transaction wrote and must remember itself: its reads do not see its own writes. */
type Batch = WebhookBatch & {
  tx: IngestTransaction;
  webhooks: boolean;
  aanvragen: Map<string, Aanvraag>;
  hashes: Map<string, string>;
  /** Messages this batch parked, by aanvraag: a request_submitted later in the batch applies them. */
  parked: Map<string, ParkedRow[]>;
  /** The results of the messages this batch parked, changed in place when the batch applies them after all. */
  parkedResults: Map<ParkedRow, MessageResult>;
  endSurveyDecided: Set<string>;
  invitedNow: InvitedNow;
  received: string;
  now: Date;
};

/**
 * Messages per transaction at most (an aanvraag with more gets one of its own). Between two, other
 * requests get their turn: a batch of 500 held every look-up for 100–300 ms on SQLite, whose
 * work runs on the event loop (docs/decisions/0048-batches-in-parts.md).
 */
export const MESSAGES_PER_TRANSACTION = 50;

type Entry = { sender: Sender; message: Message };

/**
 * Applies the messages, each whole or not at all; one result per message, in order. All messages
 * about one aanvraag go in one transaction; a large batch is split between aanvragen.
 */
export async function ingestMessages(
  storage: IngestStorage,
  deps: IngestDeps,
  entries: readonly Entry[],
  options: IngestOptions = {},
): Promise<MessageResult[]> {
  const parts = partsByAanvraag(entries, MESSAGES_PER_TRANSACTION);
  if (parts.length <= 1) return ingestInOneTransaction(storage, deps, entries, options);
  const results: MessageResult[] = [];
  for (const [i, part] of parts.entries()) {
    // A turn of the event loop between two transactions, never inside one: each reads what was
    // committed and writes at its end, so no other writer can come between its reads and writes.
    if (i > 0) await nextTurn();
    const done = await ingestInOneTransaction(
      storage,
      deps,
      part.map((at) => entries[at] as Entry),
      options,
    );
    for (const [j, at] of part.entries()) results[at] = done[j] as MessageResult;
  }
  return results;
}

/**
 * The batch as parts of at most `size` messages (their places in the batch), each aanvraag's
 * messages together and in their order: what is judged per aanvraag per batch (the mails, the
 * webhooks, a parked message applied by request_submitted) stays judged over all of them.
 */
export function partsByAanvraag(entries: readonly Entry[], size: number): number[][] {
  const byAanvraag = new Map<string, number[]>();
  for (const [at, { message }] of entries.entries()) {
    const places = byAanvraag.get(message.requestNumber);
    if (places) places.push(at);
    else byAanvraag.set(message.requestNumber, [at]);
  }
  const parts: number[][] = [];
  let part: number[] = [];
  for (const places of byAanvraag.values()) {
    if (part.length > 0 && part.length + places.length > size) {
      parts.push(part);
      part = [];
    }
    part.push(...places);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

async function ingestInOneTransaction(
  storage: IngestStorage,
  deps: IngestDeps,
  entries: readonly Entry[],
  { receivedAt = new Date(), now = new Date() }: IngestOptions,
): Promise<MessageResult[]> {
  const startsChanged = new Map<string, ComparableGroup>();
  const results = await storage.transaction(async (tx) => {
    startsChanged.clear();
    const batch: Batch = {
      tx,
      directory: deps.directory,
      webhooks: !!deps.webhooks,
      aanvragen: new Map(),
      hashes: new Map(),
      parked: new Map(),
      parkedResults: new Map(),
      endSurveyDecided: new Set(),
      invitedNow: new Map(),
      received: receivedAt.toISOString(),
      now,
    };
    await tx.readAhead({
      numbers: entries.map((e) => e.message.requestNumber),
      messages: entries.map((e) => ({ sender: e.sender.code, messageId: e.message.id })),
    });
    const results: MessageResult[] = [];
    // No turn of the event loop inside a batch: on SQLite the reads are of the committed database
    // and the writes come at the end, so a writer outside ingestion (the retention job) that ran in
    // between would be overwritten by this batch's commit.
    for (const { sender, message } of entries) results.push(await ingestOne(batch, deps, sender, message));
    if (deps.mail) await tx.readAheadAddresses(applicantsChanged(batch));
    const changed = [...batch.aanvragen.values()].filter((a) => a.added.length);
    for (const aanvraag of changed) {
      // The state is written once per aanvraag per batch, however many of its messages came.
      await tx.putAanvraag(aanvraagRow(aanvraag.state, now));
      await mailAfterBatch(batch, deps, aanvraag);
      if (aanvraag.hooksBefore) await queueWebhooks(batch, { ...aanvraag, before: aanvraag.hooksBefore });
      const { combi, kind } = aanvraag.state;
      if (combi && kind && actualStart(aanvraag.state) !== aanvraag.startsOnBefore)
        startsChanged.set(`${combi}\n${kind}`, { combi, kind });
    }
    // Reads see what was committed, not this batch's writes: the order beside the writes above does not matter.
    await recordShownWindows(
      tx,
      deps.comparable,
      changed.map((a) => ({ state: a.state, fixedBefore: a.windowFixedBefore })),
    );
    return results;
  });
  if (startsChanged.size) deps.startsChanged?.([...startsChanged.values()]);
  return results;
}

/** The applicants of the aanvragen the batch changed: where its mails may go. */
function applicantsChanged(batch: Batch): string[] {
  return [...batch.aanvragen.values()].flatMap((a) => (a.added.length && a.state.applicant ? [a.state.applicant.email] : []));
}

async function ingestOne(batch: Batch, deps: IngestDeps, sender: Sender, m: Message): Promise<MessageResult> {
  const { tx } = batch;
  const bodyHash = hashBody(m);
  const identity = `${sender.code}\n${m.id}`;
  const known = batch.hashes.get(identity) ?? (await tx.loggedBodyHash(sender.code, m.id));
  if (known !== undefined) {
    if (known === bodyHash) return { id: m.id, status: 200, result: 'duplicate' };
    return {
      id: m.id,
      status: 409,
      result: 'rejected',
      errors: [{ field: 'id', message: `bericht ${m.id} is eerder met een andere inhoud ontvangen` }],
    };
  }
  const aanvraag = await load(batch, m.requestNumber);
  const verdict = judge(sender, m, aanvraag.state.submittedAt ? aanvraag.state : undefined, deps.directory);
  if (verdict === 'parkeren') {
    batch.hashes.set(identity, bodyHash);
    const result: MessageResult = { id: m.id, status: PARKED_STATUS.geparkeerd, result: 'geparkeerd' };
    batch.parkedResults.set(await park(batch, deps, sender, m, bodyHash), result);
    return result;
  }
  if (verdict) return { id: m.id, status: verdict.status, result: 'rejected', errors: [errorOf(verdict)] };

  batch.hashes.set(identity, bodyHash);
  await apply(batch, aanvraag, sender.code, m, bodyHash, batch.received);
  if (m.type === 'request_submitted') await applyParked(batch, deps, aanvraag);
  return { id: m.id, status: 201, result: 'accepted' };
}

function errorOf(refused: Refusal): { field?: string; message: string } {
  return refused.field ? { field: refused.field, message: refused.message } : { message: refused.message };
}

/** Logs a message and folds it into its aanvraag. */
async function apply(batch: Batch, aanvraag: Aanvraag, sender: string, m: Message, bodyHash: string, receivedAt: string) {
  const seq = await batch.tx.appendMessage({
    sender,
    messageId: m.id,
    requestNumber: m.requestNumber,
    type: m.type,
    occurredAt: m.occurredAt,
    receivedAt,
    bodyHash,
    body: m,
    projections: projectionsOf(m),
  });
  const logged: LoggedMessage = { ...m, sender };
  aanvraag.seqs.set(logged, seq);
  await foldIn(batch, aanvraag, logged);
}

/** Holds a message until its aanvraag arrives (docs/decisions/0034-parked-messages.md). */
async function park(batch: Batch, deps: IngestDeps, sender: Sender, m: Message, bodyHash: string): Promise<ParkedRow> {
  const days = deps.parkedDays ?? DEFAULT_PARKED_MESSAGE_DAYS;
  const row: ParkedRow = {
    sender: sender.code,
    messageId: m.id,
    requestNumber: m.requestNumber,
    type: m.type,
    receivedAt: batch.received,
    expiresAt: parkedUntil(new Date(batch.received), days).toISOString(),
    bodyHash,
    body: m,
  };
  await batch.tx.parkMessage(row);
  const waiting = batch.parked.get(m.requestNumber) ?? [];
  waiting.push(row);
  batch.parked.set(m.requestNumber, waiting);
  return row;
}

/**
 * The aanvraag arrived: the messages parked for it are judged and applied one by one in the order
 * received, each as if it arrived now (same rules, fold and mails), and what became of each is
 * recorded; one parked earlier in this batch gets that result in the answer too. One from a
 * sender that takes no part in the aanvraag keeps waiting until it expires: its result must not
 * tell that the number now exists (decision 0034).
 */
async function applyParked(batch: Batch, deps: IngestDeps, aanvraag: Aanvraag): Promise<void> {
  const { number } = aanvraag.state;
  const waiting = [...(await batch.tx.parkedMessages(number)), ...(batch.parked.get(number) ?? [])];
  batch.parked.delete(number);
  for (const parked of waiting) {
    const outcome = { sender: parked.sender, messageId: parked.messageId, resolvedAt: batch.received };
    if (parkedResult({ result: null, expiresAt: parked.expiresAt }, batch.now) === 'verlopen') {
      await batch.tx.resolveParked({ ...outcome, status: PARKED_STATUS.verlopen, result: 'verlopen', errors: null });
      continue;
    }
    const org = deps.directory.organisation(parked.sender);
    if (!org) continue;
    const verdict = judge(org, parked.body, aanvraag.state, deps.directory);
    if (verdict === 'parkeren') continue;
    const recorded: Pick<MessageResult, 'status' | 'result' | 'errors'> = verdict
      ? { status: verdict.status, result: 'rejected', errors: [errorOf(verdict)] }
      : { status: 201, result: 'accepted' };
    if (!verdict) await apply(batch, aanvraag, parked.sender, parked.body, parked.bodyHash, parked.receivedAt);
    await batch.tx.resolveParked({
      ...outcome,
      status: recorded.status,
      result: verdict ? 'rejected' : 'accepted',
      errors: recorded.errors ?? null,
    });
    const answered = batch.parkedResults.get(parked);
    if (answered) Object.assign(answered, recorded);
  }
}

/**
 * The mails of the whole batch about one aanvraag, each made from the state after all of it: a
 * mail never shows a half-built state, nor an event the batch already superseded.
 */
async function mailAfterBatch(batch: Batch, deps: IngestDeps, aanvraag: Aanvraag): Promise<void> {
  const { mail } = deps;
  if (!mail) return;
  const { state, before, added, seqs } = aanvraag;
  for (const { kind, cause } of mailsAfterBatch({ before, after: state, added })) {
    if (kind === 'eindmeting') await decideEndSurveyOnce(batch, { capoActive: deps.capoActive, mail }, aanvraag);
    else await queueKcmMail(batch.tx, mail, { kind, state, message: cause, seq: seqs.get(cause) as number, now: batch.now });
  }
}

async function load(batch: Batch, number: string): Promise<Aanvraag> {
  let aanvraag = batch.aanvragen.get(number);
  if (!aanvraag) {
    const state = (await batch.tx.aanvraag(number)) ?? emptyState(number);
    aanvraag = {
      state,
      before: customerView(state),
      windowFixedBefore: !!windowLastShownAt(state),
      startsOnBefore: actualStart(state),
      ...(batch.webhooks && { hooksBefore: webhookView(state) }),
      added: [],
      seqs: new Map(),
    };
    batch.aanvragen.set(number, aanvraag);
  }
  return aanvraag;
}

/** The fold: in order, one message more; late, the whole log again, so no state is half-built. */
async function foldIn(batch: Batch, aanvraag: Aanvraag, logged: LoggedMessage): Promise<void> {
  const last = aanvraag.state.lastKey;
  aanvraag.added.push(logged);
  if (!last || compareMessages(last, logged) <= 0) {
    applyMessage(aanvraag.state, logged);
    return;
  }
  aanvraag.stored ??= await batch.tx.messageLog(logged.requestNumber);
  aanvraag.state = foldMessages(logged.requestNumber, [...aanvraag.stored, ...aanvraag.added]);
}

/** One eindmeting decision per aanvraag, ever: whatever arrives after oplevering changes nothing. */
async function decideEndSurveyOnce(batch: Batch, deps: EndSurveyDeps, aanvraag: Aanvraag): Promise<void> {
  const { number } = aanvraag.state;
  if (batch.endSurveyDecided.has(number) || (await batch.tx.endSurvey(number))) return;
  batch.endSurveyDecided.add(number);
  await inviteToEndSurvey(batch.tx, deps, {
    state: aanvraag.state,
    trigger: 'capo',
    now: batch.now,
    invitedNow: batch.invitedNow,
  });
}
