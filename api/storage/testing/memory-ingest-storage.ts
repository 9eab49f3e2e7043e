/**
 * api/storage/contract.ts in memory, for tests of the application core that need neither SQL nor
 * HTTP. It keeps the contract's rules strictly: writes are collected and land together when the
 * work resolves (none when it throws), and reads never see the transaction's own writes.
 */
import type { NotificationMode } from '../../../domain/kcm-mails.ts';
import type { LoggedMessage } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import type {
  AanvraagRow,
  AccessLinkRow,
  EndSurveyRow,
  IngestStorage,
  IngestTransaction,
  MessageRow,
  OutboxRow,
} from '../contract.ts';

type Written = {
  messages: (MessageRow & { seq: number })[];
  aanvragen: AanvraagRow[];
  links: AccessLinkRow[];
  endSurveys: EndSurveyRow[];
  outbox: OutboxRow[];
};

export class MemoryIngestStorage implements IngestStorage {
  readonly messages: (MessageRow & { seq: number })[] = [];
  readonly aanvragen = new Map<string, AanvraagRow>();
  readonly links: AccessLinkRow[] = [];
  readonly endSurveys = new Map<string, EndSurveyRow>();
  readonly outbox = new Map<string, OutboxRow>();
  /** Notification choices by aanvraag and address, as the customer pages would set them. */
  readonly modes = new Map<string, NotificationMode>();
  /** Makes the next commit fail, as a broken disk would. */
  failNextCommit = false;

  setNotificationMode(number: string, email: string, mode: NotificationMode): void {
    this.modes.set(`${number}\n${email.toLowerCase()}`, mode);
  }

  async transaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T> {
    const written: Written = { messages: [], aanvragen: [], links: [], endSurveys: [], outbox: [] };
    const result = await work(this.#transaction(written));
    if (this.failNextCommit) {
      this.failNextCommit = false;
      throw new Error('commit failed');
    }
    this.messages.push(...written.messages);
    for (const row of written.aanvragen) this.aanvragen.set(row.number, structuredClone(row));
    this.links.push(...written.links);
    for (const row of written.endSurveys) this.endSurveys.set(row.requestNumber, row);
    for (const mail of written.outbox) if (!this.outbox.has(mail.idempotencyKey)) this.outbox.set(mail.idempotencyKey, mail);
    return result;
  }

  #transaction(written: Written): IngestTransaction {
    let seq = this.messages.at(-1)?.seq ?? 0;
    return {
      loggedBodyHash: async (sender, messageId) =>
        this.messages.find((m) => m.sender === sender && m.messageId === messageId)?.bodyHash,
      // A copy: the core folds into the state it is given.
      aanvraag: async (number) => structuredClone(this.aanvragen.get(number)?.state) as RequestState | undefined,
      messageLog: async (number) =>
        this.messages
          .filter((m) => m.requestNumber === number)
          .map((m) => ({ ...(structuredClone(m.body) as object), sender: m.sender }) as LoggedMessage),
      notificationMode: async (number, email) => this.modes.get(`${number}\n${email.toLowerCase()}`) ?? 'alles',
      endSurvey: async (number) => {
        const row = this.endSurveys.get(number);
        return row && { status: row.status, skipReason: row.skipReason };
      },
      lastEndSurveyTo: async (email) =>
        [...this.endSurveys.values()]
          .filter((e) => e.email === email && e.status === 'uitgenodigd')
          .map((e) => e.createdAt)
          .sort((a, b) => b.getTime() - a.getTime())[0],
      appendMessage: async (message) => {
        written.messages.push({ ...message, seq: ++seq });
        return seq;
      },
      putAanvraag: async (row) => void written.aanvragen.push(row),
      addAccessLink: async (link) => void written.links.push(link),
      saveEndSurvey: async (row) => void written.endSurveys.push(row),
      enqueue: async (mail) => void written.outbox.push(mail),
    };
  }
}
