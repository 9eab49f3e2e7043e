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

const MOMENT = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
const DAY = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' });
const MONTH = new Intl.DateTimeFormat('nl-NL', { month: 'short', year: '2-digit', timeZone: 'UTC' });
/** "22 nov 2026, 14:05": an instant in the Netherlands (the staff pages). */
export const dateTime = (instant: string) => MOMENT.format(new Date(instant));
/** "22 nov 2026": the Dutch day of an instant. */
export const shortDay = (instant: string) => DAY.format(new Date(instant));
const CLOCK = new Intl.DateTimeFormat('nl-NL', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/Amsterdam',
});
/** "14:05": the time of day in the Netherlands. */
export const clockTime = (instant: Date) => CLOCK.format(instant);
/** "nov 26": a month "2026-11". */
export const monthName = (ym: string) => MONTH.format(new Date(`${ym}-15T00:00:00Z`));
