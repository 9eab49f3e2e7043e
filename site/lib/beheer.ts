/**
 * The guard of every staff page: signed in with both factors and allowed to do `action`, or a
 * redirect to where the member should be. Pages call it first and return what it returns.
 */
import type { AstroGlobal } from 'astro';
import { newId } from '../../api/auth/tokens.ts';
import { messageHtml } from '../../api/http/message-page.ts';
import { type StaffPortal, staffGate } from '../../api/staff-portal.ts';
import type { Content } from '../../domain/content.ts';
import type { StepId } from '../../domain/content-schema.ts';
import type { StaffAction } from '../../domain/staff.ts';

const refused = (text: string) =>
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

/** "Plangesprek (KCM 1)": a step with its contact moment, when it has one. */
export function staffStepName(step: StepId, content: Content): string {
  const code = content.steps.get(step)?.contactmoment;
  return code ? `${STEP_NAMES[step]} (KCM ${code})` : STEP_NAMES[step];
}
