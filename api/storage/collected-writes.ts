/**
 * The write half of an ingestion transaction (api/storage/contract.ts), collected while the work
 * runs and applied by the storage when it resolves: in one synchronous SQLite transaction, or
 * into the maps of the in-memory fake.
 */
import type { AanvraagRow, AccessLinkRow, EndSurveyRow, IngestTransaction, MessageRow, OutboxRow } from './contract.ts';

type Writes = Pick<IngestTransaction, 'appendMessage' | 'putAanvraag' | 'addAccessLink' | 'saveEndSurvey' | 'enqueue'>;

export class CollectedWrites implements Writes {
  readonly messages: (MessageRow & { seq: number })[] = [];
  /** The last row per aanvraag: its state is written once per transaction. */
  readonly aanvragen = new Map<string, AanvraagRow>();
  readonly links: AccessLinkRow[] = [];
  readonly endSurveys: EndSurveyRow[] = [];
  readonly outbox: OutboxRow[] = [];
  readonly #lastSeq: () => number;
  #seq: number | undefined;

  /** `lastSeq` reads the last place taken in the committed log, once, at the first message. */
  constructor(lastSeq: () => number) {
    this.#lastSeq = lastSeq;
  }

  async appendMessage(message: MessageRow): Promise<number> {
    this.#seq = (this.#seq ?? this.#lastSeq()) + 1;
    this.messages.push({ ...message, seq: this.#seq });
    return this.#seq;
  }

  async putAanvraag(aanvraag: AanvraagRow): Promise<void> {
    this.aanvragen.set(aanvraag.number, aanvraag);
  }

  async addAccessLink(link: AccessLinkRow): Promise<void> {
    this.links.push(link);
  }

  async saveEndSurvey(decision: EndSurveyRow): Promise<void> {
    this.endSurveys.push(decision);
  }

  async enqueue(mail: OutboxRow): Promise<void> {
    this.outbox.push(mail);
  }
}
