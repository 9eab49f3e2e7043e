/**
 * "Zet in uw agenda": an iCalendar file for a firm date (the start of the work, the inspection),
 * made with ical-generator. Only firm dates get one; indicative weeks are no appointment.
 */
import icalGenerator from 'ical-generator';
import type { OrganisationLookup } from '../../domain/next-step.ts';
import type { DayPart, RequestState } from '../../domain/request-state.ts';

/** Day parts as times in the Netherlands: the whole working day, the morning or the afternoon. */
const HOURS: Record<DayPart, [number, number]> = { dag: [8, 17], ochtend: [8, 12], middag: [12, 17] };

export function calendarFile(
  state: RequestState,
  item: 'startdatum' | 'schouw',
  organisations: OrganisationLookup,
): string | undefined {
  const appointment = item === 'startdatum' ? state.planning.confirmedStart : state.planning.inspection;
  if (!appointment || (item === 'schouw' && state.planning.inspection?.doneAt)) return undefined;
  const contractor = state.workOrders.find((w) => w.contractor)?.contractor;
  const who = contractor ? (organisations(contractor)?.name ?? contractor) : 'de aannemer';
  const [from, to] = HOURS[appointment.part];
  const at = (hour: number) => dutchTime(appointment.date, hour);
  const address = state.address
    ? `${state.address.street} ${state.address.houseNumber}, ${state.address.postcode} ${state.address.city}`
    : undefined;
  const calendar = icalGenerator({ name: 'Traject', prodId: { company: 'Traject', product: 'track-and-trace', language: 'NL' } });
  calendar.createEvent({
    id: `${state.number}-${item}@traject`,
    start: at(from),
    end: at(to),
    summary: item === 'startdatum' ? `Aanleg aansluiting (${who})` : `Schouw door ${who}`,
    description: `Aanvraag ${state.number}. ${item === 'startdatum' ? 'Zorg dat de aannemer bij de meterkast kan.' : 'Zorg dat u thuis bent.'}`,
    ...(address && { location: address }),
  });
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
