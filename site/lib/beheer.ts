/**
 * The guard of every staff page: signed in with both factors and allowed to do `action`, or a
 * redirect to where the member should be. Pages call it first and return what it returns.
 */
import type { AstroGlobal } from 'astro';
import { newId } from '../../api/auth/tokens.ts';
import { messageHtml } from '../../api/http/message-page.ts';
import type { StaffPortal } from '../../api/staff-portal.ts';
import type { StaffAction } from '../../domain/staff.ts';

export function staffOrRedirect(astro: AstroGlobal, action: StaffAction = 'view'): StaffPortal | Response {
  const staff = astro.locals.traject?.staff;
  if (!staff) return astro.redirect('/beheer/inloggen', 303);
  if (!staff.twoFactorVerified) return astro.redirect('/beheer/tweede-stap', 303);
  if (!staff.may(action)) {
    const page = messageHtml(
      'Geen toegang',
      'Uw rol in de organisatie geeft geen toegang tot deze pagina. Een beheerder van uw organisatie kan uw rol aanpassen.',
      { links: [['/beheer', 'Naar de aanvragen']] },
    );
    return new Response(page, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  return staff;
}

/** A fresh id for a form, so sending it twice (a double click) is one message (domain/staff-actions.ts). */
export const formId = newId;
