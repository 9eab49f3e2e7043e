/**
 * The words of the track & trace pages in Dutch and English. The domain gives codes and dates;
 * this module says them. Dutch step sentences come from content/stappen.yaml (the editors'), the
 * English ones are here until the content has English step sentences.
 */
import type { StepId } from '../../domain/content-schema.ts';
import type { CustomerTask } from '../../domain/customer-tasks.ts';
import { WORK_ORDER_STATUSES } from '../../domain/status.ts';
import type { WORK_ORDER_STATUS_IDS } from '../../domain/status-schema.ts';

import type { Lang } from './content.ts';

export type { Lang };

type Status = (typeof WORK_ORDER_STATUS_IDS)[number];

const zone = 'Europe/Amsterdam';
const locale = { nl: 'nl-NL', en: 'en-GB' } as const;

function formats(lang: Lang) {
  const dateTime = new Intl.DateTimeFormat(locale[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  });
  const long = new Intl.DateTimeFormat(locale[lang], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const short = new Intl.DateTimeFormat(locale[lang], { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const noon = (date: string) => new Date(`${date}T12:00:00Z`);
  return {
    instant: (at: string) => dateTime.format(new Date(at)),
    longDate: (date: string) => long.format(noon(date)),
    shortDate: (date: string) => short.format(noon(date)),
  };
}

const nl = {
  lang: 'nl' as Lang,
  title: (n: string) => `Aanvraag ${n}`,
  notFoundTitle: 'Aanvraag niet gevonden',
  notFound: (n: string) => `Wij kunnen aanvraag ${n} niet tonen. Misschien hoort hij niet bij uw e-mailadres.`,
  yourRequests: 'Bekijk uw aanvragen',
  saved: 'Uw keuze is opgeslagen.',
  cancelled: (at: string, reason?: string) => `Deze aanvraag is geannuleerd op ${at}${reason ? `: ${reason}` : ''}.`,
  stalledTitle: 'Uw aanvraag staat stil',
  stalled: (since: string, cause: string, reason: string) => `Sinds ${since} ligt het ${cause}: ${reason}.`,
  stalledNext: 'Zodra dit is opgelost, plant de aannemer opnieuw in en laten wij u dat weten.',
  causes: { klant: 'bij u', netbeheerder: 'bij de netbeheerder', derde: 'bij een andere partij' },
  nextStep: 'Volgende stap',
  agreedDate: 'Afgesproken datum',
  normDate: 'Uiterste datum volgens de afspraken',
  firm: 'vast',
  norm: 'nog geen afspraak',
  indicative: 'nog niet vast',
  wish: 'uw wens',
  late: 'later dan afgesproken',
  delivered: (at: string) => `Uw aansluiting is opgeleverd op ${at}. Er zijn geen stappen meer.`,
  noStep: 'Er staat op dit moment geen stap gepland. Uw contactpersoon kan u meer vertellen.',
  whereTitle: 'Waar staat uw aanvraag?',
  phaseState: { done: 'klaar', current: 'nu', todo: 'nog niet' },
  perConnection: 'Per aansluiting',
  columns: { connection: 'Aansluiting', status: 'Status', phase: 'Fase', gridOperator: 'Netbeheerder', contractor: 'Aannemer' },
  notKnownYet: 'nog niet bekend',
  disciplines: { elektra: 'Elektriciteit', gas: 'Gas', water: 'Water', telecom: 'Telecom' },
  statuses: WORK_ORDER_STATUSES as Record<Status, string>,
  planning: 'Planning',
  wishDate: 'Uw wensdatum',
  provisionalWeek: 'Voorlopige uitvoerweek',
  startDate: 'Startdatum',
  inspection: 'Schouw',
  done: '(gedaan)',
  addToCalendar: 'Zet in uw agenda',
  removeFromCalendar: 'Haal uit uw agenda',
  calendarFeed: {
    title: 'Uw agenda houdt de planning bij',
    offer:
      'Abonneer uw agenda (telefoon, Outlook, Google) één keer op deze aanvraag. Verschuift een afspraak of vervalt hij, dan past uw agenda zich vanzelf aan.',
    make: 'Maak een agenda-abonnement',
    live: 'Uw agenda-abonnement is actief. Iedereen met dit adres ziet de afspraken van deze aanvraag: deel het niet.',
    subscribe: 'Abonneer in uw agenda',
    copy: 'Of kopieer dit adres in uw agenda-app:',
    revoke: 'Stop het agenda-abonnement',
  },
  execution: 'Uitvoering',
  notPlanned: 'Nog niet gepland. De aannemer spreekt de planning met u af.',
  dayParts: { dag: 'hele dag', ochtend: 'ochtend (8–12 uur)', middag: 'middag (12–17 uur)' },
  expectation: 'Verwachting',
  dateRange: (from: string, to: string) => `${from} tot en met ${to}`,
  notAPromise: 'een verwachting, geen belofte',
  expectationBasis: (inWindow: number, combi: string, count: number) =>
    `Bij ${inWindow} van de 10 vergelijkbare aanvragen in ${combi} was het werk in deze periode klaar (gebaseerd op ${count} opgeleverde aanvragen van dezelfde soort).`,
  legalTerm: (until: string, weeks: number) =>
    `Wettelijke uiterste termijn voor uw elektriciteitsaansluiting: ${until} (${weeks} weken na uw aanvraag). Bij netcongestie kan die langer zijn; u kunt ook zelf een latere datum afspreken.`,
  historyTitle: (n: number) => `Wijzigingen in de planning (${n})`,
  historyCaption: 'Wijzigingen in de planning, nieuwste eerst',
  historyColumns: { when: 'Wanneer', what: 'Wat', by: 'Door' },
  tasksTitle: 'Wat moet u doen?',
  byDate: (date: string) => `Uiterlijk ${date}`,
  contactTitle: 'Uw contactpersoon',
  organisation: 'Organisatie',
  phone: 'Telefoon',
  reachable: 'Bereikbaar',
  reachableHours: 'werkdagen 8:00–17:00',
  roles: { aannemer: 'aannemer', netbeheerder: 'netbeheerder' },
  historyHeading: 'Contact en wijzigingen',
  spoke: (staff: string, org: string, withWhom: string) => `${staff} van ${org} sprak met ${withWhom}.`,
  channels: {
    telefoon: 'telefoon',
    email: 'e-mail',
    op_locatie: 'op locatie',
    video: 'video',
    sms: 'sms',
    portaal: 'portaal',
  } as Record<string, string>,
  mailsTitle: 'E-mails over deze aanvraag',
  mailsQuestion: 'Waarover wilt u een e-mail?',
  modes: { alles: 'Elke wijziging en elk contactmoment', planning: 'Alleen wijzigingen in de planning', niets: 'Geen e-mails' },
  save: 'Opslaan',
  accessTitle: 'Iemand anders laten meekijken',
  accessText:
    'Regelt een installateur of bouwbedrijf de aansluiting voor u? Geef het e-mailadres op; die persoon kan dan inloggen met een code en deze aanvraag volgen.',
  emailInvalid: 'Vul een geldig e-mailadres in.',
  email: 'E-mailadres',
  revoke: 'Intrekken',
  grant: 'Toegang geven',
  signOut: 'Uitloggen',
  myData: 'Download mijn gegevens',
  myDataText: 'alles wat Traject over u bewaart, als JSON-bestand',
  otherLanguage: { href: (n: string) => `/en/volg/${n}`, label: 'English', lang: 'en' },
  events: {
    request_submitted: () => 'Aanvraag ingediend',
    quickscan_done: (d: string) => `Quickscan gedaan${d}`,
    quote_sent: (d: string) => `Offerte verstuurd${d}`,
    quote_accepted: (d: string) => `Offerte geaccepteerd${d}`,
    quote_rejected: (d: string) => `Offerte afgewezen${d}`,
    handed_to_combi: () => 'Opdracht doorgegeven aan de aannemer',
    planning_changed: (_d: string, t?: string) => `Planning gewijzigd${t ? `: ${t}` : ''}`,
    stagnation_reported: (_d: string, t?: string) => `Aanvraag staat stil${t ? `: ${t}` : ''}`,
    stagnation_lifted: () => 'Aanvraag loopt weer',
    inspection_planned: () => 'Schouw gepland',
    inspection_done: () => 'Schouw gedaan',
    work_order_completed: (d: string) => `Gereed gemeld${d}`,
    work_order_cancelled: (d: string, t?: string) => `Opdracht vervallen${d}${t ? `: ${t}` : ''}`,
    request_cancelled: (_d: string, t?: string) => `Aanvraag geannuleerd${t ? `: ${t}` : ''}`,
  } as Record<string, (discipline: string, text?: string) => string>,
  tasks: {
    offerte: (p: CustomerTask['params']) =>
      `Accepteer of weiger de offerte van ${p.organisation} voor ${p.discipline}. Zonder uw akkoord kan het werk niet beginnen.`,
    stagnatie: (p: CustomerTask['params']) => `Uw aanvraag wacht op u: ${p.reason}.`,
    meterkast: () => 'Zorg dat de meterkast klaar is volgens de eisen van de netbeheerder, en dat de aannemer erbij kan.',
    schouw: () => 'Zorg dat u thuis bent voor de schouw.',
    aanwezig: () => 'Zorg dat de aannemer op de startdag bij uw woning en meterkast kan.',
  } satisfies Record<CustomerTask['task'], (p: CustomerTask['params']) => string>,
  /** Dutch step sentences come from the content; null means "use the content's". */
  steps: null as null | Record<StepId, (org: string, date: string | undefined, reason: string) => string>,
};

type Texts = typeof nl;

const en: Texts = {
  ...nl,
  lang: 'en',
  title: (n) => `Request ${n}`,
  notFoundTitle: 'Request not found',
  notFound: (n) => `We cannot show request ${n}. Perhaps it does not belong to your e-mail address.`,
  yourRequests: 'See your requests',
  saved: 'Your choice has been saved.',
  cancelled: (at, reason) => `This request was cancelled on ${at}${reason ? `: ${reason}` : ''}.`,
  stalledTitle: 'Your request is on hold',
  stalled: (since, cause, reason) => `Since ${since} it is waiting ${cause}: ${reason}.`,
  stalledNext: 'Once this is resolved, the contractor will plan again and we will let you know.',
  causes: { klant: 'for you', netbeheerder: 'for the grid operator', derde: 'for another party' },
  nextStep: 'Next step',
  agreedDate: 'Agreed date',
  normDate: 'Latest date under the agreed standards',
  firm: 'firm',
  norm: 'not agreed yet',
  indicative: 'not fixed yet',
  wish: 'your wish',
  late: 'later than agreed',
  delivered: (at) => `Your connection was completed on ${at}. There are no further steps.`,
  noStep: 'No step is planned at the moment. Your contact person can tell you more.',
  whereTitle: 'Where is your request?',
  phaseState: { done: 'done', current: 'now', todo: 'not yet' },
  perConnection: 'Per connection',
  columns: {
    connection: 'Connection',
    status: 'Status',
    phase: 'Phase',
    gridOperator: 'Grid operator',
    contractor: 'Contractor',
  },
  notKnownYet: 'not known yet',
  disciplines: { elektra: 'Electricity', gas: 'Gas', water: 'Water', telecom: 'Telecom' },
  statuses: {
    ingediend: 'Request received',
    quickscan: 'Quick scan done',
    offerte_verstuurd: 'Quote sent',
    offerte_geaccepteerd: 'Quote accepted',
    offerte_afgewezen: 'Quote rejected',
    mee_in_combi: 'With the contractor',
    ingepland: 'Scheduled',
    gereed: 'Done',
    geannuleerd: 'Cancelled',
  },
  planning: 'Planning',
  wishDate: 'Your preferred date',
  provisionalWeek: 'Provisional week',
  startDate: 'Start date',
  inspection: 'Site inspection',
  done: '(done)',
  addToCalendar: 'Add to your calendar',
  removeFromCalendar: 'Remove from your calendar',
  calendarFeed: {
    title: 'Let your calendar keep up with the planning',
    offer:
      'Subscribe your calendar (phone, Outlook, Google) to this request once. When an appointment moves or is called off, your calendar follows by itself.',
    make: 'Create a calendar subscription',
    live: 'Your calendar subscription is active. Anyone with this address sees the appointments of this request: do not share it.',
    subscribe: 'Subscribe in your calendar',
    copy: 'Or copy this address into your calendar app:',
    revoke: 'Stop the calendar subscription',
  },
  execution: 'Work',
  notPlanned: 'Not planned yet. The contractor will agree the planning with you.',
  dayParts: { dag: 'whole day', ochtend: 'morning (8–12)', middag: 'afternoon (12–17)' },
  expectation: 'Expectation',
  dateRange: (from, to) => `${from} to ${to}`,
  notAPromise: 'an expectation, not a promise',
  expectationBasis: (inWindow, combi, count) =>
    `For ${inWindow} out of 10 comparable requests in ${combi} the work was done in this period (based on ${count} completed requests of the same kind).`,
  legalTerm: (until, weeks) =>
    `Legal deadline for your electricity connection: ${until} (${weeks} weeks after your request). It can be longer where the grid is congested; you may also agree a later date.`,
  historyTitle: (n) => `Changes to the planning (${n})`,
  historyCaption: 'Changes to the planning, newest first',
  historyColumns: { when: 'When', what: 'What', by: 'By' },
  tasksTitle: 'What do you need to do?',
  byDate: (date) => `By ${date}`,
  contactTitle: 'Your contact person',
  organisation: 'Organisation',
  phone: 'Phone',
  reachable: 'Available',
  reachableHours: 'working days 8:00–17:00',
  roles: { aannemer: 'contractor', netbeheerder: 'grid operator' },
  historyHeading: 'Contacts and changes',
  spoke: (staff, org, withWhom) => `${staff} of ${org} spoke with ${withWhom}.`,
  channels: { telefoon: 'phone', email: 'e-mail', op_locatie: 'on site', video: 'video', sms: 'text message', portaal: 'portal' },
  mailsTitle: 'E-mails about this request',
  mailsQuestion: 'What would you like an e-mail about?',
  modes: { alles: 'Every change and every contact', planning: 'Only changes to the planning', niets: 'No e-mails' },
  save: 'Save',
  accessTitle: 'Let someone else follow along',
  accessText:
    'Is an installer or builder arranging the connection for you? Enter their e-mail address; they can then sign in with a code and follow this request.',
  emailInvalid: 'Please enter a valid e-mail address.',
  email: 'E-mail address',
  revoke: 'Revoke',
  grant: 'Give access',
  signOut: 'Sign out',
  myData: 'Download my data',
  myDataText: 'everything Traject holds about you, as a JSON file',
  otherLanguage: { href: (n) => `/volg/${n}`, label: 'Nederlands', lang: 'nl' },
  events: {
    request_submitted: () => 'Request submitted',
    quickscan_done: (d) => `Quick scan done${d}`,
    quote_sent: (d) => `Quote sent${d}`,
    quote_accepted: (d) => `Quote accepted${d}`,
    quote_rejected: (d) => `Quote rejected${d}`,
    handed_to_combi: () => 'Order passed to the contractor',
    planning_changed: (_d, t) => `Planning changed${t ? `: ${t}` : ''}`,
    stagnation_reported: (_d, t) => `Request on hold${t ? `: ${t}` : ''}`,
    stagnation_lifted: () => 'Request moving again',
    inspection_planned: () => 'Site inspection planned',
    inspection_done: () => 'Site inspection done',
    work_order_completed: (d) => `Reported done${d}`,
    work_order_cancelled: (d, t) => `Order dropped${d}${t ? `: ${t}` : ''}`,
    request_cancelled: (_d, t) => `Request cancelled${t ? `: ${t}` : ''}`,
  },
  tasks: {
    offerte: (p) =>
      `Accept or reject the quote from ${p.organisation} for ${p.discipline}. The work cannot start without your approval.`,
    stagnatie: (p) => `Your request is waiting for you: ${p.reason}.`,
    meterkast: () =>
      'Make sure the meter cupboard is ready to the grid operator’s requirements, and that the contractor can reach it.',
    schouw: () => 'Make sure you are at home for the site inspection.',
    aanwezig: () => 'Make sure the contractor can reach your home and meter cupboard on the start day.',
  },
  steps: {
    intake: (org, date) => `${org} will call you${date ? ` by ${date}` : ''} to go through your request.`,
    offerte: (org, date) => `${org} will send you a quote${date ? ` by ${date}` : ''}.`,
    'offerte-beslissen': (org, date) =>
      `Please decide on the quote from ${org}${date ? `, preferably before ${date}` : ''}. The work cannot start without your approval.`,
    'mee-in-combi': (org, date) => `${org} will pass the order to the contractor${date ? ` by ${date}` : ''}.`,
    plangesprek: (org, date) => `${org} will call you${date ? ` by ${date}` : ''} to discuss the planning.`,
    startdatum: (org, date) =>
      date
        ? `${org} will call you by ${date} to agree the definite start date.`
        : `${org} will call you to agree the definite start date once the preparation is done.`,
    schouw: (org, date) => `${org} will visit${date ? ` on ${date}` : ''} for the site inspection.`,
    uitvoering: (org, date) => `${org} will start building your connection${date ? ` on ${date}` : ''}.`,
    opleverbevestiging: (org, date) =>
      `${org} will confirm by e-mail${date ? ` by ${date}` : ''} that your connection is complete.`,
    'stagnatie-klant': (org, _date, reason) => `Your request is waiting for you: ${reason}. ${org} will then plan again.`,
    'stagnatie-netbeheerder': (org, _date, reason) =>
      `Your request is on hold: ${reason}. ${org} will resolve this; then it will be planned again.`,
    'stagnatie-derde': (org, _date, reason) =>
      `Your request is waiting for another party: ${reason}. ${org} will keep you informed.`,
  },
};

// Built once: date formatters are costly to make, and every track & trace page needs them.
const TEXTS = { nl: { ...nl, ...formats('nl') }, en: { ...en, ...formats('en') } };

export function texts(lang: Lang) {
  return TEXTS[lang];
}
