/**
 * The demo world: two combi areas in the south-east of the Netherlands with their grid
 * operators, contractors and combi-organisaties. All names are made up.
 */
import type { NewCombi, NewOrganisation } from '../api/storage/store.ts';

export const DEMO_ORGANISATIONS: NewOrganisation[] = [
  { code: 'traject', name: 'Traject', kind: 'platform', email: 'support@traject.example' },
  {
    code: 'netbeheer-zuid',
    name: 'Netbeheer Zuid',
    kind: 'netbeheerder',
    phone: '088 123 45 00',
    email: 'aansluitingen@netbeheer-zuid.example',
  },
  {
    code: 'waterbedrijf-peel',
    name: 'Waterbedrijf De Peel',
    kind: 'netbeheerder',
    phone: '088 234 56 00',
    email: 'aansluiten@waterbedrijf-peel.example',
  },
  { code: 'glasnet', name: 'Glasnet Nederland', kind: 'netbeheerder', phone: '088 345 67 00', email: 'aanleg@glasnet.example' },
  {
    code: 'van-der-berg-infra',
    name: 'Van der Berg Infra',
    kind: 'aannemer',
    phone: '0492 55 12 00',
    email: 'planning@vdberg-infra.example',
  },
  {
    code: 'kempen-kabel',
    name: 'Kempen Kabel & Leiding',
    kind: 'aannemer',
    phone: '040 286 33 00',
    email: 'planning@kempenkabel.example',
  },
  { code: 'peelbouw', name: 'Peelbouw Infra', kind: 'aannemer', phone: '0493 44 21 00', email: 'planning@peelbouw.example' },
  { code: 'combi-brabant-oost', name: 'Combi Brabant-Oost', kind: 'combi', email: 'combi@brabant-oost.example' },
  { code: 'combi-peelland', name: 'Combi Peelland', kind: 'combi', email: 'combi@peelland.example' },
];

export const DEMO_COMBIS: NewCombi[] = [
  {
    code: 'brabant-oost',
    name: 'Combi Brabant-Oost',
    area: 'Brabant-Oost (Eindhoven, Helmond, Geldrop)',
    capoActive: true,
    organisation: 'combi-brabant-oost',
    members: ['netbeheer-zuid', 'waterbedrijf-peel', 'glasnet', 'van-der-berg-infra', 'kempen-kabel'],
  },
  {
    code: 'peelland',
    name: 'Combi Peelland',
    area: 'Peelland (Deurne, Asten, Someren)',
    capoActive: false,
    organisation: 'combi-peelland',
    members: ['netbeheer-zuid', 'waterbedrijf-peel', 'glasnet', 'peelbouw'],
  },
];

/** Which grid operator handles which discipline in the demo world. */
export const DEMO_GRID_OPERATOR = {
  elektra: 'netbeheer-zuid',
  gas: 'netbeheer-zuid',
  water: 'waterbedrijf-peel',
  telecom: 'glasnet',
} as const;

export const DEMO_PLACES = [
  { city: 'Eindhoven', postcode: '56', combi: 'brabant-oost' },
  { city: 'Helmond', postcode: '57', combi: 'brabant-oost' },
  { city: 'Geldrop', postcode: '56', combi: 'brabant-oost' },
  { city: 'Nuenen', postcode: '56', combi: 'brabant-oost' },
  { city: 'Deurne', postcode: '57', combi: 'peelland' },
  { city: 'Asten', postcode: '57', combi: 'peelland' },
  { city: 'Someren', postcode: '57', combi: 'peelland' },
] as const;

/** Demo staff: an admin, planner and viewer at the Brabant-Oost combi, one account at a few others, and the platform's content editor. */
export const DEMO_STAFF: { organisation: string; email: string; name: string; role: 'viewer' | 'planner' | 'admin' }[] = [
  { organisation: 'combi-brabant-oost', email: 'beheer@brabant-oost.example', name: 'Sanne Verhoeven', role: 'admin' },
  { organisation: 'combi-brabant-oost', email: 'planner@brabant-oost.example', name: 'Joris van Dijk', role: 'planner' },
  { organisation: 'combi-brabant-oost', email: 'kijker@brabant-oost.example', name: 'Eva Smits', role: 'viewer' },
  { organisation: 'combi-peelland', email: 'beheer@peelland.example', name: 'Ruud Hendriks', role: 'admin' },
  { organisation: 'netbeheer-zuid', email: 'beheer@netbeheer-zuid.example', name: 'Fatima El Amrani', role: 'admin' },
  { organisation: 'van-der-berg-infra', email: 'planner@vdberg-infra.example', name: 'Kees van den Berg', role: 'planner' },
  { organisation: 'traject', email: 'beheer@traject.example', name: 'Lotte de Wit', role: 'admin' },
  // A content editor: the platform's planners and admins propose text changes (/beheer/teksten).
  { organisation: 'traject', email: 'redactie@traject.example', name: 'Rik Redactie', role: 'planner' },
];
