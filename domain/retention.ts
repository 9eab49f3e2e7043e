/**
 * AVG retention, the pure part: when an aanvraag's personal data goes, and what replaces each
 * personal field. The statistics (phase, dates, disciplines, contact moment codes and times,
 * reasons, survey answers) stay. The stores apply this (api/storage/retention-rows.ts); why these
 * fields and not others: docs/decisions/0012-retention-and-subject-access.md.
 */
import { DAY_MS } from './calendar.ts';
import type { Message } from './messages.ts';
import type { RequestState } from './request-state.ts';
import type { AnswerValue } from './survey-schema.ts';

export const DEFAULT_RETENTION_DAYS = 730;
/** Shorter would remove data customers still follow and survey invitations still open. */
export const MIN_RETENTION_DAYS = 30;

/** What replaces free text that is removed where a column must hold text. */
export const ERASED = '';
/** What replaces the person's own details inside free text that is kept. */
export const REDACTED = '[verwijderd]';

/**
 * Days a sent (or finally failed) mail stays in the outbox after its last attempt. Its body is
 * gone at delivery; what is left (kind, address, times) answers "was it sent?" for a month, after
 * which the row would only make the database grow with every message.
 */
export const DEFAULT_OUTBOX_RETENTION_DAYS = 30;

/** Sent and finally failed mails whose last attempt came before this instant leave the outbox. */
export function outboxCutoff(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError('de bewaartermijn van verstuurde mails moet een heel aantal dagen zijn, minstens 1');
  return new Date(now.getTime() - days * DAY_MS);
}

/** Aanvragen delivered or cancelled before this instant lose their personal data. */
export function retentionCutoff(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS)
    throw new RangeError(`de bewaartermijn moet een heel aantal dagen zijn, minstens ${MIN_RETENTION_DAYS}`);
  return new Date(now.getTime() - days * DAY_MS);
}

/** PC4: the digits of a Dutch postcode, enough for statistics per area, too coarse for an address. */
export function pc4(postcode: string | null | undefined): string | null {
  return /^\s*([1-9][0-9]{3})/.exec(postcode ?? '')?.[1] ?? null;
}

/** The anonymised columns of an aanvraag: only the area (PC4 and city) is kept. */
export function anonymisedRequestColumns(row: { postcode: string | null; city: string | null }) {
  return {
    applicantName: null,
    applicantEmail: null,
    applicantPhone: null,
    street: null,
    houseNumber: null,
    houseNumberAddition: null,
    // The anonymised state has no applicant, so no KvK number either (decision 0039): out of the portfolio.
    applicantKvk: null,
    postcode: pc4(row.postcode),
    city: row.city,
  };
}

/**
 * A klantenpanel invitation once its panel started longer ago than the retention period (decision
 * 0044): the invitee's name, address, applicant key (an address or KvK number) and personal link
 * go; the panel, the state and the times stay for the organisers' counts. The key becomes one
 * the panel cannot have otherwise, unique per panel as its index needs.
 */
export function anonymisedPanelInvitation(id: string) {
  return { name: ERASED, email: ERASED, applicantKey: `verwijderd:${id}`, secretHash: ERASED };
}

type Person = {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  street?: string | null | undefined;
};

/**
 * What identifies the person in free text: their whole name and each capitalised part of it
 * ("Sanne", "Vries"; not "de"), their e-mail address, phone number and street.
 */
export function personalValues(person: Person): string[] {
  const parts = (person.name ?? '').split(/[\s,]+/).filter((p) => /^\p{Lu}\p{L}/u.test(p));
  const values = [person.name, ...parts, person.email, person.phone, person.street];
  return [...new Set(values.map((v) => v?.trim() ?? '').filter((v) => v.length >= 2))].sort((a, b) => b.length - a.length);
}

/** The personal values of an aanvraag, from its state (before it is anonymised). */
export function personalValuesOf(state: Pick<RequestState, 'applicant' | 'address'>): string[] {
  return personalValues({ ...state.applicant, street: state.address?.street });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EMAIL = /[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[\p{L}]{2,}/gu;
/** A Dutch phone number, written with or without spaces and dashes (06 12345678, +31 6-1234 5678). */
const PHONE = /(?:\+31|0031|(?<![\p{L}\p{N}])0)(?:[\s-]*\d){9}(?![\p{N}])/gu;

type Words = { words: string[]; lower: string[]; pattern?: RegExp };
/** Per list of personal values (an aanvraag's messages share one): lower-cased once, the pattern built when first needed. */
const wordLists = new WeakMap<readonly string[], Words>();
function wordsOf(personal: readonly string[]): Words {
  let found = wordLists.get(personal);
  if (!found) {
    const words = [...personal].sort((a, b) => b.length - a.length);
    found = { words, lower: words.map((w) => w.toLowerCase()) };
    wordLists.set(personal, found);
  }
  return found;
}

/**
 * Free text kept for statistics or feedback, without the person's own details and without any
 * e-mail address or phone number. Matching is whole-word and ignores case.
 */
export function redact(text: string, personal: readonly string[]): string {
  // The cheap tests first: most reasons hold no @, no digit and none of the person's words.
  let out = text.includes('@') ? text.replace(EMAIL, REDACTED) : text;
  if (/\d/.test(out)) out = out.replace(PHONE, REDACTED);
  const found = wordsOf(personal);
  const lower = out.toLowerCase();
  if (!found.lower.some((w) => lower.includes(w))) return out;
  found.pattern ??= new RegExp(`(?<![\\p{L}\\p{N}])(?:${found.words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return out.replace(found.pattern, REDACTED);
}

/**
 * One message of the log without personal data. Names and contact details go; text written to or
 * about the person (a contact's summary, whom was spoken with, inspection notes) goes; text that
 * says why (planning, stagnation, cancellation, rejection) and a contact's subject stay, redacted.
 * The result still folds (domain/request-state.ts): a late message replays the log to the same
 * anonymised state. Idempotent.
 */
export function anonymiseMessage(m: Message, personal: readonly string[]): Message {
  const keep = (text: string) => redact(text, personal);
  switch (m.type) {
    case 'request_submitted': {
      const { applicant: _, address, ...rest } = m;
      // Only the area stays; the fold then has no applicant, so no mail can go out any more.
      return { ...rest, address: { postcode: pc4(address.postcode), city: address.city } } as unknown as Message;
    }
    case 'contact_logged':
      return { ...m, staffName: ERASED, spokeWith: ERASED, subject: keep(m.subject), summary: ERASED };
    case 'planning_changed': {
      const { staffName: _, ...rest } = m;
      return { ...rest, reason: keep(m.reason) };
    }
    case 'inspection_done': {
      const { notes: _, ...rest } = m;
      return rest;
    }
    case 'stagnation_lifted':
    case 'preparation_reported':
      return m.note === undefined ? m : { ...m, note: keep(m.note) };
    case 'quote_rejected':
      return m.reason === undefined ? m : { ...m, reason: keep(m.reason) };
    case 'stagnation_reported':
    case 'work_order_cancelled':
    case 'request_cancelled':
      return { ...m, reason: keep(m.reason) };
    default:
      return m;
  }
}

/** An answer that is an e-mail address (the "e-mail" question of the feedback button). */
export function isEmailAnswer(value: AnswerValue): boolean {
  return typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/**
 * A survey answer of an anonymised aanvraag: scales and choices stay, free text stays redacted
 * (it is the product's feedback), an e-mail address goes (undefined).
 */
export function anonymiseAnswer(value: AnswerValue, personal: readonly string[]): AnswerValue | undefined {
  if (isEmailAnswer(value)) return undefined;
  return typeof value === 'string' ? redact(value, personal) : value;
}
