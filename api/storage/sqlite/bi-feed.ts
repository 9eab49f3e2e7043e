/** The BI feed's storage on SQLite (api/storage/bi-feed-rows.ts): SQL only. */
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { RequestState } from '../../../domain/request-state.ts';
import type { Scope } from '../../../domain/staff.ts';
import {
  type BiAnswerRow,
  type BiFeedStorage,
  type BiReadWindow,
  type BiSourceResponse,
  biSourceResponses,
  requestIdChunks,
} from '../bi-feed-rows.ts';
import { responseDay } from '../dashboard-rows.ts';
import { type DirectoryIds, scopeCondition } from '../scope-sql.ts';
import * as schema from './schema.ts';

export class SqliteBiFeed implements BiFeedStorage {
  readonly #db: BetterSQLite3Database<typeof schema>;
  readonly #ids: DirectoryIds;

  constructor(db: BetterSQLite3Database<typeof schema>, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async responses(scope: Scope, window: BiReadWindow): Promise<BiSourceResponse[]> {
    const {
      surveyResponses: responses,
      surveyAnswers: answers,
      requests,
      endSurveyInvitations: ends,
      helpdeskContacts: help,
    } = schema;
    const day = responseDay(schema);
    const rows: BiAnswerRow[] = this.#db
      .select({
        requestId: requests.id,
        id: responses.id,
        survey: responses.survey,
        at: day,
        question: answers.question,
        value: answers.value,
        answeredAt: answers.answeredAt,
      })
      .from(responses)
      .innerJoin(requests, eq(requests.number, responses.requestNumber))
      .leftJoin(ends, eq(ends.id, responses.invitationId))
      .leftJoin(help, eq(help.id, responses.invitationId))
      .leftJoin(answers, eq(answers.responseId, responses.id))
      .where(
        and(
          scopeCondition(scope, this.#ids, schema),
          window.from === undefined ? undefined : gte(day, window.from),
          window.to === undefined ? undefined : lt(day, window.to),
        ),
      )
      .all();
    const states = new Map<number, RequestState>();
    for (const ids of requestIdChunks(rows)) {
      for (const { id, state } of this.#db
        .select({ id: requests.id, state: requests.state })
        .from(requests)
        .where(inArray(requests.id, ids))
        .all())
        states.set(id, state as RequestState);
    }
    return biSourceResponses(rows, states);
  }
}
