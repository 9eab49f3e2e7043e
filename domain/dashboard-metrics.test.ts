import { describe, expect, it } from 'vitest';
import { dateOfDay as dayDate, dayNumber, dutchDate } from './calendar.ts';
import { loadContent } from './content.ts';
import {
  adherence,
  combisInScope,
  contactMomentRows,
  dashboardRow,
  filterQueryString,
  leadTimes,
  measuredContactMoments,
  overdueByParty,
  parseDashboardFilters,
  processFigures,
  quantile,
  quietFor,
  type RequestFacts,
  requestFacts,
} from './dashboard-metrics.ts';
import { type LoggedMessage, message } from './messages.ts';
import { planningReliability } from './planning-reliability.ts';
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
      {
        step: 'intake',
        organisation: 'nb',
        due: '2026-05-05',
        doneOn: '2026-05-05',
        disciplines: ['elektra'],
        timeliness: 'op-tijd',
      },
      {
        step: 'intake',
        organisation: 'wb',
        due: '2026-05-05',
        doneOn: '2026-05-06',
        disciplines: ['water'],
        timeliness: 'te-laat',
      },
      // Mee in combi on 11 May; 5 working days skips Ascension (14 May): due 19 May, not called: its term has passed.
      { step: 'plangesprek', organisation: 'ca', due: '2026-05-19', disciplines: ['elektra', 'water'], timeliness: 'verstreken' },
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

  it('says how many working days the longest overdue step per party is late', () => {
    // On Wednesday 20 May 2026: MA-2's intakes were due Tuesday 5 May; late on 6, 7, 8, 11, 12,
    // 13, 15, 18, 19 and 20 May (Ascension, 14 May, is no working day): 10. MA-1's plangesprek
    // was due Tuesday 19 May: 1.
    const fresh = story('MA-2', [submitted('2026-04-20T10:00:00+02:00')]);
    const now = new Date('2026-05-20T12:00:00+02:00');
    const facts = [s, fresh].map((x) => requestFacts(x, content, orgs) as RequestFacts);
    const rows = processFigures(facts, 7, now).overdue;
    expect(Object.fromEntries(rows.map((o) => [o.party, o.steps]))).toEqual({
      ca: [{ step: 'plangesprek', n: 1, mostWorkingDaysLate: 1 }],
      nb: [{ step: 'intake', n: 1, mostWorkingDaysLate: 10 }],
      wb: [{ step: 'intake', n: 1, mostWorkingDaysLate: 10 }],
    });
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

  const done = story('MA-5', [
    submitted('2026-01-05T10:00:00+01:00'),
    contact('nb', '2026-01-06T10:00:00+01:00', 'B'),
    ['ca', '2026-03-16T10:00:00+01:00', { type: 'work_order_completed', workOrderId: 'e' }],
    ['ca', '2026-03-16T11:00:00+01:00', { type: 'work_order_completed', workOrderId: 'w' }],
    // Delivered Monday 16 March: KCM C due Wednesday 18 March. The grid operator confirms on time,
    // the water company a day late.
    contact('nb', '2026-03-18T16:00:00+01:00', 'C'),
    contact('wb', '2026-03-19T09:00:00+01:00', 'C'),
  ]);

  it('measures KCM C per grid operator within its norm after the oplevering', () => {
    const measured = measuredContactMoments(done, content, new Date('2026-05-20T12:00:00+02:00'));
    expect(measured.filter((m) => m.step === 'opleverbevestiging')).toEqual([
      {
        step: 'opleverbevestiging',
        organisation: 'nb',
        due: '2026-03-18',
        doneOn: '2026-03-18',
        disciplines: ['elektra'],
        timeliness: 'op-tijd',
      },
      {
        step: 'opleverbevestiging',
        organisation: 'wb',
        due: '2026-03-18',
        doneOn: '2026-03-19',
        disciplines: ['water'],
        timeliness: 'te-laat',
      },
    ]);
  });

  it('gives the same figures from the facts kept per aanvraag as from the states', () => {
    const now = new Date('2026-05-20T12:00:00+02:00');
    const kept = story('MA-6', [
      submitted('2026-04-20T10:00:00+02:00'),
      [
        'ca',
        '2026-05-01T10:00:00+02:00',
        { type: 'planning_changed', confirmedStart: { date: '2026-06-01', part: 'dag' }, reason: 'x' },
      ],
      [
        'ca',
        '2026-05-02T10:00:00+02:00',
        { type: 'planning_changed', confirmedStart: { date: '2026-06-08', part: 'dag' }, reason: 'y' },
      ],
    ]);
    const states = [s, done, kept];
    const facts = states.map((x) => requestFacts(x, content, orgs) as RequestFacts);
    const figures = processFigures(facts, 7, now);
    const measured = states.flatMap((x) => measuredContactMoments(x, content, now));
    for (const row of figures.adherence) {
      const own = measured.filter((m) => m.step === row.step && (!row.organisation || m.organisation === row.organisation));
      const { onTime, judged, share } = adherence(own);
      expect({ onTime: row.onTime, judged: row.judged, share: row.share }).toEqual({ onTime, judged, share });
      expect(row.onTime + row.late + row.overdue + row.open).toBe(own.length);
    }
    const overdue = overdueByParty(states, content, orgs, now);
    expect(Object.fromEntries(figures.overdue.map((o) => [o.party, o.total]))).toEqual(Object.fromEntries(overdue));
    expect(figures.planning).toEqual(planningReliability(states, now));
    // MA-6's 1 June was moved to 8 June beforehand; 8 June is still to come.
    expect(figures.planning).toEqual({
      kept: 0,
      moved: 1,
      lapsed: 0,
      otherDay: 0,
      dayPart: 0,
      upcoming: 1,
      awaitingReport: 0,
      share: 0,
    });
    const { count, median, p90 } = figures.leadTimes;
    expect({ count, median, p90 }).toEqual(leadTimes(states));
    expect(figures.leadTimes.bins).toEqual([
      { from: 0, to: 29, n: 0 },
      { from: 30, to: 59, n: 0 },
      { from: 60, to: 89, n: 1 },
    ]);
    expect(figures.quiet.count).toBe(quietFor(states, 7, now).length);
    // The longest quiet first: MA-6 since 2 May, MA-1 since 12 May.
    expect(figures.quiet.longest.map((q) => [q.number, q.days])).toEqual([
      ['MA-6', 18],
      ['MA-1', 8],
    ]);
    expect(figures.requests.total).toBe(3);
  });

  it('writes one export row per aanvraag, and one per contact moment and party as the page counts them', () => {
    const now = new Date('2026-05-20T12:00:00+02:00');
    const facts = requestFacts(s, content, orgs) as RequestFacts;
    const row = dashboardRow(facts, 'Combi', now);
    expect(row).toMatchObject({
      number: 'MA-1',
      disciplines: ['elektra', 'water'],
      phase: 'bestellen',
      submittedDay: '2026-04-20',
      deliveredDay: '',
      leadDays: '',
      firmDates: { kept: 0, moved: 0, lapsed: 0, otherDay: 0, dayPart: 0, upcoming: 0, awaitingReport: 0 },
      daysSinceLastMessage: 8,
    });
    // nb on time, wb a day late: two lines for KCM B, as the page's table has a row for each grid operator.
    const today = dayNumber(dutchDate(now));
    expect(contactMomentRows(facts, 'Combi', today)).toEqual([
      {
        number: 'MA-1',
        combi: 'Combi',
        step: 'intake',
        organisation: 'nb',
        due: '2026-05-05',
        done: '2026-05-05',
        timeliness: 'op-tijd',
      },
      {
        number: 'MA-1',
        combi: 'Combi',
        step: 'intake',
        organisation: 'wb',
        due: '2026-05-05',
        done: '2026-05-06',
        timeliness: 'te-laat',
      },
      {
        number: 'MA-1',
        combi: 'Combi',
        step: 'plangesprek',
        organisation: 'ca',
        due: '2026-05-19',
        done: '',
        timeliness: 'verstreken',
      },
    ]);
    // Water only: the water company's intake and the planning call (about both opdrachten), not the grid operator's intake.
    expect(contactMomentRows(facts, 'Combi', today, 'water').map((r) => `${r.step}|${r.organisation}`)).toEqual([
      'intake|wb',
      'plangesprek|ca',
    ]);
    const delivered = dashboardRow(requestFacts(done, content, orgs) as RequestFacts, 'Combi', now);
    expect(delivered).toMatchObject({ deliveredDay: '2026-03-16', leadDays: 70 });
  });
});

describe('dashboard filters', () => {
  it('default to the last twelve months up to today, fourteen quiet days and the last closed quarter', () => {
    expect(parseDashboardFilters({}, '2026-11-20')).toEqual({
      ok: true,
      filters: { from: '2025-11-21', to: '2026-11-20', quietDays: 14, quarter: '2026-K3' },
    });
    expect(parseDashboardFilters({ van: '', tot: '', discipline: '', combi: '' }, '2028-02-29')).toMatchObject({
      filters: { from: '2027-03-01', to: '2028-02-29' },
    });
  });

  it('count quiet days with the organisation’s N (the daily digest’s) unless another is chosen', () => {
    expect(parseDashboardFilters({}, '2026-11-20', 21)).toMatchObject({ filters: { quietDays: 21 } });
    expect(parseDashboardFilters({ stil: '7' }, '2026-11-20', 21)).toMatchObject({ filters: { quietDays: 7 } });
  });

  it('read period, discipline, combi and quiet days, and ignore other parameters', () => {
    const parsed = parseDashboardFilters(
      { van: '2026-01-01', tot: '2026-06-30', discipline: 'gas', combi: 'peelland', stil: '30', kwartaal: '2025-K4', x: 'y' },
      '2026-11-20',
    );
    expect(parsed).toEqual({
      ok: true,
      filters: { from: '2026-01-01', to: '2026-06-30', discipline: 'gas', combi: 'peelland', quietDays: 30, quarter: '2025-K4' },
    });
    if (parsed.ok) {
      expect(filterQueryString(parsed.filters)).toBe(
        'van=2026-01-01&tot=2026-06-30&discipline=gas&combi=peelland&stil=30&kwartaal=2025-K4',
      );
    }
  });

  it('refuse a bad value with a Dutch message that names the field', () => {
    const refused = (query: Record<string, string>) => parseDashboardFilters(query, '2026-11-20');
    expect(refused({ van: '2026-02-30' })).toMatchObject({ ok: false, field: 'van' });
    expect(refused({ tot: '20-11-2026' })).toEqual({
      ok: false,
      field: 'tot',
      message: 'tot: moet een datum zijn als 2026-01-31',
    });
    expect(refused({ van: '2026-07-01', tot: '2026-06-30' })).toMatchObject({ ok: false, field: 'van' });
    expect(refused({ van: '2020-01-01' })).toMatchObject({
      ok: false,
      field: 'van',
      message: expect.stringContaining('drie jaar'),
    });
    expect(refused({ discipline: 'stroom' })).toMatchObject({
      ok: false,
      field: 'discipline',
      message: expect.stringContaining('elektra'),
    });
    expect(refused({ combi: "x' or 1=1" })).toMatchObject({ ok: false, field: 'combi' });
    expect(refused({ stil: '0' })).toMatchObject({ ok: false, field: 'stil' });
    expect(refused({ stil: 'veel' })).toMatchObject({ ok: false, field: 'stil' });
    // Only a closed quarter of the last two years: not the running one, not one that is still settling.
    expect(refused({ kwartaal: '2026-3' })).toEqual({
      ok: false,
      field: 'kwartaal',
      message: 'kwartaal: moet een kwartaal zijn als 2026-K3',
    });
    expect(refused({ kwartaal: '2026-K4' })).toMatchObject({
      ok: false,
      field: 'kwartaal',
      message: expect.stringContaining('afgesloten'),
    });
    expect(refused({ kwartaal: '2024-K3' })).toMatchObject({ ok: false, field: 'kwartaal' });
    expect(parseDashboardFilters({ kwartaal: '2024-K4' }, '2026-11-20')).toMatchObject({ ok: true });
    expect(parseDashboardFilters({ kwartaal: '2026-K3' }, '2026-10-14')).toMatchObject({ ok: false, field: 'kwartaal' });
  });

  it('offer the combi areas of the scope only', () => {
    const combis = new Map([
      ['noord', { code: 'noord', name: 'N', organisation: 'combi-noord', members: new Set(['nb', 'ca']) }],
      ['zuid', { code: 'zuid', name: 'Z', organisation: 'combi-zuid', members: new Set(['ca2']) }],
    ]);
    const dir = { combi: (code: string) => combis.get(code) };
    const all = ['noord', 'zuid'];
    expect(combisInScope({ all: true }, all, dir)).toEqual(all);
    expect(combisInScope({ all: false, combis: ['zuid'], gridOperator: undefined }, all, dir)).toEqual(['zuid']);
    expect(combisInScope({ all: false, combis: [], gridOperator: 'nb' }, all, dir)).toEqual(['noord']);
    expect(combisInScope({ all: false, combis: [], gridOperator: undefined }, all, dir)).toEqual([]);
  });
});

describe('dates in the facts', () => {
  it('are Dutch calendar dates, also around midnight and the change to winter time', () => {
    const late = story('MA-7', [submitted('2026-10-24T22:30:00Z')]);
    const day = requestFacts(late, content, orgs)?.submitted as number;
    expect(dayDate(day)).toBe(dutchDate('2026-10-25T00:30:00+02:00'));
    expect(dayDate(day)).toBe('2026-10-25');
    expect(dayNumber('2026-10-25')).toBe(day);
    expect(dayDate(dayNumber('2028-02-29'))).toBe('2028-02-29');
  });
});

describe('lead-time statistics', () => {
  it('computes quantiles by linear interpolation (checked by hand)', () => {
    const days = [70, 84, 91, 95, 98, 105, 112, 119, 126, 140];
    // position (n-1)·q: 0.9 → 0.9 between 70 and 84 → 70 + 0.9·14 = 82.6
    expect(quantile(days, 0.1)).toBeCloseTo(82.6, 10);
    // 8.1 → 126 + 0.1·14 = 127.4
    expect(quantile(days, 0.9)).toBeCloseTo(127.4, 10);
    expect(quantile(days, 0.5)).toBe(101.5);
    expect(quantile([5], 0.9)).toBe(5);
  });
});

// Issue 15 item 7: each figure a planner misread, against a count by hand.
describe('figures a planner reads one way', () => {
  const plan = (at: string, body: Record<string, unknown>): [string, string, Record<string, unknown>] => [
    'ca',
    at,
    { type: 'planning_changed', reason: 'afgesproken', ...body },
  ];
  const firm = (at: string, date: string, part = 'dag') => plan(at, { confirmedStart: { date, part } });
  const tg = (at: string): [string, string, Record<string, unknown>] => [
    'ca',
    at,
    { type: 'work_order_completed', workOrderId: 'e' },
  ];
  const SUBMITTED = submitted('2026-04-20T10:00:00+02:00');

  it('"achterstand" is the open steps past their due date; a contact moment not logged in its term is "verstreken"', () => {
    // Three aanvragen mee in combi on Monday 11 May, none with KCM 1 logged: the planning call was
    // due Tuesday 19 May (Ascension skipped). One has a provisional week, which closes the step.
    const inCombi = (n: string, ...more: [string, string, Record<string, unknown>][]) =>
      story(n, [
        SUBMITTED,
        handed('nb', '2026-05-11T10:00:00+02:00', 'e'),
        handed('wb', '2026-05-11T10:00:00+02:00', 'w'),
        ...more,
      ]);
    const states = [
      inCombi('MA-21'),
      inCombi('MA-22'),
      inCombi('MA-23', plan('2026-05-12T10:00:00+02:00', { provisionalWeek: '2026-W26' })),
    ];
    const now = new Date('2026-05-20T12:00:00+02:00');
    const figures = processFigures(
      states.map((x) => requestFacts(x, content, orgs) as RequestFacts),
      7,
      now,
    );
    const call = figures.adherence.find((r) => r.step === 'plangesprek' && r.organisation === 'ca');
    expect(call).toMatchObject({ onTime: 0, late: 0, overdue: 3, open: 0 });
    expect(states.flatMap((x) => measuredContactMoments(x, content, now)).filter((m) => m.step === 'plangesprek')).toEqual(
      Array(3).fill(expect.objectContaining({ timeliness: 'verstreken' })),
    );
    expect(figures.overdue.find((o) => o.party === 'ca')?.steps).toEqual([{ step: 'plangesprek', n: 2, mostWorkingDaysLate: 1 }]);
  });

  it('a firm date is kept when the work started on it, moved when changed to another day beforehand, lapsed when replaced after it passed, and awaiting its report when passed without a TG yet', () => {
    const states = [
      // 1 June, no TG by 10 June: passed, awaiting its report (work of several days may be under way).
      story('MA-31', [SUBMITTED, firm('2026-05-01T10:00:00+02:00', '2026-06-01')]),
      // Morning to afternoon on the same day is no new date (day part), then TG on 1 June: kept.
      story('MA-32', [
        SUBMITTED,
        firm('2026-05-01T10:00:00+02:00', '2026-06-01', 'ochtend'),
        firm('2026-05-20T10:00:00+02:00', '2026-06-01', 'middag'),
        tg('2026-06-01T16:00:00+02:00'),
      ]),
      // Moved on 20 May from 1 to 3 June, TG on 3 June: one moved, one kept.
      story('MA-33', [
        SUBMITTED,
        firm('2026-05-01T10:00:00+02:00', '2026-06-01'),
        firm('2026-05-20T10:00:00+02:00', '2026-06-03'),
        tg('2026-06-03T15:00:00+02:00'),
      ]),
      // 1 June passed, replaced on 5 June by 15 June: lapsed, and 15 June is still to come.
      story('MA-34', [
        SUBMITTED,
        firm('2026-05-01T10:00:00+02:00', '2026-06-01'),
        firm('2026-06-05T10:00:00+02:00', '2026-06-15'),
      ]),
      // Agreed 8 June, but the TG came on 3 June: the work began on another day.
      story('MA-35', [SUBMITTED, firm('2026-05-01T10:00:00+02:00', '2026-06-08'), tg('2026-06-03T15:00:00+02:00')]),
      // No firm date: not counted.
      story('MA-36', [SUBMITTED]),
    ];
    const now = new Date('2026-06-10T12:00:00+02:00');
    const expected = { kept: 2, moved: 1, lapsed: 1, otherDay: 1, dayPart: 1, upcoming: 1, awaitingReport: 1, share: 2 / 5 };
    expect(planningReliability(states, now)).toEqual(expected);
    const facts = states.map((x) => requestFacts(x, content, orgs) as RequestFacts);
    expect(processFigures(facts, 7, now).planning).toEqual(expected);
    // The export's columns add up to the same.
    const rows = facts.map((f) => dashboardRow(f, 'Combi', now).firmDates);
    for (const key of ['kept', 'moved', 'lapsed', 'otherDay', 'dayPart', 'upcoming', 'awaitingReport'] as const) {
      expect(
        rows.reduce((n, r) => n + r[key], 0),
        key,
      ).toBe(expected[key]);
    }
    // On 1 June itself MA-31's date has not passed yet.
    expect(planningReliability(states.slice(0, 1), new Date('2026-06-01T20:00:00+02:00'))).toMatchObject({
      awaitingReport: 0,
      upcoming: 1,
    });
  });

  it('the discipline filter counts the contact moments and steps of that discipline, not all of an aanvraag that has one', () => {
    // MA-1: elektra with nb (intake on time), water with wb (a day late), mee in combi, no KCM 1;
    // MA-2: the same opdrachten, intake not done by anyone.
    const s = story('MA-1', [
      SUBMITTED,
      contact('nb', '2026-05-05T16:00:00+02:00', 'B'),
      contact('wb', '2026-05-06T09:00:00+02:00', 'B'),
      handed('nb', '2026-05-11T10:00:00+02:00', 'e'),
      handed('wb', '2026-05-12T10:00:00+02:00', 'w'),
    ]);
    const fresh = story('MA-2', [SUBMITTED]);
    const facts = [s, fresh].map((x) => requestFacts(x, content, orgs) as RequestFacts);
    const now = new Date('2026-05-20T12:00:00+02:00');
    const water = processFigures(facts, 7, now, 'water');
    expect(water.requests.total).toBe(2);
    expect(water.adherence.map((r) => [r.step, r.organisation ?? 'alle', r.onTime, r.late, r.overdue])).toEqual([
      ['intake', 'alle', 0, 1, 1],
      ['intake', 'wb', 0, 1, 1],
      // The planning call is about both opdrachten, water's too.
      ['plangesprek', 'alle', 0, 0, 1],
      ['plangesprek', 'ca', 0, 0, 1],
    ]);
    expect(water.overdue.map((o) => [o.party, o.total])).toEqual([
      ['ca', 1],
      ['wb', 1],
    ]);
    expect(overdueByParty([s, fresh], content, orgs, now, 'water')).toEqual(
      new Map([
        ['wb', 1],
        ['ca', 1],
      ]),
    );
    // Without a discipline: both grid operators.
    expect(processFigures(facts, 7, now).overdue.map((o) => o.party)).toEqual(['ca', 'nb', 'wb']);
  });
});
