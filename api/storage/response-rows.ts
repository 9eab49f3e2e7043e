/**
 * Survey responses (ResponsesStore) between records and rows, for both databases: what a new
 * response's row holds, when a known id names another context, and the record read back.
 */
import type { AnswerValue, ResponseContext, SurveyResponse } from './store.ts';

type ResponseRow = Omit<SurveyResponse, 'answers'>;

export const newResponseRow = (id: string, context: ResponseContext, now: string): ResponseRow => ({
  id,
  survey: context.survey,
  requestNumber: context.requestNumber ?? null,
  trigger: context.trigger ?? null,
  triggerKey: context.triggerKey ?? null,
  invitationId: context.invitationId ?? null,
  page: context.page ?? null,
  createdAt: now,
  updatedAt: now,
  completedAt: null,
});

const CONTEXT_KEYS = ['survey', 'requestNumber', 'trigger', 'invitationId'] as const;

/** The id is the client's; one that names another survey or aanvraag is not this response. */
export const namesOtherContext = (row: ResponseRow, context: ResponseContext) =>
  CONTEXT_KEYS.some((k) => (row[k] ?? null) !== (context[k] ?? null));

const toSurveyResponse = (row: ResponseRow, answers: { question: string; value: AnswerValue }[]): SurveyResponse => ({
  ...row,
  answers: Object.fromEntries(answers.map((a) => [a.question, a.value])),
});

/** Responses read at once (getMany): each row with its own answers, by id. */
export function responsesById(
  rows: readonly ResponseRow[],
  answers: readonly { responseId: string; question: string; value: AnswerValue }[],
): Map<string, SurveyResponse> {
  const byResponse = new Map<string, { question: string; value: AnswerValue }[]>();
  for (const a of answers) {
    const list = byResponse.get(a.responseId);
    if (list) list.push(a);
    else byResponse.set(a.responseId, [a]);
  }
  return new Map(rows.map((row) => [row.id, toSurveyResponse(row, byResponse.get(row.id) ?? [])]));
}
