/**
 * Where the track & trace page's forms post and its calendar files live: under `/volg/aanvraag/`,
 * not under the page's own `/volg/:nummer`, because a parameter beside fixed names such as
 * `/volg/inloggen` makes Hono fall back from its RegExpRouter to the slower TrieRouter for every
 * request (api/route-inventory.test.ts holds the app to the RegExpRouter).
 */
export type AanvraagAction = 'meldingen' | 'toegang' | 'agenda-abonnement' | `agenda/${'startdatum' | 'schouw'}.ics`;

export const AANVRAAG_ACTIONS = '/volg/aanvraag/:nummer';

export const aanvraagActionPath = (number: string, action: AanvraagAction) =>
  `${AANVRAAG_ACTIONS.replace(':nummer', encodeURIComponent(number))}/${action}`;
