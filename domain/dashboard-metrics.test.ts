import { describe, expect, it } from 'vitest';
import { loadContent } from './content.ts';
import {
  adherence,
  leadTimes,
  measuredContactMoments,
  overdueByParty,
  planningReliability,
  quietFor,
  suppressedAverage,
} from './dashboard-metrics.ts';
import { type LoggedMessage, message } from './messages.ts';
import { foldMessages } from './request-state.ts';

const content = loadContent();
const orgs = (code: string) => ({ code, name: code, kind: 'x' });

function story(number: string, events: [string, string, Record<string, unknown>][]) {
  const messages: LoggedMessage[] = events.map(([sender, occurredAt, body], i) => ({
    ...message.parse({ id: `${number}-${i}`, requestNumber: number, occurredAt, ...body }),
    sender,
  }));
  return foldMessages(number, messages);
}
const submitted = (at: string): [string, string, Record<string, unknown>] => [
  'nb',
  at,
  {
    type: 'request_submitted',
    kind: 'nieuwe_aansluiting',
    combi: 'combi',
    applicant: { name: 'A', email: 'a@example.com' },
    address: { street: 'S', houseNumber: '1', postcode: '5611AB', city: 'E' },
    workOrders: [
      { id: 'e', discipline: 'elektra', gridOperator: 'nb' },
      { id: 'w', discipline: 'water', gridOperator: 'wb' },
    ],
  },
];
const contact = (sender: string, at: string, code: string): [string, string, Record<string, unknown>] => [
  sender,
  at,
  {
    type: 'contact_logged',
    contactMoment: code,
    channel: 'telefoon',
    staffName: 'P',
    spokeWith: 'A',
    subject: 'S',
    summary: 'x',
  },
];
const handed = (sender: string, at: string, id: string): [string, string, Record<string, unknown>] => [
  sender,
  at,
  { type: 'handed_to_combi', workOrderIds: [id], contractor: 'ca' },
];

describe('dashboard figures', () => {
  // Submitted Monday 20 April 2026: intake due 5 May (10 working days over Koningsdag).
  const s = story('MA-1', [
    submitted('2026-04-20T10:00:00+02:00'),
    contact('nb', '2026-05-05T16:00:00+02:00', 'B'), // on the last day: on time
    contact('wb', '2026-05-06T09:00:00+02:00', 'B'), // a day late
    handed('nb', '2026-05-11T10:00:00+02:00', 'e'),
    handed('wb', '2026-05-12T10:00:00+02:00', 'w'),
  ]);

  it('measures KCM B per grid operator and KCM 1 against their norms in working days', () => {
    const measured = measuredContactMoments(s, content, new Date('2026-05-20T12:00:00+02:00'));
    expect(measured).toEqual([
      { step: 'intake', organisation: 'nb', due: '2026-05-05', doneOn: '2026-05-05', timeliness: 'op-tijd' },
      { step: 'intake', organisation: 'wb', due: '2026-05-05', doneOn: '2026-05-06', timeliness: 'te-laat' },
      // Mee in combi on 11 May; 5 working days skips Ascension (14 May): due 19 May, not called: overdue.
      { step: 'plangesprek', organisation: 'ca', due: '2026-05-19', timeliness: 'achterstand' },
    ]);
    expect(adherence(measured)).toEqual({ onTime: 1, judged: 3, share: 1 / 3 });
    const early = measuredContactMoments(s, content, new Date('2026-05-12T12:00:00+02:00'));
    expect(early.at(-1)?.timeliness).toBe('open');
    expect(adherence(early)).toEqual({ onTime: 1, judged: 2, share: 0.5 });
  });

  it('counts what is overdue now per party', () => {
    const fresh = story('MA-2', [submitted('2026-04-20T10:00:00+02:00')]);
    const counts = overdueByParty([s, fresh], content, orgs, new Date('2026-05-20T12:00:00+02:00'));
    expect(Object.fromEntries(counts)).toEqual({ ca: 1, nb: 1, wb: 1 });
  });

  it('tells kept firm dates from moved ones', () => {
    const kept = story('MA-3', [
      submitted('2026-04-20T10:00:00+02:00'),
      [
        'ca',
        '2026-05-01T10:00:00+02:00',
        { type: 'planning_changed', confirmedStart: { date: '2026-06-01', part: 'dag' }, reason: 'x' },
      ],
    ]);
    const moved = story('MA-4', [
      submitted('2026-04-20T10:00:00+02:00'),
      [
        'ca',
        '2026-05-01T10:00:00+02:00',
        { type: 'planning_changed', confirmedStart: { date: '2026-06-01', part: 'dag' }, reason: 'x' },
      ],
      [
        'ca',
        '2026-05-20T10:00:00+02:00',
        { type: 'planning_changed', confirmedStart: { date: '2026-06-15', part: 'dag' }, reason: 'vorst' },
      ],
    ]);
    expect(planningReliability([kept, moved, s])).toEqual({ kept: 1, moved: 1 });
  });

  it('gives lead times and finds aanvragen that went quiet', () => {
    const done = story('MA-5', [
      submitted('2026-01-05T10:00:00+01:00'),
      ['ca', '2026-03-16T10:00:00+01:00', { type: 'work_order_completed', workOrderId: 'e' }],
      ['ca', '2026-03-16T11:00:00+01:00', { type: 'work_order_completed', workOrderId: 'w' }],
    ]);
    expect(leadTimes([done, s])).toEqual({ count: 1, median: 70, p90: 70 });
    expect(quietFor([done, s], 7, new Date('2026-05-20T12:00:00+02:00')).map((x) => x.number)).toEqual(['MA-1']);
    expect(quietFor([done, s], 14, new Date('2026-05-20T12:00:00+02:00'))).toEqual([]);
  });

  it('suppresses averages over fewer than five answers', () => {
    expect(suppressedAverage([5, 6, 7, 6])).toEqual({ n: 4, average: null, suppressed: true });
    expect(suppressedAverage([5, 6, 7, 6, 6])).toEqual({ n: 5, average: 6, suppressed: false });
  });
});
