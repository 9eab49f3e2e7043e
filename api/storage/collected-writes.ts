/**
 * The write half of an ingestion transaction (api/storage/contract.ts), collected while the work
 * runs and applied by the storage when it resolves: in one synchronous SQLite transaction, at the
 * end of PostgreSQL's transaction, or into the maps of the in-memory fake. Collecting is what keeps
 * the contract's rule that reads never see the transaction's own writes (a late message replays
 * the stored log plus the batch's own messages: stored must not hold them already).
 */
import type { ShownWindowRecord } from '../../domain/window-calibration.ts';
import type {
  AanvraagRow,
  AccessLinkRow,
  EndSurveyRow,
  IngestTransaction,
  MessageRow,
  OutboxRow,
  ParkedOutcome,
  ParkedRow,
} from './contract.ts';

type Writes = Pick<
  IngestTransaction,
  | 'appendMessage'
  | 'putAanvraag'
  | 'addAccessLink'
  | 'saveEndSurvey'
  | 'enqueue'
  | 'parkMessage'
  | 'resolveParked'
  | 'recordShownWindow'
>;

export class CollectedWrites implements Writes {
  readonly messages: (MessageRow & { seq: number })[] = [];
  /** The last row per aanvraag: its state is written once per transaction. */
  readonly aanvragen = new Map<string, AanvraagRow>();
  readonly links: AccessLinkRow[] = [];
  readonly endSurveys: EndSurveyRow[] = [];
  readonly outbox: OutboxRow[] = [];
  /** Parked in this transaction, in the order received; written before the outcomes below. */
  readonly parked: ParkedRow[] = [];
  readonly outcomes: ParkedOutcome[] = [];
  readonly shownWindows: ShownWindowRecord[] = [];
  readonly #nextSeq: () => number | Promise<number>;

  /** `nextSeq` hands out the place in the log of each message appended, in order. */
  constructor(nextSeq: () => number | Promise<number>) {
    this.#nextSeq = nextSeq;
  }

  async appendMessage(message: MessageRow): Promise<number> {
    const seq = await this.#nextSeq();
    this.messages.push({ ...message, seq });
    return seq;
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

  async parkMessage(message: ParkedRow): Promise<void> {
    this.parked.push(message);
  }

  async resolveParked(outcome: ParkedOutcome): Promise<void> {
    this.outcomes.push(outcome);
  }

  async recordShownWindow(record: ShownWindowRecord): Promise<void> {
    this.shownWindows.push(record);
  }
}

/**
 * Places counted on from the last one taken in the committed log, read once at the first message:
 * right only while one transaction at a time appends (SQLite's queue, the in-memory fake).
 */
export function countingOn(lastSeq: () => number): () => number {
  let seq: number | undefined;
  return () => {
    seq = (seq ?? lastSeq()) + 1;
    return seq;
  };
}
