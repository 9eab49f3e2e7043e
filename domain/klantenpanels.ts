/**
 * Klantenpanels (issue 16.2): the frequent applicants of a combi area, and a panel's registration
 * rule. Pure: storage hands in the aanvragen and answers, the core writes what follows.
 *
 * - **Who an applicant is.** A business applicant is its KvK number (decision 0039); anyone else
 *   is their e-mail address, compared without case. An aanvraag with neither has no applicant.
 * - **Frequent** is at least N aanvragen submitted in the last 12 months in one combi area (N is
 *   the organiser's choice, FREQUENT_DEFAULT unless given).
 * - **Scores** are the dashboard's (domain/satisfaction.ts SATISFACTION: the eindmeting's grade,
 *   the effort question), a mean shown only over at least MIN_GROUP answers, as the dashboard
 *   hides its small groups (decision 0019): fewer would come close to one customer's own answer.
 * - **Registration** keeps to the capacity: beyond it an invitee goes on the waiting list, in the
 *   order they registered; after the deadline nobody registers. A cancellation of a participant
 *   moves the first on the waiting list up.
 */
import { z } from 'zod';
import { addYears, dutchDate, type IsoDate } from './calendar.ts';
import { plainString } from './plain-text.ts';
import { SATISFACTION } from './satisfaction.ts';
import { MIN_GROUP } from './small-groups.ts';
import { type AnswerValue, PANEL_TOPICS_QUESTION, type Survey } from './survey-schema.ts';

/** The fewest aanvragen in 12 months that make an applicant frequent, unless the organiser chooses. */
export const FREQUENT_DEFAULT = 5;
export const FREQUENT_MAX = 1000;

/** One submitted aanvraag as the frequent-applicant list reads it. */
export type ApplicantAanvraag = {
  number: string;
  combi: string;
  submittedAt: string;
  name: string | null;
  email: string | null;
  kvk: string | null;
};

/** One scale answer to an aanvraag's survey. */
export type ApplicantAnswer = { requestNumber: string; survey: string; question: string; value: number };

export type Score = { n: number; average: number | undefined };

export type FrequentApplicant = {
  /** `kvk:<number>` or `email:<address>`: what the invitations name the applicant by. */
  key: string;
  kind: 'zakelijk' | 'particulier';
  kvk: string | undefined;
  /** The name and address of their latest aanvraag: where an invitation goes. */
  name: string;
  email: string;
  aanvragen: number;
  /** The eindmeting's grade (1–10) and the effort (1–7); the average only over MIN_GROUP answers or more. */
  ktv: Score;
  effort: Score;
};

/** The applicant an aanvraag belongs to, by KvK number or else by e-mail address. */
export function applicantKey(a: { kvk: string | null | undefined; email: string | null | undefined }): string | undefined {
  if (a.kvk) return `kvk:${a.kvk}`;
  const email = a.email?.trim().toLowerCase();
  return email ? `email:${email}` : undefined;
}

/** The first instant of the 12 months before `now` (Dutch calendar). */
export function frequentSince(now: Date): IsoDate {
  return addYears(dutchDate(now), -1);
}

function score(values: readonly number[]): Score {
  const n = values.length;
  return { n, average: n >= MIN_GROUP ? Math.round((values.reduce((a, b) => a + b, 0) / n) * 10) / 10 : undefined };
}

/**
 * The applicants with at least `min` aanvragen in `aanvragen` (already those of one combi area in
 * the last 12 months), the most aanvragen first, with their scores over those aanvragen.
 */
export function frequentApplicants(
  aanvragen: readonly ApplicantAanvraag[],
  answers: readonly ApplicantAnswer[],
  min: number,
): FrequentApplicant[] {
  const groups = new Map<string, ApplicantAanvraag[]>();
  for (const a of aanvragen) {
    const key = applicantKey(a);
    if (!key) continue;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const byRequest = new Map<string, ApplicantAnswer[]>();
  for (const answer of answers) byRequest.set(answer.requestNumber, [...(byRequest.get(answer.requestNumber) ?? []), answer]);
  const out: FrequentApplicant[] = [];
  for (const [key, own] of groups) {
    if (own.length < min) continue;
    const latest = own.reduce((a, b) => (b.submittedAt > a.submittedAt ? b : a));
    const theirs = own.flatMap((a) => byRequest.get(a.number) ?? []);
    const { ktv, effort } = SATISFACTION;
    out.push({
      key,
      kind: latest.kvk ? 'zakelijk' : 'particulier',
      kvk: latest.kvk ?? undefined,
      name: own.find((a) => a === latest && a.name)?.name ?? own.find((a) => a.name)?.name ?? '',
      email: latest.email ?? own.find((a) => a.email)?.email ?? '',
      aanvragen: own.length,
      ktv: score(theirs.filter((x) => x.survey === ktv.survey && x.question === ktv.question).map((x) => x.value)),
      effort: score(theirs.filter((x) => x.question === effort.question).map((x) => x.value)),
    });
  }
  return out.sort((a, b) => b.aanvragen - a.aanvragen || a.key.localeCompare(b.key));
}

// ---------------------------------------------------------------------------------------------
// Registration.

export const INVITATION_STATES = ['uitgenodigd', 'aangemeld', 'wachtlijst', 'afgemeld'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export type RegistrationOutcome = 'aangemeld' | 'wachtlijst' | 'te-laat' | 'al-aangemeld';

/**
 * What a registration becomes: after the deadline (the end of its Dutch day) nobody registers;
 * within the capacity a place, else the waiting list. Registering again changes nothing.
 */
export function registrationOutcome(
  panel: { capacity: number; deadline: IsoDate },
  current: InvitationState,
  registered: number,
  now: Date,
): RegistrationOutcome {
  if (current === 'aangemeld' || current === 'wachtlijst') return 'al-aangemeld';
  if (dutchDate(now) > panel.deadline) return 'te-laat';
  return registered < panel.capacity ? 'aangemeld' : 'wachtlijst';
}

/** The invitee that moves up when a place comes free: the first to register on the waiting list. */
export function nextFromWaitingList<T extends { state: InvitationState; registeredAt: string | null; id: string }>(
  invitations: readonly T[],
): T | undefined {
  return invitations
    .filter((i) => i.state === 'wachtlijst')
    .sort((a, b) => (a.registeredAt ?? '').localeCompare(b.registeredAt ?? '') || a.id.localeCompare(b.id))[0];
}

// ---------------------------------------------------------------------------------------------
// The organisers' forms.

const isoDate = z.iso.date({ error: 'moet een datum zijn (jjjj-mm-dd)' });
const line = (max: number) =>
  plainString({ error: 'is verplicht' }).trim().min(1, 'mag niet leeg zijn').max(max, `is te lang (hoogstens ${max} tekens)`);

/**
 * Whether an invitee may still cancel: until the panel starts. After it, a cancellation would hand
 * a place (and the summary meant for participants) to someone on the waiting list who was not there.
 */
export function mayStillCancel(panel: { startsAt: string }, now: Date): boolean {
  return now.getTime() < Date.parse(panel.startsAt);
}

/** How long before a panel its questionnaire goes out by itself (the organiser may send it earlier). */
export const QUESTIONNAIRE_LEAD_DAYS = 21;

/** Whether the questionnaire is due by itself: not sent yet, the panel at most QUESTIONNAIRE_LEAD_DAYS ahead and not begun. */
export function questionnaireDue(panel: { startsAt: string; questionnaireSentAt: Date | null }, now: Date): boolean {
  const starts = Date.parse(panel.startsAt);
  return (
    panel.questionnaireSentAt === null && now.getTime() < starts && starts - now.getTime() <= QUESTIONNAIRE_LEAD_DAYS * 86_400_000
  );
}

export const PANEL_CAPACITY_MAX = 500;
export const PARTNERS_MAX = 10;

/** The form that plans a panel (/beheer/klantenpanels). Partners: one per line or comma. */
export const panelForm = z
  .strictObject({
    combi: z.string().regex(/^[a-z0-9-]{1,60}$/, 'kies een combi-gebied'),
    titel: line(120),
    datum: isoDate,
    tijd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'moet een tijd zijn (uu:mm)'),
    plaats: line(200),
    capaciteit: z.coerce
      .number({ error: 'moet een getal zijn' })
      .int('moet een heel getal zijn')
      .min(1, 'moet minstens 1 zijn')
      .max(PANEL_CAPACITY_MAX, `mag hoogstens ${PANEL_CAPACITY_MAX} zijn`),
    aanmeldenTot: isoDate,
    partners: plainString()
      .max(1000)
      .transform((v) =>
        v
          .split(/[\n,]/)
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().max(120, 'een partner heeft hoogstens 120 tekens'))
          .max(PARTNERS_MAX, `hoogstens ${PARTNERS_MAX} partners`),
      ),
  })
  .refine((f) => f.aanmeldenTot <= f.datum, { path: ['aanmeldenTot'], message: 'moet op of voor de paneldatum liggen' });
export type PanelForm = z.output<typeof panelForm>;

/** Applicant keys as the list's checkboxes send them. */
export const applicantKeyField = z
  .string()
  .regex(/^(kvk:\d{8}|email:[^\s@]{1,64}@[^\s@]{1,190})$/, 'is geen aanvrager uit de lijst');

/** `?minimaal=` of the list: the fewest aanvragen in 12 months, FREQUENT_DEFAULT when left out. */
export const frequentMinimum = z.coerce
  .number({ error: 'moet een getal zijn' })
  .int('moet een heel getal zijn')
  .min(1, 'moet minstens 1 zijn')
  .max(FREQUENT_MAX, `mag hoogstens ${FREQUENT_MAX} zijn`)
  .default(FREQUENT_DEFAULT);

// ---------------------------------------------------------------------------------------------
// The summary afterwards.

/** The largest file shared with a summary. */
export const SUMMARY_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const SUMMARY_TEXT_MAX = 10_000;

/** The files a summary may carry, each known by its first bytes too: a renamed file is not taken. */
const SUMMARY_FILE_TYPES = [
  { type: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  { type: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
] as const;
export const SUMMARY_FILE_NAMES = 'PDF, PNG of JPEG';

export type SummaryFileCheck = { ok: true; type: string; name: string } | { ok: false; reason: 'te-groot' | 'soort' | 'leeg' };

/** Whether a file may go with the summary, and the type and name it is served with. */
export function summaryFileCheck(name: string, bytes: Uint8Array): SummaryFileCheck {
  if (bytes.length === 0) return { ok: false, reason: 'leeg' };
  if (bytes.length > SUMMARY_FILE_MAX_BYTES) return { ok: false, reason: 'te-groot' };
  const kind = SUMMARY_FILE_TYPES.find((t) => t.magic.every((b, i) => bytes[i] === b));
  if (!kind) return { ok: false, reason: 'soort' };
  // A served name of plain characters, with the extension its bytes say.
  const base =
    name
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9 _-]+/g, '')
      .trim()
      .slice(0, 80) || 'verslag';
  return { ok: true, type: kind.type, name: `${base}.${kind.extension}` };
}

export const summaryText = plainString({ error: 'is verplicht' })
  .trim()
  .min(1, 'mag niet leeg zijn')
  .max(SUMMARY_TEXT_MAX, `is te lang (hoogstens ${SUMMARY_TEXT_MAX} tekens)`);

// ---------------------------------------------------------------------------------------------
// The questionnaire beforehand, grouped by topic for the agenda.

export type TopicGroup = {
  /** The option id of the topics question; undefined for the answers that chose no topic. */
  topic: string | undefined;
  label: string;
  /** How many respondents chose it. */
  chosenBy: number;
  /** The open answers of those respondents, by question. */
  texts: { question: string; text: string }[];
};

export type ScaleSummary = {
  question: string;
  label: string;
  n: number;
  average: number | undefined;
  counts: number[];
  from: number;
};

export type GroupedAnswers = { respondents: number; topics: TopicGroup[]; scales: ScaleSummary[] };

/**
 * The answers of a panel's questionnaire (one record per respondent) grouped by the options of
 * its topics question (survey-schema.ts PANEL_TOPICS_QUESTION): per topic how many chose it and
 * what those respondents wrote, the most chosen first; answers without a topic last. No names:
 * the agenda needs the topics, not who said what.
 */
export function answersByTopic(survey: Survey, responses: readonly Record<string, AnswerValue>[]): GroupedAnswers {
  const topicsQuestion = survey.vragen.find((q) => q.id === PANEL_TOPICS_QUESTION);
  const options = topicsQuestion?.soort === 'keuze' ? topicsQuestion.opties : [];
  const textQuestions = survey.vragen.filter((q) => q.soort === 'tekst');
  const groups = new Map<string | undefined, TopicGroup>(
    options.map((o) => [o.id, { topic: o.id, label: o.tekst, chosenBy: 0, texts: [] }]),
  );
  const none: TopicGroup = { topic: undefined, label: 'Zonder onderwerp', chosenBy: 0, texts: [] };
  for (const answers of responses) {
    const chosen = [answers[PANEL_TOPICS_QUESTION] ?? []].flat().filter((t): t is string => typeof t === 'string');
    const own = chosen.flatMap((t) => groups.get(t) ?? []);
    const texts = textQuestions.flatMap((q) => {
      const text = answers[q.id];
      return typeof text === 'string' && text.trim() ? [{ question: q.vraag, text }] : [];
    });
    for (const group of own.length ? own : [none]) {
      group.chosenBy += own.length ? 1 : 0;
      group.texts.push(...texts);
    }
  }
  const scales = survey.vragen.flatMap((q): ScaleSummary[] => {
    if (q.soort !== 'schaal') return [];
    const values = responses.map((r) => r[q.id]).filter((v): v is number => typeof v === 'number');
    const counts = Array.from({ length: q.tot - q.van + 1 }, (_, i) => values.filter((v) => v === q.van + i).length);
    const average = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : undefined;
    return [{ question: q.id, label: q.vraag, n: values.length, average, counts, from: q.van }];
  });
  const topics = [...groups.values()].sort((a, b) => b.chosenBy - a.chosenBy);
  return { respondents: responses.length, topics: none.texts.length ? [...topics, none] : topics, scales };
}
