/**
 * Surveys behind a personal link — the eindmeting, the helpdesk survey and the questionnaire
 * before a klantenpanel (its invitee's own link, once the organisers sent it): which invitation a
 * token opens, and saving the answers of the form. Shared by the page
 * (site/pages/enquete/[token].astro, through the site context) and the form's route
 * (api/routes/survey-link.ts).
 */
import { isClearlyNegative } from '../domain/callback.ts';
import { invitationUsable } from '../domain/eindmeting.ts';
import { type AnswerValue, answerSchema, type Survey, type Surveys } from '../domain/survey-schema.ts';
import { secretMatches, splitToken } from './auth/tokens.ts';
import { saveSurveyResponse } from './core/webhooks.ts';
import type { Store } from './storage/store.ts';

export type Invitation = {
  id: string;
  kind: 'eindmeting' | 'helpdesk' | 'klantenpanel';
  requestNumber: string | null;
  usedAt: Date | null;
  expiresAt: Date | null;
};

export type OpenedInvitation =
  | { state: 'open'; invitation: Invitation; survey: Survey; contractor: string | undefined }
  | { state: 'ingevuld' | 'verlopen'; invitation: Invitation }
  | { state: 'onbekend' };

/** The invitation a token opens, if its secret matches; eindmeting first, then helpdesk. */
async function findInvitation(store: Store, token: string): Promise<(Invitation & { contractor: string | null }) | undefined> {
  const parts = splitToken(token);
  if (!parts) return undefined;
  const end = await store.endSurveys.byId(parts.id);
  if (end?.secretHash && secretMatches(parts.secret, end.secretHash)) {
    return {
      id: end.id,
      kind: 'eindmeting',
      requestNumber: end.requestNumber,
      usedAt: end.usedAt,
      expiresAt: end.expiresAt,
      contractor: end.contractor,
    };
  }
  const help = await store.helpdesk.byId(parts.id);
  if (help?.secretHash && secretMatches(parts.secret, help.secretHash)) {
    return {
      id: help.id,
      kind: 'helpdesk',
      requestNumber: help.requestNumber,
      usedAt: help.usedAt,
      expiresAt: help.expiresAt,
      contractor: null,
    };
  }
  return panelQuestionnaire(store, parts.id, parts.secret);
}

/**
 * A klantenpanel invitee's questionnaire: open once the organisers sent it, to those registered or
 * waiting, until the panel starts; answered is its one response (the invitation's id).
 */
async function panelQuestionnaire(store: Store, id: string, secret: string) {
  const invitation = await store.panels.invitation(id);
  if (!invitation || !secretMatches(secret, invitation.secretHash)) return undefined;
  const panel = await store.panels.panel(invitation.panelId);
  if (!panel?.questionnaireSentAt || (invitation.state !== 'aangemeld' && invitation.state !== 'wachtlijst')) return undefined;
  const response = await store.responses.get(invitation.id);
  return {
    id: invitation.id,
    kind: 'klantenpanel' as const,
    requestNumber: null,
    usedAt: response?.completedAt ? new Date(response.completedAt) : null,
    expiresAt: new Date(panel.startsAt),
    contractor: null,
  };
}

export async function openInvitation(store: Store, surveys: Surveys, token: string, now = new Date()): Promise<OpenedInvitation> {
  const found = await findInvitation(store, token);
  const survey = found && surveys.get(found.kind);
  if (!found || !survey) return { state: 'onbekend' };
  const { contractor, ...invitation } = found;
  if (invitation.usedAt) return { state: 'ingevuld', invitation };
  if (!invitation.expiresAt || !invitationUsable({ expiresAt: invitation.expiresAt }, now))
    return { state: 'verlopen', invitation };
  return {
    state: 'open',
    invitation,
    survey,
    contractor: contractor ? (store.organisation(contractor)?.name ?? contractor) : undefined,
  };
}

export type FormResult = { ok: true; negative: boolean } | { ok: false; field: string; message: string };

/** Validates the form's answers against the survey and saves them as the invitation's one response. */
export async function answerInvitation(
  store: Store,
  opened: Extract<OpenedInvitation, { state: 'open' }>,
  form: Record<string, unknown>,
): Promise<FormResult> {
  const { invitation } = opened;
  const answers: Record<string, AnswerValue> = {};
  for (const question of opened.survey.vragen) {
    // A form field sent more than once (checkboxes) comes as a list.
    const given = [form[question.id]].flat().flatMap((v) => (typeof v === 'string' && v.trim() ? [v.trim()] : []));
    if (given.length === 0) continue; // every question may be skipped
    const several = question.soort === 'keuze' && question.meerdere;
    const value = several ? given : given.length > 1 ? given : question.soort === 'schaal' ? Number(given[0]) : given[0];
    const parsed = answerSchema(question).safeParse(value);
    if (!parsed.success) return { ok: false, field: question.id, message: parsed.error.issues[0]?.message ?? 'klopt niet' };
    answers[question.id] = parsed.data;
  }
  // A call-back is about an aanvraag; the panel's questionnaire is talked through at the panel.
  const negative = invitation.kind !== 'klantenpanel' && isClearlyNegative(opened.survey.vragen, answers);
  const saved = await saveSurveyResponse(
    store,
    {
      id: invitation.id,
      context: { survey: invitation.kind, requestNumber: invitation.requestNumber, invitationId: invitation.id },
      answers,
      completed: true,
      at: new Date(),
    },
    negative,
  );
  if (saved.result === 'conflict') return { ok: false, field: 'enquete', message: 'deze vragenlijst is al ingevuld' };
  if (invitation.kind !== 'klantenpanel')
    await (invitation.kind === 'eindmeting' ? store.endSurveys : store.helpdesk).use(invitation.id, new Date());
  return { ok: true, negative };
}
