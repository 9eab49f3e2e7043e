/** Survey responses in SQLite (see ResponsesStore): one row per response, one per answer. */
import { and, eq, inArray } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { namesOtherContext, newResponseRow, responsesById } from '../response-rows.ts';
import type {
  AnswerValue,
  NewOutboxMail,
  ResponseContext,
  ResponsesStore,
  SaveResponse,
  SaveResult,
  SurveyResponse,
} from '../store.ts';
import { insertOutboxRows } from './outbox.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;

const same = (a: AnswerValue, b: AnswerValue) => JSON.stringify(a) === JSON.stringify(b);

export class SqliteResponses implements ResponsesStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async save(
    { id, context, answers = {}, completed = false, at }: SaveResponse,
    webhooks: readonly NewOutboxMail[] = [],
  ): Promise<SaveResult> {
    const { surveyResponses: responses, surveyAnswers } = schema;
    const now = at.toISOString();
    return this.#db.transaction((tx): SaveResult => {
      const row = tx.select().from(responses).where(eq(responses.id, id)).get();
      let result: 'created' | 'saved' | 'unchanged' = 'unchanged';
      if (!row) {
        const taken = this.#taken(context);
        if (taken) return { result: 'conflict', reason: taken };
        tx.insert(responses)
          .values(newResponseRow(id, context, now))
          .run();
        result = 'created';
      } else if (namesOtherContext(row, context)) {
        return { result: 'conflict', reason: 'other-context' };
      }

      for (const [question, value] of Object.entries(answers)) {
        const found = tx
          .select({ value: surveyAnswers.value })
          .from(surveyAnswers)
          .where(and(eq(surveyAnswers.responseId, id), eq(surveyAnswers.question, question)))
          .get();
        if (found && same(found.value, value)) continue;
        tx.insert(surveyAnswers)
          .values({ responseId: id, question, value, answeredAt: now })
          .onConflictDoUpdate({ target: [surveyAnswers.responseId, surveyAnswers.question], set: { value, answeredAt: now } })
          .run();
        if (result === 'unchanged') result = 'saved';
      }
      if (completed && !row?.completedAt) {
        tx.update(responses).set({ completedAt: now }).where(eq(responses.id, id)).run();
        if (result === 'unchanged') result = 'saved';
      }
      if (result === 'saved') tx.update(responses).set({ updatedAt: now }).where(eq(responses.id, id)).run();
      insertOutboxRows(tx, webhooks, at);
      return { result };
    });
  }

  /** Whether the trigger or the invitation already has a response (one connection: inside the transaction). */
  #taken(context: ResponseContext): 'trigger-taken' | 'invitation-taken' | undefined {
    const { surveyResponses: responses } = schema;
    if (
      context.triggerKey &&
      this.#db.select({ id: responses.id }).from(responses).where(eq(responses.triggerKey, context.triggerKey)).get()
    )
      return 'trigger-taken';
    if (
      context.invitationId &&
      this.#db.select({ id: responses.id }).from(responses).where(eq(responses.invitationId, context.invitationId)).get()
    )
      return 'invitation-taken';
    return undefined;
  }

  async forTrigger(triggerKey: string): Promise<{ id: string; completedAt: string | null } | undefined> {
    const { surveyResponses: responses } = schema;
    return this.#db
      .select({ id: responses.id, completedAt: responses.completedAt })
      .from(responses)
      .where(eq(responses.triggerKey, triggerKey))
      .get();
  }

  async get(id: string): Promise<SurveyResponse | undefined> {
    return (await this.getMany([id])).get(id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, SurveyResponse>> {
    const { surveyResponses: responses, surveyAnswers } = schema;
    if (ids.length === 0) return new Map();
    const rows = this.#db
      .select()
      .from(responses)
      .where(inArray(responses.id, [...ids]))
      .all();
    const answers = this.#db
      .select({ responseId: surveyAnswers.responseId, question: surveyAnswers.question, value: surveyAnswers.value })
      .from(surveyAnswers)
      .where(inArray(surveyAnswers.responseId, [...ids]))
      .orderBy(surveyAnswers.responseId, surveyAnswers.question)
      .all();
    return responsesById(rows, answers);
  }
}
