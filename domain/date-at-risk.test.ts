import { describe, expect, it } from 'vitest';
import { blockerInWords, blockersOf, dateAtRisk, type StartBlockers } from './date-at-risk.ts';
import type { LoggedMessage, Message } from './messages.ts';
import { foldMessages } from './request-state.ts';

// Monday 21 December 2026. Working days after it: Tue 22 (1), Wed 23 (2), Thu 24 (3), Mon 28 (4),
// Tue 29 (5): Friday 25 (Kerstmis) and the weekend with Tweede kerstdag do not count.
const TODAY = '2026-12-21';
const N = 'MA-2026-000777';

let seq = 0;
const msg = (occurredAt: string, body: Record<string, unknown>, sender = 'aannemer-x'): LoggedMessage =>
  ({ id: `m${++seq}`, requestNumber: N, occurredAt, sender, ...body }) as unknown as Message & { sender: string };

const submitted = msg('2026-10-01T09:00:00+02:00', {
  type: 'request_submitted',
  kind: 'nieuwe_aansluiting',
  combi: 'c-oost',
  applicant: { name: 'A', email: 'a@example.nl' },
  address: { street: 'Laan', houseNumber: '1', postcode: '1234 AB', city: 'Stad' },
  workOrders: [
    { id: 'E', discipline: 'elektra', gridOperator: 'nb' },
    { id: 'G', discipline: 'gas', gridOperator: 'nb' },
  ],
});
const firm = (date: string) =>
  msg('2026-11-01T09:00:00+01:00', { type: 'planning_changed', confirmedStart: { date, part: 'ochtend' }, reason: 'ingepland' });

describe('the date-at-risk rule against a hand-computed fixture', () => {
  const blocked = (firmStart: string): StartBlockers => ({ firmStart, blockers: [{ kind: 'vergunning' }] });

  it.each([
    // [firm start, at risk with N = 5, working days left]
    ['2026-12-21', true, 0], // today
    ['2026-12-24', true, 3],
    ['2026-12-25', true, 3], // Kerstmis itself: a date on a holiday still counts, three working days away
    ['2026-12-28', true, 4],
    ['2026-12-29', true, 5], // the fifth working day
    ['2026-12-30', false, undefined], // the sixth
    ['2026-12-18', false, undefined], // passed: late, not at risk
  ] as const)('firm start %s: at risk %s (%s working days left)', (date, risky, left) => {
    const risk = dateAtRisk(blocked(date), TODAY, 5);
    expect(risk !== undefined).toBe(risky);
    expect(risk?.workingDaysLeft).toBe(left);
  });

  it('N is the organisation’s: with 2 working days, 24 December is out of reach', () => {
    expect(dateAtRisk(blocked('2026-12-23'), TODAY, 2)).toBeDefined();
    expect(dateAtRisk(blocked('2026-12-24'), TODAY, 2)).toBeUndefined();
  });

  it('no blocker, or no firm date: not at risk', () => {
    expect(dateAtRisk({ firmStart: '2026-12-22', blockers: [] }, TODAY, 5)).toBeUndefined();
    expect(dateAtRisk({ firmStart: undefined, blockers: [{ kind: 'werkmap' }] }, TODAY, 5)).toBeUndefined();
  });
});

describe('the blockers the messages report', () => {
  it('an active stagnation, missing preparation, and an unsigned quote; in that order', () => {
    const state = foldMessages(N, [
      submitted,
      firm('2026-12-23'),
      msg('2026-11-02T09:00:00+01:00', { type: 'quote_sent', workOrderId: 'G' }, 'nb'),
      msg('2026-11-03T09:00:00+01:00', { type: 'quote_sent', workOrderId: 'E' }, 'nb'),
      msg('2026-11-04T09:00:00+01:00', { type: 'quote_accepted', workOrderId: 'E' }, 'nb'),
      msg('2026-11-05T09:00:00+01:00', { type: 'preparation_reported', item: 'bodemonderzoek', status: 'ontbreekt' }),
      msg('2026-11-06T09:00:00+01:00', { type: 'preparation_reported', item: 'werkmap', status: 'ontbreekt' }),
      msg('2026-11-07T09:00:00+01:00', { type: 'preparation_reported', item: 'werkmap', status: 'rond' }),
      msg('2026-11-08T09:00:00+01:00', { type: 'stagnation_reported', cause: 'derde', reason: 'Gemeente geeft geen vergunning' }),
    ]);
    const found = blockersOf(state);
    expect(found.firmStart).toBe('2026-12-23');
    expect(found.blockers.map((b) => blockerInWords(b))).toEqual([
      'stagnatie bij een derde: Gemeente geeft geen vergunning',
      'bodemonderzoek ontbreekt',
      'offerte gas niet getekend',
    ]);
    expect(found.blockers.map((b) => blockerInWords(b, 'en'))).toEqual([
      'on hold with a third party: Gemeente geeft geen vergunning',
      'soil survey missing',
      'gas quote not signed',
    ]);
  });

  it('a lifted stagnation and a cancelled aanvraag block nothing', () => {
    const lifted = foldMessages(N, [
      submitted,
      firm('2026-12-23'),
      msg('2026-11-08T09:00:00+01:00', { type: 'stagnation_reported', cause: 'klant', reason: 'Meterkast niet klaar' }),
      msg('2026-11-09T09:00:00+01:00', { type: 'stagnation_lifted' }),
    ]);
    expect(blockersOf(lifted).blockers).toEqual([]);
    const cancelled = foldMessages(N, [
      submitted,
      firm('2026-12-23'),
      msg('2026-11-05T09:00:00+01:00', { type: 'preparation_reported', item: 'vergunning', status: 'ontbreekt' }),
      msg('2026-11-09T09:00:00+01:00', { type: 'request_cancelled', reason: 'Klant ziet ervan af' }, 'nb'),
    ]);
    expect(blockersOf(cancelled)).toEqual({ firmStart: undefined, blockers: [] });
  });
});
