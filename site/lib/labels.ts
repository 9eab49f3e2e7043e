/** Who does what, in the customer's words. */
import type { Lang } from './content.ts';

const WHO = {
  portaal: { nl: 'Traject (deze website)', en: 'Traject (this website)' },
  netbeheerder: { nl: 'De netbeheerder', en: 'The grid operator' },
  aannemer: { nl: 'De aannemer', en: 'The contractor' },
} as const;

export const who = (door: keyof typeof WHO, lang: Lang) => WHO[door][lang];

/** "8 – 16 weken" */
export const weeksRange = (van: number, tot: number, lang: Lang) =>
  van === tot ? `${van} ${lang === 'nl' ? 'weken' : 'weeks'}` : `${van} – ${tot} ${lang === 'nl' ? 'weken' : 'weeks'}`;

const DATE = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }),
};
export const longDate = (iso: string, lang: Lang) => DATE[lang].format(new Date(`${iso}T12:00:00Z`));
