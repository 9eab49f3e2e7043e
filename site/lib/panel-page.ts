/**
 * The invitee's klantenpanel page behind their personal link (/klantenpanel/{token}), in Dutch and
 * English: what the link opens, and the page's words. The forms post to api/routes/klantenpanels.ts.
 */
import type { AstroGlobal } from 'astro';
import type { OpenedPanelLink } from '../../api/core/klantenpanels.ts';
import type { InvitationState } from '../../domain/klantenpanels.ts';
import type { Lang } from './content.ts';

/** What the page's token opens; a wrong link is a 404 (a component cannot set the status). */
export async function openPanelPage(astro: AstroGlobal): Promise<OpenedPanelLink | undefined> {
  const ctx = astro.locals.traject;
  const opened = ctx ? await ctx.panelLink(astro.params.token ?? '') : undefined;
  if (!opened) astro.response.status = 404;
  return opened;
}

const nl = {
  description: 'Uw uitnodiging voor het klantenpanel.',
  unknown: ['Deze link werkt niet', 'Controleer of u de hele link uit de e-mail heeft gebruikt.'],
  lead: 'U bent uitgenodigd voor ons klantenpanel: een gesprek met vaste aanvragers over hoe het aanvragen gaat en wat beter kan.',
  when: 'Wanneer',
  where: 'Waar',
  with: 'Samen met',
  deadline: 'Aanmelden tot en met',
  places: (n: number) => `${n} ${n === 1 ? 'plaats' : 'plaatsen'}`,
  capacity: 'Plaatsen',
  state: {
    uitgenodigd: 'U bent uitgenodigd en nog niet aangemeld.',
    aangemeld: 'U bent aangemeld. We zien u graag!',
    wachtlijst: 'Het panel is vol: u staat op de wachtlijst. Komt er een plaats vrij, dan krijgt u die en mailen we u.',
    afgemeld: 'U heeft zich afgemeld.',
  } satisfies Record<InvitationState, string>,
  done: {
    aangemeld: 'Gelukt: u bent aangemeld.',
    wachtlijst: 'Het panel is vol: u staat nu op de wachtlijst.',
    'al-aangemeld': 'U was al aangemeld.',
    afgemeld: 'U bent afgemeld.',
  } as Record<string, string>,
  cancelFailed: 'Er was niets om af te melden.',
  register: 'Aanmelden',
  registerAgain: 'Opnieuw aanmelden',
  cancel: 'Afmelden',
  closed: 'De aanmeldtermijn is voorbij.',
  questionnaireTitle: 'Vooraf: uw onderwerpen',
  questionnaire: 'Vertel ons vooraf hoe u het aanvragen ervaart en waarover u wilt praten. Dan zetten we het op de agenda.',
  questionnaireLink: 'Vragenlijst invullen',
  summaryTitle: 'Verslag',
  summaryFile: (name: string) => `Download het bijgevoegde bestand (${name})`,
  status: 'Uw aanmelding',
};

const en: typeof nl = {
  description: 'Your invitation to the customer panel.',
  unknown: ['This link does not work', 'Check that you used the whole link from the e-mail.'],
  lead: 'You are invited to our customer panel: a conversation with frequent applicants about how requesting goes and what could be better.',
  when: 'When',
  where: 'Where',
  with: 'Together with',
  deadline: 'Register until',
  places: (n: number) => `${n} ${n === 1 ? 'place' : 'places'}`,
  capacity: 'Places',
  state: {
    uitgenodigd: 'You are invited and not registered yet.',
    aangemeld: 'You are registered. We look forward to seeing you!',
    wachtlijst: 'The panel is full: you are on the waiting list. When a place comes free, you get it and we will mail you.',
    afgemeld: 'You have cancelled.',
  },
  done: {
    aangemeld: 'Done: you are registered.',
    wachtlijst: 'The panel is full: you are now on the waiting list.',
    'al-aangemeld': 'You were already registered.',
    afgemeld: 'You have cancelled.',
  },
  cancelFailed: 'There was nothing to cancel.',
  register: 'Register',
  registerAgain: 'Register again',
  cancel: 'Cancel my registration',
  closed: 'Registration has closed.',
  questionnaireTitle: 'Beforehand: your topics',
  questionnaire: 'Tell us beforehand how you experience requesting and what you want to discuss. We will put it on the agenda.',
  questionnaireLink: 'Fill in the questionnaire',
  summaryTitle: 'Summary',
  summaryFile: (name: string) => `Download the attached file (${name})`,
  status: 'Your registration',
};

export const panelPageText = (lang: Lang) => (lang === 'en' ? en : nl);
