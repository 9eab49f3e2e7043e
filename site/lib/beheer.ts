/**
 * The guard of every staff page: signed in with both factors and allowed to do `action`, or a
 * redirect to where the member should be. Pages call it first and return what it returns.
 */
import type { AstroGlobal } from 'astro';
import type { StaffPortal } from '../../api/staff-portal.ts';
import type { StaffAction } from '../../domain/staff.ts';

export function staffOrRedirect(astro: AstroGlobal, action: StaffAction = 'view'): StaffPortal | Response {
  const staff = astro.locals.traject?.staff;
  if (!staff) return astro.redirect('/beheer/inloggen', 303);
  if (!staff.twoFactorVerified) return astro.redirect('/beheer/tweede-stap', 303);
  if (!staff.may(action)) {
    astro.response.status = 403;
    return new Response('Geen toegang: uw rol geeft geen toegang tot deze pagina.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return staff;
}

/** A fresh id for a form, so sending it twice (a double click) is one message (domain/staff-actions.ts). */
export function formId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...bytes].map((b) => alphabet[b % 32]).join('');
}
