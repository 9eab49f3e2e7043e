/**
 * The guard of every staff page: signed in with both factors and allowed to do `action`, or a
 * redirect to where the member should be. Pages call it first and return what it returns.
 */
import type { AstroGlobal } from 'astro';
import { newId } from '../../api/auth/tokens.ts';
import { messageHtml } from '../../api/http/message-page.ts';
import { type DashboardAnswer, type StaffPortal, staffGate } from '../../api/staff-portal.ts';
import type { Content } from '../../domain/content.ts';
import { type Role, STEP_IDS, type StepId } from '../../domain/content-schema.ts';
import { type CHANNELS, DISCIPLINE_NAMES, type Discipline, type STAGNATION_CAUSES } from '../../domain/messages.ts';
import type { StaffAction } from '../../domain/staff.ts';

/** The page a member gets when their organisation or role may not see it (403). */
export const refused = (text: string) =>
  new Response(messageHtml('Geen toegang', text, { links: [['/beheer', 'Naar de aanvragen']] }), {
    status: 403,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });

export function staffOrRedirect(astro: AstroGlobal, action: StaffAction = 'view'): StaffPortal | Response {
  const gate = staffGate(astro.locals.traject?.staff, action, '/beheer/inloggen');
  if ('redirect' in gate) return astro.redirect(gate.redirect, 303);
  if ('refuse' in gate)
    return refused(
      'Uw rol in de organisatie geeft geen toegang tot deze pagina. Een beheerder van uw organisatie kan uw rol aanpassen.',
    );
  return gate.pass;
}

/** The content editor's pages (/beheer/teksten): the platform's planners and admins only (domain/staff.ts mayProposeTexts). */
export function textEditorOrRedirect(astro: AstroGlobal) {
  const staff = staffOrRedirect(astro, 'act');
  if (staff instanceof Response) return staff;
  const texts = staff.texts;
  if (!texts)
    return refused('De teksten van de site wijzigen redacteuren van het platform. Vraag de beheerder van Traject om toegang.');
  return { staff, texts };
}

/** The quality samples' pages (/beheer/steekproeven): combi-organisaties and grid operators (domain/staff.ts maySample). */
export function samplesOrRedirect(astro: AstroGlobal) {
  const staff = staffOrRedirect(astro, 'view');
  if (staff instanceof Response) return staff;
  const samples = staff.samples;
  if (!samples)
    return refused(
      'Steekproeven van contactmomenten trekken combi-organisaties en netbeheerders over de aanvragen waarbij zij betrokken zijn.',
    );
  return { staff, samples };
}

/** One sample of the organisation's own with its review, or a 404 (another organisation's samples do not exist for it). */
export async function reviewedSampleOr404(astro: AstroGlobal) {
  const allowed = samplesOrRedirect(astro);
  if (allowed instanceof Response) return allowed;
  const ctx = astro.locals.traject;
  const id = astro.params.id ?? '';
  const review = ctx && /^[1-9]\d{0,9}$/.test(id) ? await allowed.samples.review(Number(id), ctx.content) : undefined;
  if (!ctx || !review)
    return new Response(
      messageHtml('Niet gevonden', 'Deze steekproef bestaat niet bij uw organisatie.', {
        links: [['/beheer/steekproeven', 'Naar de steekproeven']],
      }),
      { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } },
    );
  const partyName = (code: string) => ctx.organisation(code)?.name ?? code;
  return { ...allowed, review, partyName, ctx };
}

/** A fresh id for a form, so sending it twice (a double click) is one message (domain/staff-actions.ts). */
export const formId = newId;

/** The steps in staff words (the customer's sentences are in content/stappen.yaml). */
const STEP_NAMES: Record<StepId, string> = {
  intake: 'Intake',
  offerte: 'Offerte sturen',
  'offerte-beslissen': 'Besluit over de offerte',
  'offerte-afgewezen': 'Contact na een afgewezen offerte',
  'mee-in-combi': 'Mee in combi',
  plangesprek: 'Plangesprek',
  startdatum: 'Startdatum afspreken',
  schouw: 'Schouw',
  uitvoering: 'Uitvoering op de startdatum',
  opleverbevestiging: 'Opleverbevestiging',
  'stagnatie-klant': 'Stagnatie bij de klant',
  'stagnatie-netbeheerder': 'Stagnatie bij de netbeheerder',
  'stagnatie-derde': 'Stagnatie bij een derde',
};

/**
 * "Plangesprek (KCM 1)": a step with its contact moment, when it has one. Several steps fall
 * under KCM B; only the first (the intake) carries its label, the others say they are part of it,
 * so "Offerte sturen" is not read as a second intake.
 */
export function staffStepName(step: StepId, content: Content): string {
  const code = content.steps.get(step)?.contactmoment;
  if (!code) return STEP_NAMES[step];
  const own = STEP_IDS.find((id) => content.steps.get(id)?.contactmoment === code) === step;
  return own ? `${STEP_NAMES[step]} (KCM ${code})` : `${STEP_NAMES[step]} (onderdeel van KCM ${code})`;
}

/** The roles of the process as staff read them (an organisation's own name goes first where known). */
const ROLE_NAMES: Record<Role, string> = {
  klant: 'Klant',
  derde: 'Derde partij',
  netbeheerder: 'Netbeheerder',
  aannemer: 'Aannemer',
  portaal: 'Portaal',
};
/** A party an open step waits for: an organisation's name, else its role in words. */
export function partyName(code: string, organisation: (code: string) => { name: string } | undefined): string {
  return ROLE_NAMES[code as Role] ?? organisation(code)?.name ?? code;
}

/** "Elektriciteit": the customer's word for a discipline (domain/messages.ts DISCIPLINE_NAMES), not the message's `elektra`. */
export const disciplineName = (d: string) => DISCIPLINE_NAMES.nl[d as Discipline] ?? d;

export const CHANNEL_NAMES: Record<(typeof CHANNELS)[number], string> = {
  telefoon: 'Telefoon',
  email: 'E-mail',
  op_locatie: 'Op locatie',
  video: 'Beeldbellen',
  sms: 'Sms',
  portaal: 'Portaal',
};

export const STAGNATION_CAUSE_NAMES: Record<(typeof STAGNATION_CAUSES)[number], string> = {
  klant: 'de klant',
  netbeheerder: 'de netbeheerder',
  derde: 'een derde (vergunning, gemeente, weer)',
};

/** "1 werkdag te laat", "3 werkdagen te laat" (domain/next-step.ts workingDaysLate): due on a Friday, the Saturday is late by less than one. */
export function lateText(workingDays: number): string {
  if (workingDays === 0) return 'te laat (minder dan 1 werkdag)';
  return `${workingDays} ${workingDays === 1 ? 'werkdag' : 'werkdagen'} te laat`;
}

/**
 * A view over filters from the query string (the dashboard, the werklijst): what it shows, or why
 * the filters were refused (the page answers 400 and keeps the form), or a 403 response to return.
 */
export async function filteredView<F, T>(
  astro: AstroGlobal,
  parsed: { ok: true; filters: F } | { ok: false; message: string },
  read: (filters: F) => Promise<DashboardAnswer<T>>,
): Promise<{ value: T | undefined; error: string | undefined } | Response> {
  let error: string | undefined;
  let value: T | undefined;
  if (!parsed.ok) error = parsed.message;
  else {
    const answer = await read(parsed.filters);
    if (answer.ok) value = answer.value;
    else if (answer.status === 400) error = answer.message;
    else return new Response(answer.message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (error) astro.response.status = 400;
  return { value, error };
}

/** The klantenpanels' pages (/beheer/klantenpanels): combi-organisaties and the platform (domain/staff.ts mayOrganisePanels). */
export function panelsOrRedirect(astro: AstroGlobal) {
  const staff = staffOrRedirect(astro, 'view');
  if (staff instanceof Response) return staff;
  const panels = staff.panels;
  if (!panels) return refused('Klantenpanels organiseren combi-organisaties (voor hun eigen combi-gebieden) en het platform.');
  return { staff, panels };
}

/** One panel of the organisation's own areas with its invitees, or a 404 (another's panels do not exist for it). */
export async function panelOr404(astro: AstroGlobal) {
  const allowed = panelsOrRedirect(astro);
  if (allowed instanceof Response) return allowed;
  const id = astro.params.id ?? '';
  const found = /^[1-9]\d{0,9}$/.test(id) ? await allowed.panels.panel(Number(id)) : undefined;
  if (!found)
    return new Response(
      messageHtml('Niet gevonden', 'Dit klantenpanel bestaat niet bij uw organisatie.', {
        links: [['/beheer/klantenpanels', 'Naar de klantenpanels']],
      }),
      { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } },
    );
  return { ...allowed, ...found };
}
