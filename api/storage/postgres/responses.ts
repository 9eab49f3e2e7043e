/**
 * Survey responses in PostgreSQL (see ResponsesStore): one row per response, one per answer.
 * One response per trigger and per invitation holds under concurrency through the unique indexes:
 * a new response is inserted `on conflict do nothing`, and only when that inserted nothing does
 * the save look at what is there.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { namesOtherContext, newResponseRow, responsesById } from '../response-rows.ts';
import type { NewOutboxMail, ResponseContext, ResponsesStore, SaveResponse, SaveResult, SurveyResponse } from '../store.ts';
import type { PgDb, PgTx } from './database.ts';
import { insertOutboxMails } from './outbox.ts';
import { surveyAnswers as answersTable, surveyResponses as responses } from './schema.ts';

export class PgResponses implements ResponsesStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  save(
    { id, context, answers = {}, completed = false, at }: SaveResponse,
    webhooks: readonly NewOutboxMail[] = [],
  ): Promise<SaveResult> {
    const now = at.toISOString();
    return this.#db.transaction(async (tx): Promise<SaveResult> => {
      const inserted = await tx
        .insert(responses)
        .values(newResponseRow(id, context, now))
        .onConflictDoNothing()
        .returning({ id: responses.id });
      let result: 'created' | 'saved' | 'unchanged' = inserted.length ? 'created' : 'unchanged';
      if (!inserted.length) {
        // Locked, so two saves of one response change it one after the other.
        const [row] = await tx.select().from(responses).where(eq(responses.id, id)).for('update');
        if (!row) return { result: 'conflict', reason: await this.#taken(tx, context) };
        if (namesOtherContext(row, context)) return { result: 'conflict', reason: 'other-context' };
      }

      const given = Object.entries(answers);
      if (given.length) {
        // Returns only the answers written: an answer given again with the same value is left as it was.
        const changed = await tx
          .insert(answersTable)
          .values(given.map(([question, value]) => ({ responseId: id, question, value, answeredAt: now })))
          .onConflictDoUpdate({
            target: [answersTable.responseId, answersTable.question],
            set: { value: sql`excluded.value`, answeredAt: sql`excluded.answered_at` },
            setWhere: sql`${answersTable.value} is distinct from excluded.value`,
          })
          .returning({ question: answersTable.question });
        if (changed.length && result === 'unchanged') result = 'saved';
      }
      if (completed) {
        const done = await tx
          .update(responses)
          .set({ completedAt: now })
          .where(and(eq(responses.id, id), isNull(responses.completedAt)))
          .returning({ id: responses.id });
        if (done.length && result === 'unchanged') result = 'saved';
      }
      if (result === 'saved') await tx.update(responses).set({ updatedAt: now }).where(eq(responses.id, id));
      await insertOutboxMails(tx, webhooks, at);
      return { result };
    });
  }

  /** Which unique rule the new response ran into: its trigger or its invitation has another response. */
  async #taken(tx: PgTx, context: ResponseContext): Promise<'trigger-taken' | 'invitation-taken'> {
    if (context.triggerKey) {
      const [row] = await tx.select({ id: responses.id }).from(responses).where(eq(responses.triggerKey, context.triggerKey));
      if (row) return 'trigger-taken';
    }
    return 'invitation-taken';
  }

  async forTrigger(triggerKey: string): Promise<{ id: string; completedAt: string | null } | undefined> {
    const [row] = await this.#db
      .select({ id: responses.id, completedAt: responses.completedAt })
      .from(responses)
      .where(eq(responses.triggerKey, triggerKey));
    return row;
  }

  async get(id: string): Promise<SurveyResponse | undefined> {
    return (await this.getMany([id])).get(id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, SurveyResponse>> {
    if (ids.length === 0) return new Map();
    const rows = await this.#db
      .select()
      .from(responses)
      .where(inArray(responses.id, [...ids]));
    const answers = await this.#db
      .select({ responseId: answersTable.responseId, question: answersTable.question, value: answersTable.value })
      .from(answersTable)
      .where(inArray(answersTable.responseId, [...ids]))
      // SQLite reads them along its primary key (response, question), in byte order: "C" is that order.
      .orderBy(answersTable.responseId, sql`${answersTable.question} collate "C"`);
    return responsesById(rows, answers);
  }
}
