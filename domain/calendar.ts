/**
 * Calendar arithmetic for norms that are expressed in working days (werkdagen):
 * Monday to Friday, minus Dutch public holidays. Holidays come from the maintained
 * `date-holidays` library (type "public" for NL: Nieuwjaar, Pasen, Tweede paasdag,
 * Koningsdag, Hemelvaartsdag, Pinksteren, Tweede pinksterdag, Kerstmis, Tweede kerstdag).
 * Goede Vrijdag and Bevrijdingsdag are not national days off and count as working days.
 *
 * All dates are plain calendar dates ("YYYY-MM-DD") in Europe/Amsterdam: a norm such as
 * "within 10 working days" is about days on the Dutch calendar, not about hours.
 */
import { createRequire } from 'node:module';
import type HolidaysLibrary from 'date-holidays';

export type IsoDate = string;

const TIME_ZONE = 'Europe/Amsterdam';
export const DAY_MS = 86_400_000;
const holidaysByYear = new Map<number, Map<IsoDate, string>>();

/**
 * The library, loaded on the first count of working days rather than at start: a server that only
 * answers look-ups from stored statuses never counts one, and the library with its data holds
 * about 35 MB resident.
 */
let holidays: HolidaysLibrary | undefined;
function dutchHolidays(): HolidaysLibrary {
  if (!holidays) {
    const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysLibrary;
    holidays = new Holidays('NL');
  }
  return holidays;
}

/** Public holidays of one year, keyed by date, with their Dutch name. */
export function publicHolidays(year: number): Map<IsoDate, string> {
  let days = holidaysByYear.get(year);
  if (!days) {
    days = new Map();
    for (const h of dutchHolidays().getHolidays(year)) {
      if (h.type === 'public') days.set(h.date.slice(0, 10), h.name);
    }
    holidaysByYear.set(year, days);
  }
  return days;
}

const amsterdamFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const summerTimeByYear = new Map<number, [number, number]>();

/**
 * Summer time in the Netherlands (EU rule): from the last Sunday of March to the last Sunday of
 * October, both at 01:00 UTC. Computed once per year: Intl is too slow for every status look-up.
 */
function summerTime(year: number): [number, number] {
  let range = summerTimeByYear.get(year);
  if (!range) {
    const lastSunday = (month: number) => {
      const last = new Date(Date.UTC(year, month + 1, 0));
      return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
    };
    range = [lastSunday(2), lastSunday(9)];
    summerTimeByYear.set(year, range);
  }
  return range;
}

const FROM_1996 = Date.UTC(1996, 0, 1);
const FROM_2100 = Date.UTC(2100, 0, 1);
/** The Dutch clock is one or two hours ahead of UTC: before 22:00 UTC its day is the UTC day. */
const SAME_DAY_UNTIL_MS = 22 * 3_600_000;

/**
 * The day number of the calendar date in the Netherlands at an instant (ms); undefined outside
 * 1996–2099, where Intl decides. Only the last two hours of a UTC day ask whether it is summer
 * time: the window's curve and the dashboard's facts turn millions of instants into days.
 */
function dutchDayNumber(t: number): number | undefined {
  if (t < FROM_1996 || t >= FROM_2100) return undefined;
  const utcDay = Math.floor(t / DAY_MS);
  if (t - utcDay * DAY_MS < SAME_DAY_UNTIL_MS) return utcDay;
  return Math.floor((t + (isSummer(t) ? 2 : 1) * 3_600_000) / DAY_MS);
}

const msOf = (instant: Date | string | number) =>
  typeof instant === 'number' ? instant : typeof instant === 'string' ? instantMs(instant) : instant.getTime();

/** The calendar date in the Netherlands at a given instant. */
export function dutchDate(instant: Date | string | number): IsoDate {
  const t = msOf(instant);
  const day = dutchDayNumber(t);
  return day === undefined ? amsterdamFormat.format(new Date(t)) : dateOfDay(day);
}

/** dayNumber(dutchDate(instant)) without making the date: the window's curve counts thousands at a time. */
export function dutchDay(instant: Date | string | number): number {
  const t = msOf(instant);
  return dutchDayNumber(t) ?? dayNumber(amsterdamFormat.format(new Date(t)));
}

/**
 * A wall-clock time in the Netherlands as an ISO instant with its offset ("2026-11-20T09:30:00+01:00"),
 * for forms where staff type the date and time of a contact moment. In the hour that repeats when
 * summer time ends, the first (summer) one is meant.
 */
export function dutchInstant(date: IsoDate, time: string): string {
  const asSummerTime = Date.parse(`${date}T${time}:00Z`) - 2 * 3_600_000;
  return `${date}T${time}:00+0${isSummer(asSummerTime) ? 2 : 1}:00`;
}

function isSummer(t: number): boolean {
  const [start, end] = summerTime(new Date(t).getUTCFullYear());
  return t >= start && t < end;
}

function toUtcMs(date: IsoDate): number {
  const day = dayOfDigits(date);
  if (day !== undefined) return day * DAY_MS;
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The decimal number of `length` digits at `from`; NaN if one is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * Days since 1 January 1970 of a year, month and day, after Howard Hinnant's days_from_civil. A day
 * past the month's end runs on, and month 13 is January of the next year (the count starts in March).
 */
function civilDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The day number of "YYYY-MM-DD" from its character codes, as Date.UTC counts it (a day past the
 * month's end runs into the next): the window's curve and the dashboard's facts read thousands of
 * dates per batch or view, and slicing each into three numbers cost more than the rest of the
 * work. Undefined for anything else (a year before 1000, a month outside 1–12, not digits): those
 * go the slow way.
 */
function dayOfDigits(date: string): number | undefined {
  if (date.length !== 10) return undefined;
  const y = digitsAt(date, 0, 4);
  const m = digitsAt(date, 5, 2);
  const d = digitsAt(date, 8, 2);
  return y >= 1000 && m >= 1 && m <= 12 && d >= 0 ? civilDay(y, m, d) : undefined;
}

const COLON = 58;
const DASH = 45;
const DOT = 46;
const PLUS = 43;
const T = 84;
const Z = 90;

/**
 * The instant (ms) of an ISO date-time with its zone, as Date.parse reads it: "2026-11-20T09:30Z",
 * "2026-11-20T09:30:00Z" or "2026-11-20T09:30:00.000+01:00". Read from its character codes: Date.parse
 * takes about 370 ns for one, and ingestion and the dashboard read thousands per batch or view.
 * Anything else (no zone, a lower-case letter, other fractions, a date or time that does not
 * exist) goes to Date.parse itself.
 */
export function instantMs(text: string): number {
  return instantOfDigits(text) ?? Date.parse(text);
}

function instantOfDigits(text: string): number | undefined {
  const n = text.length;
  if (n < 17 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== T) return undefined;
  if (text.charCodeAt(13) !== COLON) return undefined;
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  const h = digitsAt(text, 11, 2);
  const mi = digitsAt(text, 14, 2);
  if (!(y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59)) return undefined;
  if (d > 28 && d > civilDay(y, mo + 1, 1) - civilDay(y, mo, 1)) return undefined;
  let i = 16;
  let ms = 0;
  if (text.charCodeAt(i) === COLON) {
    const sec = digitsAt(text, i + 1, 2);
    if (!(sec <= 59)) return undefined;
    ms = sec * 1000;
    i += 3;
    if (text.charCodeAt(i) === DOT) {
      const fraction = digitsAt(text, i + 1, 3);
      if (!(fraction >= 0)) return undefined;
      ms += fraction;
      i += 4;
    }
  }
  let offset = 0;
  const zone = text.charCodeAt(i);
  if (zone === Z && i + 1 === n) offset = 0;
  else if ((zone === PLUS || zone === DASH) && i + 6 === n && text.charCodeAt(i + 3) === COLON) {
    const oh = digitsAt(text, i + 1, 2);
    const om = digitsAt(text, i + 4, 2);
    if (!(oh <= 23 && om <= 59)) return undefined;
    offset = (zone === PLUS ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return undefined;
  return civilDay(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + ms - offset;
}

/** Dates by day number, made once: a dashboard's first build turns millions of instants into dates. */
const datesByDay = new Map<number, IsoDate>();

function fromUtcMs(ms: number): IsoDate {
  const day = Math.floor(ms / DAY_MS);
  let date = datesByDay.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    // Days of 1900–2199 only (some 110,000): the cache cannot grow without bound.
    if (day > -25_600 && day < 84_000) datesByDay.set(day, date);
  }
  return date;
}

/** A calendar date as whole days since 1 January 1970: comparing a million dates, numbers are fast. */
export function dayNumber(date: IsoDate): number {
  return toUtcMs(date) / DAY_MS;
}

/** The date of a day number. */
export function dateOfDay(day: number): IsoDate {
  return fromUtcMs(day * DAY_MS);
}

/** The same date `years` later (or earlier); 29 February in a year without one becomes the 28th. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const candidate = `${y}${date.slice(4)}`;
  return fromUtcMs(toUtcMs(candidate)) === candidate ? candidate : `${y}-02-28`;
}

const workingDaysCache = new Map<string, IsoDate>();

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return ((new Date(toUtcMs(date)).getUTCDay() + 6) % 7) + 1;
}

export function isWorkingDay(date: IsoDate): boolean {
  return isoWeekday(date) <= 5 && !publicHolidays(Number(date.slice(0, 4))).has(date);
}

/**
 * The date `count` working days after `date` (before it, when negative); `date` itself does not
 * count. addWorkingDays('2026-04-24', 1) is Tuesday 28 April: weekend and Koningsdag are skipped.
 */
export function addWorkingDays(date: IsoDate, count: number): IsoDate {
  const key = `${date}|${count}`;
  const cached = workingDaysCache.get(key);
  if (cached) return cached;
  if (workingDaysCache.size > 50_000) workingDaysCache.clear();
  const step = count < 0 ? -1 : 1;
  let day = date;
  let left = Math.abs(count);
  while (left > 0) {
    day = addDays(day, step);
    if (isWorkingDay(day)) left--;
  }
  workingDaysCache.set(key, day);
  return day;
}

const betweenCache = new Map<string, number>();

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  // Remembered per pair: a werklijst asks the same due date against today for many steps.
  const key = `${from}|${to}`;
  const cached = betweenCache.get(key);
  if (cached !== undefined) return cached;
  if (betweenCache.size > 50_000) betweenCache.clear();
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day)) count++;
  }
  betweenCache.set(key, count);
  return count;
}

/** ISO week notation ("2027-W07") of a date. */
export function isoWeekOf(date: IsoDate): string {
  const ms = toUtcMs(date);
  const thursday = ms + (4 - isoWeekday(date)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Whether an ISO week exists. Week 53 exists only in years that have it (those whose 28 December,
 * always in the year's last week, falls in week 53): 2026-W53 does, 2027-W53 does not.
 */
export function isoWeekExists(isoWeek: string): boolean {
  const week = Number(isoWeek.slice(6));
  if (!Number.isInteger(week) || week < 1 || week > 53) return false;
  return week < 53 || isoWeekOf(`${isoWeek.slice(0, 4)}-12-28`) === isoWeek;
}

/** How far a sender's clock may run ahead of ours: a time later than now plus this is in the future. */
export const CLOCK_SKEW_MINUTES = 5;

/** Whether an instant lies in the future, beyond the few minutes that clocks differ. */
export function isInTheFuture(instant: string | Date, now: Date): boolean {
  return new Date(instant).getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000;
}

/** The Monday that starts an ISO week ("2027-W07" → "2027-02-15"). */
/** The working days of an ISO week: its Monday and its Friday. */
export function workingWeek(isoWeek: string): { from: IsoDate; to: IsoDate } {
  const monday = mondayOfIsoWeek(isoWeek);
  return { from: monday, to: addDays(monday, 4) };
}

export function mondayOfIsoWeek(isoWeek: string): IsoDate {
  const year = Number(isoWeek.slice(0, 4));
  const week = Number(isoWeek.slice(6));
  const jan4 = fromUtcMs(Date.UTC(year, 0, 4));
  const mondayWeek1 = addDays(jan4, 1 - isoWeekday(jan4));
  return addDays(mondayWeek1, (week - 1) * 7);
}
