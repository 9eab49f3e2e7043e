/**
 * The words of the business applicants' pages (issue 16.1): registering an organisation, its
 * members and its portfolio, in Dutch and English. The rules are domain/applicant-organisations.ts
 * and domain/portfolio.ts; this module says them.
 */
import type { Lang } from './content.ts';

const nl = {
  lang: 'nl' as Lang,
  path: (rest = '') => `/volg${rest}`,
  organisation: {
    title: 'Uw organisatie',
    description: 'Volg als zakelijke aanvrager al uw aanvragen in één portfolio, per project.',
    lead: 'Bent u een aannemer, woningcorporatie, laadpaalexploitant of gemeente met veel aanvragen? Volg ze dan samen in één portfolio, per project, met uw collega’s.',
    registerTitle: 'Organisatie aanmelden',
    registerWhy:
      'U krijgt een code op een e-mailadres van het domein van uw organisatie. Het domein moet voorkomen bij de aanvragen die uw organisatie met dit KvK-nummer deed. Wie als eerste bevestigt, wordt beheerder en voegt collega’s toe.',
    kvk: 'KvK-nummer',
    kvkHint: '8 cijfers, zoals 12345678',
    domain: 'E-maildomein van uw organisatie',
    domainHint: 'Zoals bouwbedrijf.nl',
    email: 'Uw e-mailadres',
    emailHint: 'Een adres van dat domein, zoals naam@bouwbedrijf.nl',
    send: 'Stuur mij een code',
    codeTitle: 'Vul de code in',
    codeDescription: 'Bevestig uw e-mailadres met de code die u per e-mail heeft gekregen.',
    codeSent:
      'Als het KvK-nummer en het domein bij aanvragen bij ons horen, hebben wij een code van 8 cijfers gestuurd naar het opgegeven e-mailadres.',
    codeButton: 'Bevestigen',
    noMail: 'Geen e-mail gekregen? Kijk ook in uw map met ongewenste e-mail, of',
    again: 'meld opnieuw aan',
    registered: 'Uw organisatie is aangemeld. U bent de beheerder.',
    membersSaved: 'De leden zijn bijgewerkt.',
    kvkOf: (kvk: string, domain: string) => `KvK-nummer ${kvk}, e-maildomein ${domain}`,
    yourRole: { beheerder: 'U bent beheerder.', lid: 'U bent lid.' },
    toPortfolio: 'Naar het portfolio',
    members: 'Leden',
    membersWhy: (domain: string) =>
      `Leden zien alle aanvragen van de organisatie. Alleen adressen van ${domain} kunnen lid worden; zij loggen in met hun e-mailadres.`,
    columns: { email: 'E-mailadres', role: 'Rol', since: 'Sinds', action: 'Actie' },
    roles: { beheerder: 'Beheerder', lid: 'Lid' },
    remove: (email: string) => `Verwijder ${email}`,
    removeShort: 'Verwijderen',
    addMember: 'Lid toevoegen',
    memberHint: (domain: string) => `Een adres van ${domain}`,
    add: 'Toevoegen',
    signedInAs: (email: string) => `Ingelogd als ${email}.`,
    otherRegistration: 'Nog een organisatie aanmelden',
  },
};

type Texts = typeof nl;

const en: Texts = {
  lang: 'en',
  path: (rest = '') => `/en/volg${rest}`,
  organisation: {
    title: 'Your organisation',
    description: 'As a business applicant, follow all your requests in one portfolio, per project.',
    lead: 'Are you a builder, housing corporation, charge-point operator or municipality with many requests? Follow them together in one portfolio, per project, with your colleagues.',
    registerTitle: 'Register your organisation',
    registerWhy:
      'You get a code at an e-mail address of your organisation’s domain. The domain must appear in the requests your organisation made with this KvK number. Whoever confirms first becomes the administrator and adds colleagues.',
    kvk: 'KvK number (Chamber of Commerce)',
    kvkHint: '8 digits, such as 12345678',
    domain: 'Your organisation’s e-mail domain',
    domainHint: 'Such as builder.nl',
    email: 'Your e-mail address',
    emailHint: 'An address of that domain, such as name@builder.nl',
    send: 'Send me a code',
    codeTitle: 'Enter the code',
    codeDescription: 'Confirm your e-mail address with the code you received by e-mail.',
    codeSent:
      'If the KvK number and the domain belong to requests with us, we have sent an 8-digit code to the e-mail address you gave.',
    codeButton: 'Confirm',
    noMail: 'No e-mail? Check your spam folder too, or',
    again: 'register again',
    registered: 'Your organisation is registered. You are its administrator.',
    membersSaved: 'The members have been updated.',
    kvkOf: (kvk, domain) => `KvK number ${kvk}, e-mail domain ${domain}`,
    yourRole: { beheerder: 'You are the administrator.', lid: 'You are a member.' },
    toPortfolio: 'To the portfolio',
    members: 'Members',
    membersWhy: (domain) =>
      `Members see all of the organisation’s requests. Only addresses of ${domain} can become members; they sign in with their e-mail address.`,
    columns: { email: 'E-mail address', role: 'Role', since: 'Since', action: 'Action' },
    roles: { beheerder: 'Administrator', lid: 'Member' },
    remove: (email) => `Remove ${email}`,
    removeShort: 'Remove',
    addMember: 'Add a member',
    memberHint: (domain) => `An address of ${domain}`,
    add: 'Add',
    signedInAs: (email) => `Signed in as ${email}.`,
    otherRegistration: 'Register another organisation',
  },
};

const TEXTS: Record<Lang, Texts> = { nl, en };

export function organisationTexts(lang: Lang): Texts {
  return TEXTS[lang];
}
