/**
 * The few words of the page frame in both languages, and the pages that exist in both.
 * Process texts come from content/; these are labels, not content.
 */
import type { Lang } from './content.ts';

export const PATHS = {
  home: { nl: '/', en: '/en/' },
  contactMoments: { nl: '/contactmomenten/', en: '/en/contact-moments/' },
  leadTimes: { nl: '/doorlooptijden/', en: '/en/lead-times/' },
  search: { nl: '/zoeken/', en: '/en/search/' },
  faq: { nl: '/veelgestelde-vragen/', en: '/en/faq/' },
  glossary: { nl: '/begrippen/', en: '/en/glossary/' },
  /** Track & trace is rendered per request by its own pages (site/pages/volg*). */
  track: { nl: '/volg', en: '/en/volg' },
} as const;

export const phasePath = (id: string, lang: Lang = 'nl') => (lang === 'en' ? `/en/phases/${id}/` : `/fasen/${id}/`);

const WORDS = {
  skip: { nl: 'Naar de inhoud', en: 'Skip to content' },
  mainMenu: { nl: 'Hoofdmenu', en: 'Main menu' },
  home: { nl: 'Traject, naar de startpagina', en: 'Traject, to the home page' },
  contactMoments: { nl: 'Wie belt u wanneer', en: 'Who calls you when' },
  leadTimes: { nl: 'Doorlooptijden', en: 'Lead times' },
  faq: { nl: 'Vragen', en: 'Questions' },
  glossary: { nl: 'Begrippen', en: 'Glossary' },
  track: { nl: 'Volg uw aanvraag', en: 'Track your request' },
  search: { nl: 'Zoeken', en: 'Search' },
  searchLabel: { nl: 'Zoek op deze site', en: 'Search this site' },
  forPartners: { nl: 'Voor netbeheerders en aannemers', en: 'For grid operators and contractors' },
  footer: {
    nl: 'Traject: uw aansluiting op elektriciteit, gas, water en telecom, van aanvraag tot oplevering.',
    en: 'Traject: your connection to electricity, gas, water and telecom, from request to delivery.',
  },
  otherLanguage: { nl: 'English', en: 'Nederlands' },
  moreLinks: { nl: 'Meer op deze site', en: 'More on this site' },
} as const;

export const t = (key: keyof typeof WORDS, lang: Lang) => WORDS[key][lang];
