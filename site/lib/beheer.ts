/**
 * The guard of every staff page: signed in with both factors and allowed to do `action`, or a
 * redirect to where the member should be. Pages call it first and return what it returns.
 */
import type { AstroGlobal } from 'astro';
import type { StaffPortal } from '../../api/staff-portal.ts';
import type { StaffAction } from '../../domain/staff.ts';

const NO_ACCESS = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Geen toegang · Traject beheer</title><style>body{font-family:system-ui,sans-serif;margin:0;color:#1b2430;line-height:1.55}main{max-width:40rem;margin:3rem auto;padding:0 1.25rem}a{color:#0b5cad}</style>
</head><body><main><h1>Geen toegang</h1><p>Uw rol in de organisatie geeft geen toegang tot deze pagina. Een beheerder van uw organisatie kan uw rol aanpassen.</p>
<p><a href="/beheer">Naar de aanvragen</a></p></main></body></html>`;

export function staffOrRedirect(astro: AstroGlobal, action: StaffAction = 'view'): StaffPortal | Response {
  const staff = astro.locals.traject?.staff;
  if (!staff) return astro.redirect('/beheer/inloggen', 303);
  if (!staff.twoFactorVerified) return astro.redirect('/beheer/tweede-stap', 303);
  if (!staff.may(action)) {
    return new Response(NO_ACCESS, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  return staff;
}

/** A fresh id for a form, so sending it twice (a double click) is one message (domain/staff-actions.ts). */
export function formId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...bytes].map((b) => alphabet[b % 32]).join('');
}
