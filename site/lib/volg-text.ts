/**
 * The words of the track & trace pages in Dutch and English. The domain gives codes and dates;
 * this module says them. The step sentences are the editors', in both languages, in
 * content/stappen.yaml (domain/content.ts `stepSentence`).
 */
import type { StepId } from '../../domain/content-schema.ts';
import type { CustomerTask } from '../../domain/customer-tasks.ts';
import { DISCIPLINE_NAMES } from '../../domain/messages.ts';
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
  const noon = (date: string) => new Date(`${date}T12:00:00Z`);
  return {
    instant: (at: string) => dateTime.format(new Date(at)),
    longDate: (date: string) => long.format(noon(date)),
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
  lateTitle: 'Later dan afgesproken',
  /** What should have happened by the due date, in the past tense: an overdue step is no promise. */
  lateSteps: {
    intake: (org: string, date: string) => `${org} zou u uiterlijk ${date} bellen om uw aanvraag door te nemen.`,
    offerte: (org: string, date: string) => `${org} zou u uiterlijk ${date} een offerte sturen.`,
    'offerte-beslissen': (org: string, date: string) => `De offerte van ${org} was geldig tot ${date}.`,
    'offerte-afgewezen': (org: string, date: string) =>
      `${org} zou uiterlijk ${date} contact met u opnemen over de afgewezen offerte.`,
    'mee-in-combi': (org: string, date: string) => `${org} zou de opdracht uiterlijk ${date} doorgeven aan de aannemer.`,
    plangesprek: (org: string, date: string) => `${org} zou u uiterlijk ${date} bellen om de planning door te spreken.`,
    startdatum: (org: string, date: string) =>
      `${org} zou u uiterlijk ${date} bellen om de definitieve startdatum af te spreken.`,
    schouw: (org: string, date: string) => `${org} zou op ${date} langskomen voor de schouw.`,
    uitvoering: (org: string, date: string) => `${org} zou op ${date} beginnen met het aanleggen van uw aansluiting.`,
    opleverbevestiging: (org: string, date: string) =>
      `${org} zou uiterlijk ${date} per e-mail bevestigen dat uw aansluiting is opgeleverd.`,
    'stagnatie-klant': (org: string, date: string) => `${org} is later dan afgesproken (${date}).`,
    'stagnatie-netbeheerder': (org: string, date: string) => `${org} is later dan afgesproken (${date}).`,
    'stagnatie-derde': (org: string, date: string) => `${org} is later dan afgesproken (${date}).`,
  } as Record<StepId, (org: string, date: string) => string>,
  lateBy: (org: string, days: number) =>
    days > 0
      ? `Dat is volgens onze gegevens nog niet gebeurd: ${org} is ${days} ${days === 1 ? 'werkdag' : 'werkdagen'} te laat.`
      : `Dat is volgens onze gegevens nog niet gebeurd: ${org} is te laat.`,
  lateQuote: (org: string) => `Wilt u de offerte nog accepteren? Neem dan contact op met ${org}.`,
  call: (org: string) => `Bel ${org}`,
  callHours: (hours: string) => `bereikbaar ${hours}`,
  deliveredTitle: 'Uw aansluiting is opgeleverd',
  deliveredOn: (at: string) => `De aannemer heeft het laatste werk gereed gemeld op ${at}.`,
  whatFollows: 'Wat nog volgt',
  confirmedBy: (org: string, summary: string) => `${org} heeft de oplevering bevestigd: ${summary}`,
  survey:
    'U krijgt misschien een e-mail met een korte vragenlijst over hoe het ging, of kreeg die al. De link daarin is 14 dagen geldig.',
  nothingFollows: 'Er volgt niets meer. Heeft u nog een vraag, bel dan uw contactpersoon.',
  deliveredDate: 'Opgeleverd',
  legalOverTitle: 'Later dan de wettelijke termijn',
  legalTermIs: (until: string, weeks: number, passed: boolean) =>
    `De wettelijke uiterste termijn voor uw elektriciteitsaansluiting ${passed ? 'was' : 'is'} ${until} (${weeks} weken na uw aanvraag).`,
  legalCustomer: (date: string) => `U vroeg zelf om een latere datum, of stemde ermee in: ${date}. Die datum telt.`,
  legalPlanned: (start: string) => `De geplande start, ${start}, ligt daarna.`,
  legalPlannedWeek: (monday: string) => `De voorlopige uitvoerweek begint pas op ${monday}, dus daarna.`,
  legalExpected: (start: string) => `Wij verwachten dat het werk pas vanaf ${start} begint, dus daarna.`,
  legalPassed: 'Die datum is voorbij, en uw aansluiting is nog niet opgeleverd.',
  legalMayTitle: 'Wat kunt u doen?',
  legalResponsible: (org: string) =>
    `${org} is als netbeheerder verantwoordelijk voor deze termijn. Vraag wanneer uw aansluiting er komt en waarom het later wordt.`,
  legalMay:
    'U hoeft niet in te stemmen met een latere datum. Wilt u zelf later, dan kunt u daarom vragen of ermee instemmen; dan telt die datum.',
  legalCongestion: (weeks: number) =>
    `Alleen waar het net vol is (netcongestie, door de netbeheerder bekendgemaakt) loopt de termijn door tot er ruimte is, hoogstens ${weeks} weken na uw aanvraag.`,
  legalMore: 'Meer over de wettelijke termijn',
  legalMoreHref: '/doorlooptijden#wettelijke-termijn',
  noStep: 'Er staat op dit moment geen stap gepland. Uw contactpersoon kan u meer vertellen.',
  whereTitle: 'Waar staat uw aanvraag?',
  phaseState: { done: 'klaar', current: 'nu', todo: 'nog niet' },
  perConnection: 'Per aansluiting',
  columns: { connection: 'Aansluiting', status: 'Status', phase: 'Fase', gridOperator: 'Netbeheerder', contractor: 'Aannemer' },
  notKnownYet: 'nog niet bekend',
  disciplines: DISCIPLINE_NAMES.nl,
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
    `Bij ${inWindow} van de 10 vergelijkbare aanvragen in ${combi} begint het werk in deze periode. We rekenen met ${count} aanvragen van dezelfde soort, ook met die waar het werk nog niet begonnen is.`,
  expectationPassedTitle: 'Later dan verwacht',
  expectationPassed: (byEnd: number, combi: string, until: string) =>
    `Bij ${byEnd} van de 10 vergelijkbare aanvragen in ${combi} was het werk uiterlijk ${until} begonnen; bij uw aanvraag is er nog geen startdatum. Een nieuwe verwachting geven we niet: die zou niet betrouwbaar zijn. Zodra de startdatum is afgesproken, ziet u die hier.`,
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
  /** Who acts when the content names no organisation. */
  handler: 'De behandelaar',
  mailLanguage: 'In welke taal wilt u de e-mails?',
  languages: { nl: 'Nederlands', en: 'English' },
  /** The customer's pages: `/volg…` in Dutch. */
  path: (rest = '') => `/volg${rest}`,
  signIn: {
    title: 'Uw aanvraag volgen',
    description:
      'Log in met uw aanvraagnummer of e-mailadres en zie waar uw aanvraag staat, wie de volgende stap zet en wanneer.',
    lead: 'Zie waar uw aanvraag staat, wie de volgende stap zet en wanneer, en wat u zelf nog moet doen.',
    errors: {
      gegevens:
        'Vul een aanvraagnummer (zoals MA-2026-0000123), een postcode (zoals 1234 AB) en een huisnummer (alleen cijfers) in.',
      email: 'Vul een geldig e-mailadres in.',
      link: 'Deze persoonlijke link is al gebruikt of verlopen. Log hieronder opnieuw in; u krijgt een code per e-mail.',
      inloggen: 'Log eerst in om dat te doen.',
    } as Record<string, string>,
    signedOut: 'U bent uitgelogd.',
    why: 'U krijgt een inlogcode per e-mail, op het adres dat bij uw aanvraag hoort. Zo weet alleen u wat er in uw aanvraag staat.',
    byRequest: 'Met uw aanvraaggegevens',
    number: 'Aanvraagnummer',
    numberHint: 'Staat in de bevestiging van uw aanvraag, bijvoorbeeld MA-2026-0000123',
    postcode: 'Postcode',
    postcodeHint: 'Van het adres van de aansluiting',
    houseNumber: 'Huisnummer',
    houseNumberHint: 'Alleen het nummer, zonder toevoeging',
    send: 'Stuur mij een inlogcode',
    byEmail: 'Met uw e-mailadres',
    emailHint: 'Handig als u meerdere aanvragen heeft, of iets regelt voor een ander',
    business: 'Vraagt u aan voor een organisatie, voor veel adressen?',
    businessLink: 'Volg alle aanvragen van uw organisatie in één portfolio',
  },
  code: {
    title: 'Vul uw inlogcode in',
    description: 'Vul de inlogcode in die u per e-mail heeft gekregen.',
    sent: 'Als de gegevens bij een aanvraag horen, hebben wij een code van 8 cijfers gestuurd naar het e-mailadres van die aanvraag.',
    button: 'Inloggen',
    noMail: 'Geen e-mail gekregen? Kijk ook in uw map met ongewenste e-mail, of',
    again: 'probeer het opnieuw',
  },
  list: {
    title: 'Uw aanvragen',
    description: 'De aanvragen die u kunt volgen.',
    signedInAs: (email: string) => `Ingelogd als ${email}.`,
    none: 'Er zijn (nog) geen aanvragen die u kunt volgen.',
    columns: { request: 'Aanvraag', address: 'Adres', phase: 'Fase' },
    cancelled: 'Geannuleerd',
  },
  events: {
    request_submitted: () => 'U heeft de aanvraag ingediend',
    quickscan_done: (d: string) => `Quickscan gedaan${d}`,
    quote_sent: (d: string) => `Offerte verstuurd${d}`,
    quote_accepted: (d: string) => `U heeft de offerte geaccepteerd${d}`,
    quote_rejected: (d: string) => `U heeft de offerte afgewezen${d}`,
    handed_to_combi: () => 'Opdracht doorgegeven aan de aannemer',
    planning_changed: () => `Planning gewijzigd`,
    stagnation_reported: () => `Aanvraag staat stil`,
    stagnation_lifted: () => 'Aanvraag loopt weer',
    inspection_planned: () => 'Schouw gepland',
    inspection_done: () => 'Schouw gedaan',
    work_order_completed: (d: string) => `Gereed gemeld${d}`,
    work_order_cancelled: (d: string) => `Opdracht vervallen${d}`,
    request_cancelled: () => `Aanvraag geannuleerd`,
  } as Record<string, (discipline: string) => string>,
  tasks: {
    offerte: (p: CustomerTask['params']) =>
      `Accepteer of weiger de offerte van ${p.organisation} voor ${p.discipline}. Zonder uw akkoord kan het werk niet beginnen.`,
    stagnatie: (p: CustomerTask['params']) => `Uw aanvraag wacht op u: ${p.reason}.`,
    meterkast: () => 'Zorg dat de meterkast klaar is volgens de eisen van de netbeheerder, en dat de aannemer erbij kan.',
    schouw: () => 'Zorg dat u thuis bent voor de schouw.',
    aanwezig: () => 'Zorg dat de aannemer op de startdag bij uw woning en meterkast kan.',
  } satisfies Record<CustomerTask['task'], (p: CustomerTask['params']) => string>,
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
  normDate: 'Latest date under our service standards',
  firm: 'firm',
  norm: 'no appointment yet',
  indicative: 'not fixed yet',
  wish: 'your wish',
  lateTitle: 'Later than agreed',
  lateSteps: {
    intake: (org, date) => `${org} was to call you by ${date} to go through your request.`,
    offerte: (org, date) => `${org} was to send you a quote by ${date}.`,
    'offerte-beslissen': (org, date) => `The quote from ${org} was valid until ${date}.`,
    'offerte-afgewezen': (org, date) => `${org} was to contact you by ${date} about the quote you rejected.`,
    'mee-in-combi': (org, date) => `${org} was to pass the order to the contractor by ${date}.`,
    plangesprek: (org, date) => `${org} was to call you by ${date} to discuss the planning.`,
    startdatum: (org, date) => `${org} was to call you by ${date} to agree the firm start date.`,
    schouw: (org, date) => `${org} was to visit on ${date} for the site inspection.`,
    uitvoering: (org, date) => `${org} was to start building your connection on ${date}.`,
    opleverbevestiging: (org, date) => `${org} was to confirm by e-mail by ${date} that your connection is complete.`,
    'stagnatie-klant': (org, date) => `${org} is later than agreed (${date}).`,
    'stagnatie-netbeheerder': (org, date) => `${org} is later than agreed (${date}).`,
    'stagnatie-derde': (org, date) => `${org} is later than agreed (${date}).`,
  },
  lateBy: (org, days) =>
    days > 0
      ? `As far as we know, this has not happened yet: ${org} is ${days} working ${days === 1 ? 'day' : 'days'} late.`
      : `As far as we know, this has not happened yet: ${org} is late.`,
  lateQuote: (org) => `Would you still like to accept the quote? Then contact ${org}.`,
  call: (org) => `Call ${org}`,
  callHours: (hours) => `available ${hours}`,
  deliveredTitle: 'Your connection is complete',
  deliveredOn: (at) => `The contractor reported the last work as done on ${at}.`,
  whatFollows: 'What follows',
  confirmedBy: (org, summary) => `${org} confirmed the completion: ${summary}`,
  survey:
    'You may receive an e-mail with a short questionnaire about how it went, or have had it already. Its link is valid for 14 days.',
  nothingFollows: 'Nothing else follows. If you have a question, call your contact person.',
  deliveredDate: 'Completed',
  legalOverTitle: 'Later than the legal term',
  legalTermIs: (until, weeks, passed) =>
    `The legal deadline for your electricity connection ${passed ? 'was' : 'is'} ${until} (${weeks} weeks after your request).`,
  legalCustomer: (date) => `You asked for, or agreed to, a later date: ${date}. That date counts.`,
  legalPlanned: (start) => `The planned start, ${start}, is after it.`,
  legalPlannedWeek: (monday) => `The provisional week only starts on ${monday}, so after it.`,
  legalExpected: (start) => `We expect the work to start no earlier than ${start}, so after it.`,
  legalPassed: 'That date has passed, and your connection has not been completed.',
  legalMayTitle: 'What can you do?',
  legalResponsible: (org) =>
    `${org}, as grid operator, is responsible for this term. Ask when your connection will be ready and why it is later.`,
  legalMay:
    'You do not have to agree to a later date. If you want it later yourself, you may ask for or agree to a later date; then that date counts.',
  legalCongestion: (weeks) =>
    `Only where the grid is congested (announced by the grid operator) does the term run on until capacity is available, at most ${weeks} weeks after your request.`,
  legalMore: 'More about the legal term',
  legalMoreHref: '/en/lead-times#legal-term',
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
  disciplines: DISCIPLINE_NAMES.en,
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
    `For ${inWindow} out of 10 comparable requests in ${combi} the work starts in this period. This is based on ${count} requests of the same kind, including those where the work has not started yet.`,
  expectationPassedTitle: 'Later than expected',
  expectationPassed: (byEnd, combi, until) =>
    `For ${byEnd} out of 10 comparable requests in ${combi} the work had started by ${until}; your request has no start date yet. We do not give a new expectation, as it would not be reliable. As soon as the start date is agreed, you will see it here.`,
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
  handler: 'The case handler',
  mailLanguage: 'In which language would you like the e-mails?',
  path: (rest = '') => `/en/volg${rest}`,
  signIn: {
    title: 'Track your request',
    description:
      'Sign in with your request number or e-mail address and see where your request stands, who takes the next step and when.',
    lead: 'See where your request stands, who takes the next step and when, and what you still need to do yourself.',
    errors: {
      gegevens:
        'Please enter a request number (such as MA-2026-0000123), a postcode (such as 1234 AB) and a house number (digits only).',
      email: 'Please enter a valid e-mail address.',
      link: 'This personal link has already been used or has expired. Sign in again below; you will get a code by e-mail.',
      inloggen: 'Please sign in first to do that.',
    },
    signedOut: 'You have signed out.',
    why: 'You get a sign-in code by e-mail, at the address that belongs to your request. That way only you can see what is in your request.',
    byRequest: 'With your request details',
    number: 'Request number',
    numberHint: 'In the confirmation of your request, for example MA-2026-0000123',
    postcode: 'Postcode',
    postcodeHint: 'Of the address of the connection',
    houseNumber: 'House number',
    houseNumberHint: 'Only the number, without addition',
    send: 'Send me a sign-in code',
    byEmail: 'With your e-mail address',
    emailHint: 'Useful if you have several requests, or arrange something for someone else',
    business: 'Applying for an organisation, for many addresses?',
    businessLink: 'Follow all your organisation’s requests in one portfolio',
  },
  code: {
    title: 'Enter your sign-in code',
    description: 'Enter the sign-in code you received by e-mail.',
    sent: 'If the details belong to a request, we have sent an 8-digit code to the e-mail address of that request.',
    button: 'Sign in',
    noMail: 'No e-mail? Please also check your spam folder, or',
    again: 'try again',
  },
  list: {
    title: 'Your requests',
    description: 'The requests you can follow.',
    signedInAs: (email) => `Signed in as ${email}.`,
    none: 'There are no requests you can follow (yet).',
    columns: { request: 'Request', address: 'Address', phase: 'Phase' },
    cancelled: 'Cancelled',
  },
  events: {
    request_submitted: () => 'You submitted the request',
    quickscan_done: (d) => `Quick scan done${d}`,
    quote_sent: (d) => `Quote sent${d}`,
    quote_accepted: (d) => `You accepted the quote${d}`,
    quote_rejected: (d) => `You rejected the quote${d}`,
    handed_to_combi: () => 'Order passed to the contractor',
    planning_changed: () => `Planning changed`,
    stagnation_reported: () => `Request on hold`,
    stagnation_lifted: () => 'Request moving again',
    inspection_planned: () => 'Site inspection planned',
    inspection_done: () => 'Site inspection done',
    work_order_completed: (d) => `Reported done${d}`,
    work_order_cancelled: (d) => `Order dropped${d}`,
    request_cancelled: () => `Request cancelled`,
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
};

// Built once: date formatters are costly to make, and every track & trace page needs them.
const TEXTS = { nl: { ...nl, ...formats('nl') }, en: { ...en, ...formats('en') } };

export function texts(lang: Lang) {
  return TEXTS[lang];
}
