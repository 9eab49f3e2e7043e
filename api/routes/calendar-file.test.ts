import { describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../domain/messages.ts';
import { foldMessages } from '../../domain/request-state.ts';
import { readIcs } from '../testing-ics.ts';
import { calendarFeed, calendarFile } from './calendar-file.ts';

const NUMBER = 'MA-2026-0000042';
let n = 0;
const message = (occurredAt: string, body: Record<string, unknown>) =>
  ({ id: `m${++n}`, sender: 'van-der-berg-infra', requestNumber: NUMBER, occurredAt, ...body }) as unknown as LoggedMessage;
const firm = (occurredAt: string, date: string, reason = 'afgesproken') =>
  message(occurredAt, { type: 'planning_changed', confirmedStart: { date, part: 'ochtend' }, reason });
// No opdracht has a contractor yet in these messages: the file names "the contractor".
const organisations = () => undefined;

/** The start date's event as a calendar app reads the file. */
function startEvent(messages: LoggedMessage[], lang: 'nl' | 'en' = 'nl') {
  const ics = calendarFile(foldMessages(NUMBER, messages), 'startdatum', organisations, lang);
  if (!ics) throw new Error('no calendar file');
  const { calendar, events } = readIcs(ics);
  expect(events).toHaveLength(1);
  return { method: calendar.METHOD, event: events[0] as Record<string, string> };
}

describe('a calendar file follows its appointment', () => {
  const set = firm('2026-12-01T10:00:00+01:00', '2027-01-18');
  const moved = firm('2026-12-10T10:00:00+01:00', '2027-02-01', 'vorstverlet');
  const cancelled = message('2026-12-20T10:00:00+01:00', {
    type: 'request_cancelled',
    reason: 'klant ziet af van de aansluiting',
  });

  it('keeps its UID and raises its SEQUENCE when the date moves, so an imported appointment is replaced', () => {
    const first = startEvent([set]);
    const second = startEvent([set, moved]);
    expect(first.method).toBe('PUBLISH');
    expect(first.event.UID).toBe(`${NUMBER}-startdatum@traject`);
    expect(second.event.UID).toBe(first.event.UID);
    expect(Number(first.event.SEQUENCE)).toBe(0);
    expect(Number(second.event.SEQUENCE)).toBeGreaterThan(Number(first.event.SEQUENCE));
    expect(first.event.DTSTART).toBe('20270118T070000Z'); // 8:00 in the Netherlands
    expect(second.event.DTSTART).toBe('20270201T070000Z');
    expect(second.event.STATUS).toBe('CONFIRMED');
  });

  it('is a cancellation once the aanvraag is cancelled: METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE', () => {
    const before = startEvent([set, moved]);
    const after = startEvent([set, moved, cancelled]);
    expect(after.method).toBe('CANCEL');
    expect(after.event.STATUS).toBe('CANCELLED');
    expect(after.event.UID).toBe(before.event.UID);
    expect(Number(after.event.SEQUENCE)).toBeGreaterThan(Number(before.event.SEQUENCE));
    expect(after.event.SUMMARY).toMatch(/^Vervallen: /);
  });

  it('speaks the page’s language', () => {
    expect(startEvent([set], 'en').event.SUMMARY).toBe('Connection work (the contractor)');
    expect(startEvent([set]).event.SUMMARY).toBe('Aanleg aansluiting (de aannemer)');
  });

  it('has no file for a date that was never firm', () => {
    expect(calendarFile(foldMessages(NUMBER, []), 'startdatum', organisations)).toBeUndefined();
  });

  it('gives a feed with every appointment, no METHOD, and a cancelled one as STATUS:CANCELLED', () => {
    const inspection = message('2026-12-02T10:00:00+01:00', { type: 'inspection_planned', date: '2027-01-11', part: 'middag' });
    const live = readIcs(calendarFeed(foldMessages(NUMBER, [set, inspection, moved]), organisations));
    expect(live.calendar.METHOD).toBeUndefined();
    expect(live.events.map((e) => e.UID).sort()).toEqual([`${NUMBER}-schouw@traject`, `${NUMBER}-startdatum@traject`]);
    const gone = readIcs(calendarFeed(foldMessages(NUMBER, [set, inspection, moved, cancelled]), organisations));
    expect(gone.events.map((e) => e.STATUS)).toEqual(['CANCELLED', 'CANCELLED']);
  });
});
