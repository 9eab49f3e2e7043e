/**
 * The appointments a customer puts in their calendar (the start of the work, the inspection) as
 * versions a calendar can follow (RFC 5545 §3.8.7.4, RFC 5546 §2.1.4): each keeps one UID for
 * ever, its SEQUENCE rises with every move, and when the aanvraag is cancelled the same UID comes
 * back once more, one SEQUENCE higher, as a cancellation. A calendar that imported or subscribed
 * to an earlier version then moves or removes it instead of keeping a second, stale one.
 */
import type { DayPart, PlanningField, RequestState } from './request-state.ts';

export type AppointmentKind = 'startdatum' | 'schouw';

export type Appointment = {
  kind: AppointmentKind;
  /** The same for every version of this appointment of this aanvraag. */
  uid: string;
  /** 0 when first set; one more for every move, and one more again for a cancellation. */
  sequence: number;
  date: string;
  part: DayPart;
  cancelled: boolean;
  /** When this version came about: the last move, or the cancellation. */
  changedAt?: string;
};

const FIELD: Record<AppointmentKind, PlanningField> = { startdatum: 'confirmedStart', schouw: 'inspection' };

/** The appointment as it stands now, or undefined when it was never set. */
export function appointment(state: RequestState, kind: AppointmentKind): Appointment | undefined {
  const set = kind === 'startdatum' ? state.planning.confirmedStart : state.planning.inspection;
  if (!set) return undefined;
  const changes = state.planning.history.filter((h) => h.field === FIELD[kind]);
  const moves = Math.max(changes.length - 1, 0);
  const cancelled = !!state.cancelledAt;
  const changedAt = cancelled ? state.cancelledAt : changes.at(-1)?.at;
  return {
    kind,
    uid: `${state.number}-${kind}@traject`,
    sequence: moves + (cancelled ? 1 : 0),
    date: set.date,
    part: set.part,
    cancelled,
    ...(changedAt !== undefined && { changedAt }),
  };
}

/** Every appointment of the aanvraag, for a calendar feed: a done inspection stays, as the past. */
export function appointments(state: RequestState): Appointment[] {
  return (['startdatum', 'schouw'] as const).flatMap((kind) => appointment(state, kind) ?? []);
}
