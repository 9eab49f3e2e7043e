/**
 * The staff screens' forms, turned into the same messages back-office systems send, so a contact
 * moment typed by a planner and one sent by a planning tool take one path: validated by the
 * message schema, authorised by authorization.ts, folded into the state, mailed to the customer.
 * The staff member's name comes from their account, never from the form.
 */
import { z } from 'zod';
import './zod-dutch.ts';
import { dutchInstant } from './calendar.ts';
import {
  CHANNELS,
  CONTACT_MOMENTS,
  clockIssues,
  DAY_PARTS,
  isoWeek,
  type Message,
  message,
  STAGNATION_CAUSES,
  text,
} from './messages.ts';
import { plainString } from './plain-text.ts';

export const STAFF_ACTIONS = ['contactmoment', 'planning', 'stagnatie', 'stagnatie-opgeheven'] as const;
export type StaffActionForm = (typeof STAFF_ACTIONS)[number];

const optionalText = (max: number) =>
  plainString()
    .trim()
    .max(max, `mag hoogstens ${max} tekens zijn`)
    .optional()
    .transform((v) => v || undefined);
const date = z.iso.date({ error: 'moet een datum zijn' });
/** A fresh id per rendered form: sending the same form twice (a double click) is one message. */
const formId = z.string().regex(/^[a-z2-7]{16,40}$/, 'is ongeldig: laad de pagina opnieuw');

export const contactMomentForm = z.strictObject({
  formulier: formId,
  datum: date,
  tijd: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'moet een tijd zijn als 09:30'),
  soort: z.enum(CONTACT_MOMENTS, { error: 'kies een soort contactmoment' }),
  kanaal: z.enum(CHANNELS, { error: 'kies hoe er contact was' }),
  gesprokenMet: text(120),
  onderwerp: text(200),
  samenvatting: text(2000),
});

export const planningForm = z
  .strictObject({
    formulier: formId,
    wensdatum: date.optional().or(z.literal('').transform(() => undefined)),
    week: isoWeek.optional().or(z.literal('').transform(() => undefined)),
    startdatum: date.optional().or(z.literal('').transform(() => undefined)),
    dagdeel: z.enum(DAY_PARTS).default('dag'),
    reden: text(500),
    // A checkbox: present ("ja") when the customer asked for or agreed to this date (legal-term rule).
    klantAkkoord: z.literal('ja', { error: 'vink aan of laat leeg' }).optional(),
  })
  .refine((f) => f.wensdatum || f.week || f.startdatum, {
    message: 'vul een wensdatum, een week of een startdatum in',
    path: ['week'],
  });

export const stagnationForm = z.strictObject({
  formulier: formId,
  oorzaak: z.enum(STAGNATION_CAUSES, { error: 'kies wie het werk ophoudt' }),
  reden: text(500),
});

export const stagnationLiftedForm = z.strictObject({ formulier: formId, toelichting: optionalText(500) });

/** Dutch names of the form fields, for error messages. */
const FIELD_NAMES: Record<string, string> = {
  formulier: 'Formulier',
  datum: 'Datum',
  tijd: 'Tijd',
  soort: 'Soort contactmoment',
  kanaal: 'Kanaal',
  gesprokenMet: 'Gesproken met',
  onderwerp: 'Onderwerp',
  samenvatting: 'Samenvatting voor de klant',
  wensdatum: 'Wensdatum',
  week: 'Week',
  startdatum: 'Startdatum',
  dagdeel: 'Dagdeel',
  klantAkkoord: 'Klant vroeg of stemde in',
  reden: 'Reden',
  oorzaak: 'Oorzaak',
  toelichting: 'Toelichting',
  // The message a form makes: its time is the form's date and time.
  occurredAt: 'Datum en tijd',
};

export type ActionContext = { requestNumber: string; staffName: string; now: Date };
export type ActionResult = { ok: true; message: Message } | { ok: false; errors: string[] };
type Envelope = { id: string; requestNumber: string; occurredAt: string };

/** One entry per form: its schema, and the message it makes. */
const form = <S extends z.ZodType>(schema: S, build: (f: z.infer<S>, e: Envelope, ctx: ActionContext) => unknown) => ({
  schema,
  build,
});

const FORMS = {
  contactmoment: form(contactMomentForm, (c, e, ctx) => ({
    ...e,
    occurredAt: dutchInstant(c.datum, c.tijd),
    type: 'contact_logged',
    contactMoment: c.soort,
    channel: c.kanaal,
    staffName: ctx.staffName,
    spokeWith: c.gesprokenMet,
    subject: c.onderwerp,
    summary: c.samenvatting,
  })),
  planning: form(planningForm, (p, e, ctx) => ({
    ...e,
    type: 'planning_changed',
    ...(p.wensdatum && { wishDate: p.wensdatum }),
    ...(p.week && { provisionalWeek: p.week }),
    ...(p.startdatum && { confirmedStart: { date: p.startdatum, part: p.dagdeel } }),
    ...(p.klantAkkoord && { customerAgreed: true }),
    reason: p.reden,
    staffName: ctx.staffName,
  })),
  stagnatie: form(stagnationForm, (s, e) => ({ ...e, type: 'stagnation_reported', cause: s.oorzaak, reason: s.reden })),
  'stagnatie-opgeheven': form(stagnationLiftedForm, (s, e) => ({
    ...e,
    type: 'stagnation_lifted',
    ...(s.toelichting && { note: s.toelichting }),
  })),
} as const;

const plain = (issues: z.core.$ZodIssue[]) =>
  issues.map((i) => `${FIELD_NAMES[String(i.path[0])] ?? String(i.path.join('.'))}: ${i.message}`);

/** A submitted staff form as a message, or the errors in plain Dutch, naming the field. */
export function messageFromForm(action: StaffActionForm, body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const { schema, build } = FORMS[action] as { schema: z.ZodType; build: (f: unknown, e: Envelope, c: ActionContext) => unknown };
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: plain(parsed.error.issues) };
  const id = (parsed.data as { formulier: string }).formulier;
  const candidate = build(
    parsed.data,
    { id: `beheer-${id}`, requestNumber: ctx.requestNumber, occurredAt: ctx.now.toISOString() },
    ctx,
  );
  const checked = message.safeParse(candidate);
  if (!checked.success) return { ok: false, errors: plain(checked.error.issues) };
  // The API's clock rule, the same one: a few minutes ahead at most.
  const future = clockIssues(checked.data.occurredAt, ctx.now);
  if (future.length) return { ok: false, errors: future.map((i) => `${FIELD_NAMES[i.field]}: ${i.message}`) };
  return { ok: true, message: checked.data };
}
