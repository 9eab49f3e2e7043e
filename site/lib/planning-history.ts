/**
 * A change in the planning as a sentence a customer reads — "Startdatum verschoven van maandag
 * 18 januari naar maandag 1 februari 2027: vorstverlet" — never the stored values (`2027-02-01
 * dag`, `2027-W03`). A date outside the current year carries its year; a week is its dates.
 */
import { type IsoDate, workingWeek } from '../../domain/calendar.ts';
import type { PlanningChange } from '../../domain/request-state.ts';
import type { Lang } from './content.ts';

const WORDS = {
  nl: {
    fields: {
      wishDate: 'Wensdatum',
      provisionalWeek: 'Voorlopige uitvoerweek',
      confirmedStart: 'Startdatum',
      inspection: 'Schouw',
    },
    parts: { dag: 'de hele dag', ochtend: 'ochtend (8–12 uur)', middag: 'middag (12–17 uur)' } as Record<string, string>,
    week: (from: string, to: string) => `de week van ${from} tot en met ${to}`,
    moved: (field: string, was: string, now: string) => `${field} verschoven van ${was} naar ${now}`,
    set: (field: string, now: string) => `${field} afgesproken: ${now}`,
  },
  en: {
    fields: {
      wishDate: 'Wish date',
      provisionalWeek: 'Provisional week',
      confirmedStart: 'Start date',
      inspection: 'Inspection',
    },
    parts: { dag: 'the whole day', ochtend: 'morning (8–12)', middag: 'afternoon (12–17)' } as Record<string, string>,
    week: (from: string, to: string) => `the week of ${from} to ${to}`,
    moved: (field: string, was: string, now: string) => `${field} moved from ${was} to ${now}`,
    set: (field: string, now: string) => `${field} agreed: ${now}`,
  },
} as const;

const LOCALE = { nl: 'nl-NL', en: 'en-GB' } as const;

/** Built once per language, with and without the year: a page says many dates. */
const FORMATS = Object.fromEntries(
  (['nl', 'en'] as const).map((lang) => {
    const day = { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' } as const;
    return [
      lang,
      {
        thisYear: new Intl.DateTimeFormat(LOCALE[lang], day),
        otherYear: new Intl.DateTimeFormat(LOCALE[lang], { ...day, year: 'numeric' }),
      },
    ];
  }),
) as Record<Lang, { thisYear: Intl.DateTimeFormat; otherYear: Intl.DateTimeFormat }>;

/** "maandag 1 februari", with the year when it is not `thisYear`. */
function dateText(date: IsoDate, lang: Lang, thisYear: string): string {
  const format = FORMATS[lang][date.slice(0, 4) === thisYear ? 'thisYear' : 'otherYear'];
  return format.format(new Date(`${date}T12:00:00Z`));
}

/** A day as a customer reads it: "maandag 1 februari", with its year only outside the year of `today`. */
export function dayText(date: IsoDate, lang: Lang, today: IsoDate): string {
  return dateText(date, lang, today.slice(0, 4));
}

/** A stored planning value in words: a date, a date with its part of the day, or an ISO week as its working days. */
export function planningValueText(field: PlanningChange['field'], value: string, lang: Lang, today: IsoDate): string {
  const words = WORDS[lang];
  const thisYear = today.slice(0, 4);
  if (field === 'provisionalWeek') {
    const { from, to } = workingWeek(value);
    return words.week(dateText(from, lang, thisYear), dateText(to, lang, thisYear));
  }
  const [date, part] = value.split(' ') as [IsoDate, string | undefined];
  const day = dateText(date, lang, thisYear);
  return part ? `${day}, ${words.parts[part] ?? part}` : day;
}

/** The change as one sentence, with its reason. */
export function planningChangeSentence(change: PlanningChange, lang: Lang, today: IsoDate): string {
  const words = WORDS[lang];
  const field = words.fields[change.field];
  const now = planningValueText(change.field, change.value, lang, today);
  const sentence = change.previous
    ? words.moved(field, planningValueText(change.field, change.previous, lang, today), now)
    : words.set(field, now);
  return `${sentence}: ${change.reason}`;
}
