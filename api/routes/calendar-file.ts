/**
 * "Zet in uw agenda": iCalendar for the firm dates of an aanvraag (the start of the work, the
 * inspection), made with ical-generator; indicative weeks are no appointment. One file per
 * appointment to import, and a feed of all of them to subscribe to (api/routes/calendar-feed.ts).
 * Each appointment keeps its UID and raises its SEQUENCE when it moves, and comes as a
 * cancellation when the aanvraag is cancelled (domain/calendar-appointments.ts), so a calendar
 * that has it follows.
 */
import icalGenerator, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { type Appointment, type AppointmentKind, appointment, appointments } from '../../domain/calendar-appointments.ts';
import type { OrganisationLookup } from '../../domain/next-step.ts';
import type { DayPart, RequestState } from '../../domain/request-state.ts';

export type CalendarLang = 'nl' | 'en';

/** Day parts as times in the Netherlands: the whole working day, the morning or the afternoon. */
const HOURS: Record<DayPart, [number, number]> = { dag: [8, 17], ochtend: [8, 12], middag: [12, 17] };

const WORDS = {
  nl: {
    contractor: 'de aannemer',
    startdatum: (who: string) => `Aanleg aansluiting (${who})`,
    schouw: (who: string) => `Schouw door ${who}`,
    cancelled: (summary: string) => `Vervallen: ${summary}`,
    feed: (number: string) => `Aanvraag ${number}`,
    portfolio: (kvk: string) => `Portfolio KvK ${kvk}`,
    text: (number: string, kind: AppointmentKind) =>
      `Aanvraag ${number}. ${kind === 'startdatum' ? 'Zorg dat de aannemer bij de meterkast kan.' : 'Zorg dat u thuis bent.'}`,
    cancelledText: (number: string) => `Aanvraag ${number} is geannuleerd: deze afspraak gaat niet door.`,
  },
  en: {
    contractor: 'the contractor',
    startdatum: (who: string) => `Connection work (${who})`,
    schouw: (who: string) => `Inspection by ${who}`,
    cancelled: (summary: string) => `Cancelled: ${summary}`,
    feed: (number: string) => `Request ${number}`,
    portfolio: (kvk: string) => `Portfolio KvK ${kvk}`,
    text: (number: string, kind: AppointmentKind) =>
      `Request ${number}. ${kind === 'startdatum' ? 'Please make sure the contractor can reach the meter cupboard.' : 'Please be at home.'}`,
    cancelledText: (number: string) => `Request ${number} has been cancelled: this appointment will not take place.`,
  },
} as const;

type Calendar = ReturnType<typeof icalGenerator>;

function addEvent(
  calendar: Calendar,
  state: RequestState,
  a: Appointment,
  organisations: OrganisationLookup,
  lang: CalendarLang,
): void {
  const words = WORDS[lang];
  const contractor = state.workOrders.find((w) => w.contractor)?.contractor;
  const who = contractor ? (organisations(contractor)?.name ?? contractor) : words.contractor;
  const [from, to] = HOURS[a.part];
  const summary = words[a.kind](who);
  const address = state.address
    ? `${state.address.street} ${state.address.houseNumber}, ${state.address.postcode} ${state.address.city}`
    : undefined;
  calendar.createEvent({
    id: a.uid,
    sequence: a.sequence,
    start: dutchTime(a.date, from),
    end: dutchTime(a.date, to),
    // Clients that ignore STATUS still read the summary.
    summary: a.cancelled ? words.cancelled(summary) : summary,
    description: a.cancelled ? words.cancelledText(state.number) : words.text(state.number, a.kind),
    status: a.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    ...(a.changedAt && { lastModified: new Date(a.changedAt) }),
    ...(address && { location: address }),
  });
}

const prodId = (lang: CalendarLang) => ({ company: 'Traject', product: 'track-and-trace', language: lang.toUpperCase() });

/**
 * One appointment to import: METHOD:PUBLISH while it holds, METHOD:CANCEL (RFC 5546 §3.2.5) once
 * the aanvraag is cancelled; undefined when there is none, or the inspection is done.
 */
export function calendarFile(
  state: RequestState,
  kind: AppointmentKind,
  organisations: OrganisationLookup,
  lang: CalendarLang = 'nl',
): string | undefined {
  const a = appointment(state, kind);
  if (!a || (kind === 'schouw' && state.planning.inspection?.doneAt && !a.cancelled)) return undefined;
  const calendar = icalGenerator({
    name: 'Traject',
    prodId: prodId(lang),
    method: a.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  addEvent(calendar, state, a, organisations, lang);
  return calendar.toString();
}

/**
 * Every appointment of an aanvraag as a feed to subscribe to: no METHOD (a subscribed calendar is
 * published, not a scheduling message), a cancelled one as STATUS:CANCELLED. It suggests an
 * hour between reads (X-PUBLISHED-TTL); a calendar app decides itself how often it reads it.
 */
export function calendarFeed(state: RequestState, organisations: OrganisationLookup, lang: CalendarLang = 'nl'): string {
  return feedOf(WORDS[lang].feed(state.number), [state], organisations, lang);
}

/** The same for every aanvraag of a business applicant's portfolio (issue 16.1): one feed of all its appointments. */
export function portfolioCalendarFeed(
  kvk: string,
  states: readonly RequestState[],
  organisations: OrganisationLookup,
  lang: CalendarLang = 'nl',
): string {
  return feedOf(WORDS[lang].portfolio(kvk), states, organisations, lang);
}

function feedOf(name: string, states: readonly RequestState[], organisations: OrganisationLookup, lang: CalendarLang): string {
  const calendar = icalGenerator({ name, prodId: prodId(lang), ttl: 60 * 60 });
  for (const state of states) for (const a of appointments(state)) addEvent(calendar, state, a, organisations, lang);
  return calendar.toString();
}

const hourInAmsterdam = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Amsterdam' });

/** The instant of a whole hour on a date in the Netherlands (UTC+1 in winter, UTC+2 in summer). */
export function dutchTime(date: string, hour: number): Date {
  for (const offset of [1, 2]) {
    const candidate = new Date(`${date}T${String(hour - offset).padStart(2, '0')}:00:00Z`);
    if (Number(hourInAmsterdam.format(candidate)) === hour) return candidate;
  }
  throw new Error(`no such time in the Netherlands: ${date} ${hour}:00`);
}
