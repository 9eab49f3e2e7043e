/**
 * The BI feed's storage contract and what both databases do alike with the rows they read
 * (api/core/bi-feed.ts builds the feed from it; the rules are domain/bi-feed.ts). Each database
 * reads, by the one scope rule (scope-sql.ts), the responses about aanvragen in the scope with all
 * their answers and the state of each aanvraag once: sqlite/bi-feed.ts, postgres/bi-feed.ts.
 */
import type { RequestState } from '../../domain/request-state.ts';
import type { Scope } from '../../domain/staff.ts';

/** Stored instants are UTC ISO strings: the response days to read, as [from, to). */
export type BiReadWindow = { from?: string; to?: string };

/** A response with its answers and the folded state of its aanvraag. */
export type BiSourceResponse = {
  id: string;
  survey: string;
  /** The response's day: its invitation's, else its own start (an ISO instant). */
  at: string;
  answers: { question: string; value: unknown; answeredAt: string }[];
  state: RequestState;
};

export interface BiFeedStorage {
  /** The responses about aanvragen in the scope whose day lies in the window (none given: all). */
  responses(scope: Scope, window: BiReadWindow): Promise<BiSourceResponse[]>;
}

/** One response row joined with one of its answers (or none), and its aanvraag's row id. */
export type BiAnswerRow = {
  requestId: number;
  id: string;
  survey: string;
  at: string;
  question: string | null;
  value: unknown;
  answeredAt: string | null;
};

/** Row ids read per query of states: well below either database's limit of parameters. */
const STATE_CHUNK = 500;

/** The responses, one per id with its answers, each with the state of its aanvraag (read once per aanvraag). */
export function biSourceResponses(rows: Iterable<BiAnswerRow>, states: Map<number, RequestState>): BiSourceResponse[] {
  const byId = new Map<string, BiSourceResponse>();
  for (const { requestId, id, survey, at, question, value, answeredAt } of rows) {
    const state = states.get(requestId);
    if (!state) continue;
    let response = byId.get(id);
    if (!response) {
      response = { id, survey, at, answers: [], state };
      byId.set(id, response);
    }
    if (question !== null && answeredAt !== null) response.answers.push({ question, value, answeredAt });
  }
  return [...byId.values()];
}

/** The distinct row ids of the aanvragen behind the rows, in chunks for the state queries. */
export function requestIdChunks(rows: readonly BiAnswerRow[]): number[][] {
  const ids = [...new Set(rows.map((r) => r.requestId))];
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += STATE_CHUNK) out.push(ids.slice(i, i + STATE_CHUNK));
  return out;
}
