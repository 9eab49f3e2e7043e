/**
 * The BI feed's use case (docs/decisions/0038-bi-feed.md): reads the responses of an
 * organisation's scope from storage, has domain/bi-feed.ts make the published rows, and gives
 * them as one OData page (domain/bi-feed-query.ts) or as one month's Parquet file.
 */
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import {
  BI_FIELDS,
  type BiProcessFacts,
  type BiQuestion,
  type BiResponse,
  type BiRow,
  biProcessFacts,
  biQuestion,
  biReadWindow,
  biRows,
  cutOfState,
} from '../../domain/bi-feed.ts';
import { type BiPage, type BiQuery, biPage, dateRange } from '../../domain/bi-feed-query.ts';
import { addDays, dutchDate, type IsoDate } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { splitsByCombi } from '../../domain/satisfaction.ts';
import { scopeOf } from '../../domain/staff.ts';
import type { Surveys } from '../../domain/survey-schema.ts';
import type { OrganisationRecord, Store } from '../storage/store.ts';

export type BiFeedDeps = { store: Store; content: Content; surveys: Surveys; now?: () => Date };

const later = (a: IsoDate | undefined, b: IsoDate | undefined) => (a === undefined ? b : b === undefined || a > b ? a : b);
const earlier = (a: IsoDate | undefined, b: IsoDate | undefined) => (a === undefined ? b : b === undefined || a < b ? a : b);

/**
 * How long the rows of one read serve the next pages: a client follows @odata.nextLink within
 * seconds, and each read weighs whole quarters (about a second per 6,000 responses on a busy
 * 2-core machine), so a feed of 20 pages is read once, not 20 times. Rows of closed quarters do
 * not change; the process facts beside them are at most this old.
 */
const ROWS_KEPT_MS = 60_000;
/** Reads kept at once (organisations × date ranges being paged through). */
const READS_KEPT = 16;

export class BiFeed {
  readonly #deps: BiFeedDeps;
  readonly #questions = new Map<string, BiQuestion | undefined>();
  readonly #kept = new Map<string, { until: number; rows: Promise<BiRow[]> }>();

  constructor(deps: BiFeedDeps) {
    this.#deps = deps;
    for (const [survey, definition] of deps.surveys)
      for (const q of definition.vragen) this.#questions.set(`${survey}|${q.id}`, biQuestion(q));
  }

  /**
   * The published rows of the organisation whose meetdatum lies in [from, to) as far as given
   * (and, read along, every row an antwoorddatum in that range can have).
   */
  rows(organisation: OrganisationRecord, days: { from?: IsoDate; to?: IsoDate }): Promise<BiRow[]> {
    const now = Date.now();
    for (const [key, read] of this.#kept) if (read.until <= now) this.#kept.delete(key);
    const key = `${organisation.code}|${days.from ?? ''}|${days.to ?? ''}`;
    const kept = this.#kept.get(key);
    if (kept) return kept.rows;
    if (this.#kept.size >= READS_KEPT) this.#kept.delete(this.#kept.keys().next().value as string);
    const rows = this.#read(organisation, days);
    this.#kept.set(key, { until: now + ROWS_KEPT_MS, rows });
    // A failed read is not kept: the next request tries again.
    rows.catch(() => this.#kept.delete(key));
    return rows;
  }

  async #read(organisation: OrganisationRecord, days: { from?: IsoDate; to?: IsoDate }): Promise<BiRow[]> {
    const { store, content } = this.#deps;
    const today = dutchDate((this.#deps.now ?? (() => new Date()))());
    const scope = scopeOf(organisation, store.combiCodes(), store);
    const window = biReadWindow(days.from, days.to);
    // Stored instants are UTC: a day's margin on either side; biRows keeps the exact Dutch days.
    const source = await store.biFeed.responses(scope, {
      ...(window.from && { from: addDays(window.from, -1) }),
      ...(window.to && { to: addDays(window.to, 1) }),
    });
    const facts = new Map<RequestState, BiProcessFacts>();
    const responses: BiResponse[] = [];
    for (const { id, survey, at, answers, state } of source) {
      if (!state.submittedAt) continue;
      let own = facts.get(state);
      if (!own) {
        own = biProcessFacts(state, content, today);
        facts.set(state, own);
      }
      responses.push({
        id,
        survey,
        cut: cutOfState(state),
        day: dutchDate(at),
        answers: answers.map((a) => ({ question: a.question, value: a.value, day: dutchDate(a.answeredAt) })),
        facts: own,
      });
    }
    return biRows({
      responses,
      today,
      byCombi: splitsByCombi(scope),
      question: (survey, question) => this.#questions.get(`${survey}|${question}`),
      window,
    });
  }

  /** One page of the OData feed: only the quarters the date conditions can reach are read. */
  async page(organisation: OrganisationRecord, query: BiQuery, pageSize: number): Promise<BiPage> {
    const measured = dateRange(query.conditions, 'meetdatum');
    const answered = dateRange(query.conditions, 'antwoorddatum');
    // An answer is never given before its response's day: an upper bound on either bounds both.
    const rows = await this.rows(organisation, {
      from: later(measured.from, answered.from),
      to: earlier(measured.to, answered.to),
    });
    return biPage(rows, query, pageSize);
  }

  /** The rows whose meetdatum is in one month ("2026-11"), as a Parquet file. */
  async month(organisation: OrganisationRecord, month: string): Promise<Uint8Array> {
    const from = `${month}-01`;
    const to = addDays(`${month}-28`, 4).slice(0, 7).concat('-01');
    const rows = (await this.rows(organisation, { from, to })).filter((r) => r.meetdatum >= from && r.meetdatum < to);
    return parquetOf(rows);
  }
}

const PARQUET_TYPES = {
  'Edm.String': { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  'Edm.Int32': { type: 'INT32' },
  'Edm.Double': { type: 'DOUBLE' },
  'Edm.Date': { type: 'INT32', converted_type: 'DATE' },
} as const;

/** The rows as a Parquet file: one column per field of BI_FIELDS, with its type and whether it can be empty. */
export function parquetOf(rows: readonly BiRow[]): Uint8Array {
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: BI_FIELDS.map((f) => ({
      name: f.name,
      data: rows.map((row) => {
        const value = row[f.name];
        return f.type === 'Edm.Date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
      }),
      nullable: f.nullable,
    })),
    schema: [
      { name: 'root', num_children: BI_FIELDS.length },
      ...BI_FIELDS.map((f) => ({
        name: f.name,
        ...PARQUET_TYPES[f.type],
        repetition_type: f.nullable ? ('OPTIONAL' as const) : ('REQUIRED' as const),
      })),
    ],
    createdBy: 'Traject BI-feed',
  });
  return new Uint8Array(writer.getBuffer());
}
