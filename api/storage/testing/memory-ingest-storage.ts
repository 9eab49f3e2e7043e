/**
 * api/storage/contract.ts in memory, for tests of the application core that need neither SQL nor
 * HTTP. It keeps the contract's rules strictly: writes are collected and land together when the
 * work resolves (none when it throws), and reads never see the transaction's own writes.
 */

import type { NotificationMode } from '../../../domain/kcm-mails.ts';
import type { Lang } from '../../../domain/language.ts';
import type { LoggedMessage } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import type { ShownWindowRecord } from '../../../domain/window-calibration.ts';
import { CollectedWrites, countingOn } from '../collected-writes.ts';
import { comparableChange } from '../comparable-rows.ts';
import type {
  AanvraagRow,
  EndSurveyRow,
  IngestStorage,
  IngestTransaction,
  OutboxRow,
  ParkedOutcome,
  ParkedRow,
  WebhookSubscription,
} from '../contract.ts';
import { invitedDelivery } from '../end-survey-rows.ts';

export class MemoryIngestStorage implements IngestStorage {
  readonly messages: CollectedWrites['messages'] = [];
  readonly aanvragen = new Map<string, AanvraagRow>();
  readonly links: CollectedWrites['links'] = [];
  readonly endSurveys = new Map<string, EndSurveyRow>();
  readonly outbox = new Map<string, OutboxRow>();
  /** Parked messages in the order received, with their outcome once recorded. */
  readonly parked: (ParkedRow & { outcome?: ParkedOutcome })[] = [];
  readonly shownWindows = new Map<string, ShownWindowRecord>();
  /** Notification choices by aanvraag and address, as the customer pages would set them. */
  readonly modes = new Map<string, NotificationMode>();
  /** The active webhook endpoints, as the admin would register them. */
  readonly subscriptions: WebhookSubscription[] = [];
  /** Makes the next commit fail, as a broken disk would. */
  failNextCommit = false;

  setNotificationMode(number: string, email: string, mode: NotificationMode): void {
    this.modes.set(`${number}\n${email.toLowerCase()}`, mode);
  }

  /** Languages chosen by address, as the customer pages would set them. */
  readonly languages = new Map<string, Lang>();

  async transaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T> {
    const tx = new MemoryTransaction(this);
    const result = await work(tx);
    if (this.failNextCommit) {
      this.failNextCommit = false;
      throw new Error('commit failed');
    }
    this.messages.push(...tx.messages);
    for (const row of tx.aanvragen.values()) this.aanvragen.set(row.number, structuredClone(row));
    this.links.push(...tx.links);
    for (const row of tx.endSurveys) this.endSurveys.set(row.requestNumber, row);
    this.parked.push(...tx.parked.map((row) => ({ ...row })));
    for (const outcome of tx.outcomes) {
      const row = this.parked.find((p) => p.sender === outcome.sender && p.messageId === outcome.messageId);
      if (row) row.outcome = outcome;
    }
    for (const mail of tx.outbox) if (!this.outbox.has(mail.idempotencyKey)) this.outbox.set(mail.idempotencyKey, mail);
    for (const row of tx.shownWindows) if (!this.shownWindows.has(row.number)) this.shownWindows.set(row.number, row);
    return result;
  }
}

class MemoryTransaction extends CollectedWrites implements IngestTransaction {
  readonly #committed: MemoryIngestStorage;

  constructor(committed: MemoryIngestStorage) {
    super(countingOn(() => committed.messages.at(-1)?.seq ?? 0));
    this.#committed = committed;
  }

  /** Nothing to lock or batch: transactions here never overlap a commit. */
  async readAhead() {}

  async readAheadAddresses() {}

  async loggedBodyHash(sender: string, messageId: string) {
    const same = (m: { sender: string; messageId: string }) => m.sender === sender && m.messageId === messageId;
    return (this.#committed.messages.find(same) ?? this.#committed.parked.find(same))?.bodyHash;
  }

  async parkedMessages(number: string) {
    return this.#committed.parked
      .filter((p) => p.requestNumber === number && !p.outcome)
      .map(({ outcome: _, ...row }) => structuredClone(row));
  }

  async aanvraag(number: string) {
    // A copy: the core folds into the state it is given.
    return structuredClone(this.#committed.aanvragen.get(number)?.state) as RequestState | undefined;
  }

  async messageLog(number: string) {
    return this.#committed.messages
      .filter((m) => m.requestNumber === number)
      .map((m) => ({ ...(structuredClone(m.body) as object), sender: m.sender }) as LoggedMessage);
  }

  async notificationMode(number: string, email: string) {
    return this.#committed.modes.get(`${number}\n${email.toLowerCase()}`) ?? 'alles';
  }

  async customerLanguage(email: string) {
    return this.#committed.languages.get(email.toLowerCase()) ?? 'nl';
  }

  async endSurvey(number: string) {
    const row = this.#committed.endSurveys.get(number);
    return row && { status: row.status, skipReason: row.skipReason };
  }

  async webhookSubscriptions() {
    return [...this.#committed.subscriptions];
  }

  async invitedDeliveriesTo(email: string) {
    return [...this.#committed.endSurveys.values()]
      .filter((e) => e.email === email && e.status === 'uitgenodigd')
      .map(invitedDelivery);
  }

  /** Every aanvraag each time after the first: the contract allows an aanvraag to come again, and this keeps no positions. */
  async comparableChanges(cursor: string | undefined) {
    const rows = cursor === undefined ? [] : [...this.#committed.aanvragen.values()].map(comparableChange);
    return { rows, cursor: 'alles' };
  }

  async comparableGroup(combi: string, kind: string) {
    return [...this.#committed.aanvragen.values()]
      .filter((a) => a.combi === combi && a.kind === kind && a.submittedAt !== null)
      .map(comparableChange);
  }
}
