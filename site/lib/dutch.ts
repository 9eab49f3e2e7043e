/** Dates and words the way the track & trace pages show them, in Dutch. */
import { formatDutchDate } from '../../domain/next-step.ts';

const zone = 'Europe/Amsterdam';
const dateTime = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: zone,
});
const dayMonthYear = new Intl.DateTimeFormat('nl-NL', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

export const longDate = (date: string) => dayMonthYear.format(new Date(`${date}T12:00:00Z`));
export const shortDate = formatDutchDate;
export const instant = (at: string) => dateTime.format(new Date(at));
export const week = (isoWeek: string) => `week ${Number(isoWeek.slice(6))} (${isoWeek.slice(0, 4)})`;

export const DISCIPLINE = { elektra: 'Elektriciteit', gas: 'Gas', water: 'Water', telecom: 'Telecom' } as const;
export const DAY_PART = { dag: 'hele dag', ochtend: 'ochtend (8–12 uur)', middag: 'middag (12–17 uur)' } as const;
export const ROLE = {
  klant: 'U',
  netbeheerder: 'Netbeheerder',
  aannemer: 'Aannemer',
  derde: 'Een andere partij',
  portaal: 'Traject',
} as const;
export const CAUSE = { klant: 'bij u', netbeheerder: 'bij de netbeheerder', derde: 'bij een andere partij' } as const;
export const PLANNING_FIELD = {
  wishDate: 'Wensdatum',
  provisionalWeek: 'Voorlopige uitvoerweek',
  confirmedStart: 'Startdatum',
  inspection: 'Schouw',
} as const;
export const CHANNEL: Record<string, string> = {
  telefoon: 'telefoon',
  email: 'e-mail',
  op_locatie: 'op locatie',
  video: 'video',
  sms: 'sms',
  portaal: 'portaal',
};

/** A status change in words, for the timeline. */
export function eventText(type: string, text: string | undefined, discipline: string | undefined): string {
  const of = discipline ? ` (${discipline})` : '';
  switch (type) {
    case 'request_submitted':
      return 'Aanvraag ingediend';
    case 'quickscan_done':
      return `Quickscan gedaan${of}`;
    case 'quote_sent':
      return `Offerte verstuurd${of}`;
    case 'quote_accepted':
      return `Offerte geaccepteerd${of}`;
    case 'quote_rejected':
      return `Offerte afgewezen${of}`;
    case 'handed_to_combi':
      return 'Opdracht doorgegeven aan de aannemer';
    case 'planning_changed':
      return `Planning gewijzigd${text ? `: ${text}` : ''}`;
    case 'stagnation_reported':
      return `Aanvraag staat stil${text ? `: ${text}` : ''}`;
    case 'stagnation_lifted':
      return 'Aanvraag loopt weer';
    case 'inspection_planned':
      return 'Schouw gepland';
    case 'inspection_done':
      return 'Schouw gedaan';
    case 'work_order_completed':
      return `Gereed gemeld${of}`;
    case 'work_order_cancelled':
      return `Opdracht vervallen${of}${text ? `: ${text}` : ''}`;
    case 'request_cancelled':
      return `Aanvraag geannuleerd${text ? `: ${text}` : ''}`;
    default:
      return type;
  }
}
