/**
 * The eindmeting behind its personal link: which invitation a token opens, and saving the answers
 * of the form. Shared by the page (site/pages/enquete/[token].astro, through the site context)
 * and the form's route (api/routes/survey-link.ts).
 */
import { invitationUsable } from '../domain/eindmeting.ts';
import { answerSchema, type Survey, type Surveys } from '../domain/survey-schema.ts';
import { secretMatches, splitToken } from './auth/tokens.ts';
import type { EndSurveyRecord, Store } from './data/store.ts';

export type OpenedInvitation =
  | { state: 'open'; invitation: EndSurveyRecord; survey: Survey; contractor: string | undefined }
  | { state: 'ingevuld' | 'verlopen' | 'onbekend' };

export async function openInvitation(store: Store, surveys: Surveys, token: string, now = new Date()): Promise<OpenedInvitation> {
  const parts = splitToken(token);
  const invitation = parts ? await store.endSurveys.byId(parts.id) : undefined;
  const survey = surveys.get('eindmeting');
  if (!parts || !invitation?.secretHash || !survey || !secretMatches(parts.secret, invitation.secretHash))
    return { state: 'onbekend' };
  if (invitation.usedAt) return { state: 'ingevuld' };
  if (!invitation.expiresAt || !invitationUsable({ expiresAt: invitation.expiresAt }, now)) return { state: 'verlopen' };
  const contractor = invitation.contractor
    ? (store.organisation(invitation.contractor)?.name ?? invitation.contractor)
    : undefined;
  return { state: 'open', invitation, survey, contractor };
}

export type FormResult = { ok: true } | { ok: false; field: string; message: string };

/** Validates the form's answers against the survey and saves them as the invitation's one response. */
export async function answerInvitation(
  store: Store,
  opened: Extract<OpenedInvitation, { state: 'open' }>,
  form: Record<string, unknown>,
): Promise<FormResult> {
  const answers: Record<string, string | number> = {};
  for (const question of opened.survey.vragen) {
    const raw = typeof form[question.id] === 'string' ? (form[question.id] as string).trim() : '';
    if (raw === '') continue; // every question may be skipped
    const value = question.soort === 'schaal' ? Number(raw) : raw;
    const parsed = answerSchema(question).safeParse(value);
    if (!parsed.success) return { ok: false, field: question.id, message: parsed.error.issues[0]?.message ?? 'klopt niet' };
    answers[question.id] = parsed.data as string | number;
  }
  const { invitation } = opened;
  const saved = await store.responses.save({
    id: invitation.id,
    context: { survey: 'eindmeting', requestNumber: invitation.requestNumber, invitationId: invitation.id },
    answers,
    completed: true,
    at: new Date(),
  });
  if (saved.result === 'conflict') return { ok: false, field: 'enquete', message: 'deze vragenlijst is al ingevuld' };
  await store.endSurveys.use(invitation.id, new Date());
  return { ok: true };
}
