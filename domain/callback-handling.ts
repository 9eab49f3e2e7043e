/**
 * Handling a "bel mij terug" request in /beheer (issue 15 item 2): a planner claims it ("ik bel"),
 * then closes it by logging the call as a contact moment or with a reason from a short list. Who
 * may: staff of the organisation the request belongs to (the one that must call, callback.ts
 * responsibleFor) and nobody else, the platform included: every store call names the member's
 * organisation (api/staff-portal.ts is the one place that passes it); claiming and closing need
 * the planner role. How long a customer waits and the time to call back count working days.
 */
import { z } from 'zod';
import './zod-dutch.ts';
import { dutchDate, type IsoDate, workingDaysBetween } from './calendar.ts';
import { quantile } from './dashboard-metrics.ts';
import { plainString } from './plain-text.ts';
import type { AnswerValue, Question } from './survey-schema.ts';

/** Closing without a call logged: the short list of reasons. */
export const CLOSE_REASONS = ['onbereikbaar', 'opgelost', 'anders'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** "Klant niet bereikbaar" only after this many tries: one missed call is no reason to stop. */
export const UNREACHABLE_AFTER_TRIES = 3;
const MAX_TRIES = 20;

/** The reasons in the staff's words (the staff pages are Dutch only). */
export const CLOSE_REASON_NAMES: Record<CloseReason, string> = {
  onbereikbaar: 'Klant niet bereikbaar',
  opgelost: 'Al opgelost',
  anders: 'Anders',
};

/** How a request was closed: the call as a contact moment (its message id), or a reason. */
export type CallbackClose =
  | { reason: 'contactmoment'; contactMessageId: string }
  | { reason: 'onbereikbaar'; attempts: number; note?: string | undefined }
  | { reason: 'opgelost'; note?: string | undefined }
  | { reason: 'anders'; note: string };

const closeForm = z
  .strictObject({
    reden: z.enum(CLOSE_REASONS, { error: 'kies een reden' }),
    // An empty field is no answer. The form shows the field for every reason; only "onbereikbaar"
    // reads it (superRefine below), so a leftover number does not block another reason.
    pogingen: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce.number({ error: 'moet een aantal zijn' }).int('moet een heel aantal zijn').optional(),
    ),
    toelichting: plainString()
      .trim()
      .max(500, 'mag hoogstens 500 tekens zijn')
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((f, ctx) => {
    if (f.reden === 'onbereikbaar') {
      const message =
        f.pogingen === undefined
          ? 'vul in hoe vaak u hebt gebeld'
          : f.pogingen < UNREACHABLE_AFTER_TRIES
            ? `minstens ${UNREACHABLE_AFTER_TRIES} pogingen voordat de klant onbereikbaar heet`
            : f.pogingen > MAX_TRIES
              ? `hoogstens ${MAX_TRIES}`
              : undefined;
      if (message) ctx.addIssue({ code: 'custom', path: ['pogingen'], message });
    }
    if (f.reden === 'anders' && !f.toelichting)
      ctx.addIssue({ code: 'custom', path: ['toelichting'], message: 'schrijf bij "anders" kort waarom' });
  });

const FIELD_NAMES: Record<string, string> = { reden: 'Reden', pogingen: 'Pogingen', toelichting: 'Toelichting' };

/** The close-with-a-reason form as a close, or what is wrong in plain Dutch, naming the field. */
export function closeFromForm(
  body: Record<string, unknown>,
): { ok: true; close: CallbackClose } | { ok: false; message: string } {
  const parsed = closeForm.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'formulier');
    return { ok: false, message: `${FIELD_NAMES[field] ?? field}: ${issue?.message ?? 'klopt niet'}` };
  }
  const f = parsed.data;
  if (f.reden === 'onbereikbaar')
    return { ok: true, close: { reason: f.reden, attempts: f.pogingen as number, note: f.toelichting } };
  if (f.reden === 'anders') return { ok: true, close: { reason: f.reden, note: f.toelichting as string } };
  return { ok: true, close: { reason: f.reden, note: f.toelichting } };
}

/**
 * Working days a customer waits or waited: after the Dutch date of the request, up to and
 * including the day of `until` (0 on the day itself). One definition for the werklijst's wait
 * and the dashboard's time to call back.
 */
export function callbackWorkingDays(createdAt: Date, until: Date): number {
  return workingDaysBetween(dutchDate(createdAt), dutchDate(until));
}

export type CallbackFigures = {
  open: number;
  /** Of the open ones, those a planner claimed. */
  claimed: number;
  /** Closed on a Dutch date in the period. */
  closed: number;
  /**
   * Of those closed after calls (the call logged, or "onbereikbaar" after the tries): the time to
   * call back in working days, rounded up; undefined when there are none. A request closed as
   * "opgelost" or "anders" had no call, so it says nothing about how soon customers are called.
   */
  median: number | undefined;
  p90: number | undefined;
};

/** The dashboard's call-back figures over the organisation's requests; `from` and `to` both included. */
export function callbackFigures(
  rows: readonly { createdAt: Date; claimedAt: Date | null; doneAt: Date | null; closeReason: string | null }[],
  from: IsoDate,
  to: IsoDate,
): CallbackFigures {
  const open = rows.filter((r) => !r.doneAt);
  const closed = rows.filter((r) => r.doneAt && dutchDate(r.doneAt) >= from && dutchDate(r.doneAt) <= to);
  const days = closed
    .filter((r) => r.closeReason === 'contactmoment' || r.closeReason === 'onbereikbaar')
    .map((r) => callbackWorkingDays(r.createdAt, r.doneAt as Date))
    .sort((a, b) => a - b);
  return {
    open: open.length,
    claimed: open.filter((r) => r.claimedAt).length,
    closed: closed.length,
    // Up, as the dashboard's lead times: "binnen N werkdagen" holds.
    median: days.length ? Math.ceil(quantile(days, 0.5)) : undefined,
    p90: days.length ? Math.ceil(quantile(days, 0.9)) : undefined,
  };
}

/** What the customer answered, as a planner reads it before calling: the scores and the written comments. */
export type CallbackAnswer = { scores: { question: string; value: number; of: string }[]; comments: string[] };

export function callbackAnswer(questions: readonly Question[], answers: Record<string, AnswerValue>): CallbackAnswer {
  const result: CallbackAnswer = { scores: [], comments: [] };
  for (const q of questions) {
    const value = answers[q.id];
    if (q.soort === 'schaal' && typeof value === 'number')
      result.scores.push({ question: q.vraag, value, of: `${q.van}–${q.tot}` });
    if (q.soort === 'tekst' && typeof value === 'string' && value.trim()) result.comments.push(value.trim());
  }
  return result;
}
