/**
 * api/storage/contract.ts in memory, for tests of the application core that need neither SQL nor
 * HTTP. It keeps the contract's rules strictly: writes are collected and land together when the
 * work resolves (none when it throws), and reads never see the transaction's own writes.
 */
import type { NotificationMode } from '../../../domain/kcm-mails.ts';
import type { Lang } from '../../../domain/language.ts';
import type { LoggedMessage } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import { CollectedWrites, countingOn } from '../collected-writes.ts';
import type { AanvraagRow, EndSurveyRow, IngestStorage, IngestTransaction, OutboxRow, WebhookSubscription } from '../contract.ts';
import { invitedDelivery } from '../end-survey-rows.ts';

export class MemoryIngestStorage implements IngestStorage {
  readonly messages: CollectedWrites['messages'] = [];
  readonly aanvragen = new Map<string, AanvraagRow>();
  readonly links: CollectedWrites['links'] = [];
  readonly endSurveys = new Map<string, EndSurveyRow>();
  readonly outbox = new Map<string, OutboxRow>();
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
    for (const mail of tx.outbox) if (!this.outbox.has(mail.idempotencyKey)) this.outbox.set(mail.idempotencyKey, mail);
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

  async loggedBodyHash(sender: string, messageId: string) {
    return this.#committed.messages.find((m) => m.sender === sender && m.messageId === messageId)?.bodyHash;
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
}
