/**
 * The survey pages behind a personal link (the eindmeting, the helpdesk survey), in Dutch and
 * English: what the link opens, and the words around the editors' questions (content/enquetes/,
 * `surveyIn`).
 */
import type { AstroGlobal } from 'astro';
import type { OpenedInvitation } from '../../api/survey-link.ts';
import type { Lang } from './content.ts';

/** What the page's token opens, with the page's status: 404 unknown, 410 used or expired (a component cannot set it). */
export async function openSurveyLink(astro: AstroGlobal): Promise<OpenedInvitation> {
  const ctx = astro.locals.traject;
  const opened = ctx ? await ctx.surveyInvitation(astro.params.token ?? '') : { state: 'onbekend' as const };
  if (opened.state !== 'open') astro.response.status = opened.state === 'onbekend' ? 404 : 410;
  return opened;
}

const nl = {
  /** The survey pages: `/enquete/…` in Dutch. */
  path: (rest: string) => `/enquete/${rest}`,
  description: 'Een korte vragenlijst van Traject.',
  closed: {
    ingevuld: [
      'U heeft deze vragenlijst al ingevuld',
      'Bedankt! Uw antwoorden zijn binnen. Een vragenlijst kan één keer worden ingevuld.',
    ],
    verlopen: [
      'Deze vragenlijst is verlopen',
      'De link werkte 14 dagen. Wilt u toch iets kwijt? Gebruik de knop Feedback bovenaan de pagina.',
    ],
    onbekend: ['Deze link werkt niet', 'Controleer of u de hele link uit de e-mail heeft gebruikt.'],
  } as Record<'ingevuld' | 'verlopen' | 'onbekend', [string, string]>,
  builtBy: (contractor: string, n: string) => `Uw aansluiting is aangelegd door ${contractor} (aanvraag ${n}).`,
  checkAnswer: 'Controleer uw antwoord bij de gemarkeerde vraag.',
  optional: '(niet verplicht)',
  send: 'Versturen',
  skip: 'Alle vragen mag u overslaan. Uw antwoorden gaan naar de netbeheerder en de aannemer; uw naam niet.',
  thanksTitle: 'Bedankt',
  thanksDescription: 'Bedankt voor het invullen van de vragenlijst.',
  thanksDefault: 'Bedankt voor uw antwoorden.',
  calledBack: 'We bellen u terug, op werkdagen tussen 8:00 en 17:00.',
  callbackTitle: 'Het ging niet goed. Zullen we u bellen?',
  callbackText: 'Dan belt degene die er iets aan kan doen u terug, om te horen wat er misging.',
  badPhone:
    'Dit telefoonnummer kunnen wij niet bellen. Vul een Nederlands nummer in, zoals 06 12345678 of 040 123 45 67, of laat het veld leeg.',
  badNote: 'Uw toelichting bevat tekens die wij niet kunnen bewaren. Typ haar opnieuw, zonder gekopieerde opmaak.',
  phone: 'Telefoonnummer',
  phoneHint: 'Leeg laten als wij het nummer uit uw aanvraag mogen gebruiken',
  about: 'Waarover?',
  callMe: 'Bel mij terug',
  home: 'Naar de startpagina',
};

const en: typeof nl = {
  path: (rest) => `/en/enquete/${rest}`,
  description: 'A short questionnaire from Traject.',
  closed: {
    ingevuld: [
      'You have already filled in this questionnaire',
      'Thank you! Your answers are in. A questionnaire can be filled in once.',
    ],
    verlopen: [
      'This questionnaire has expired',
      'The link worked for 14 days. Still want to tell us something? Use the Feedback button at the top of the page.',
    ],
    onbekend: ['This link does not work', 'Please check that you used the whole link from the e-mail.'],
  },
  builtBy: (contractor, n) => `Your connection was built by ${contractor} (request ${n}).`,
  checkAnswer: 'Please check your answer to the marked question.',
  optional: '(optional)',
  send: 'Send',
  skip: 'You may skip any question. Your answers go to the grid operator and the contractor; your name does not.',
  thanksTitle: 'Thank you',
  thanksDescription: 'Thank you for filling in the questionnaire.',
  thanksDefault: 'Thank you for your answers.',
  calledBack: 'We will call you back, on working days between 8:00 and 17:00.',
  callbackTitle: 'It did not go well. Shall we call you?',
  callbackText: 'Then the person who can do something about it will call you back, to hear what went wrong.',
  badPhone:
    'We cannot call this phone number. Please enter a Dutch number, such as 06 12345678 or 040 123 45 67, or leave the field empty.',
  badNote: 'Your note contains characters we cannot store. Please type it again, without copied formatting.',
  phone: 'Phone number',
  phoneHint: 'Leave empty if we may use the number from your request',
  about: 'What about?',
  callMe: 'Call me back',
  home: 'To the home page',
};

export const surveyPageText = (lang: Lang) => (lang === 'en' ? en : nl);
