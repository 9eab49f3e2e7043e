import { describe, expect, it } from 'vitest';
import { dayNumber } from './calendar.ts';
import type { Phase } from './content-schema.ts';
import { disciplineBits, type FactOpen, type RequestFacts } from './dashboard-metrics.ts';
import type { Blocker } from './date-at-risk.ts';
import type { Discipline } from './messages.ts';
import { parseWorklistFilters, type WorklistFilters, worklist, worklistQueryString } from './worklist.ts';

// Tuesday 28 April 2026: Monday 27 April is Koningsdag, so Friday 24 April is one working day ago.
const TODAY = '2026-04-28';

function facts(
  number: string,
  open: [FactOpen['step'], string, string][],
  { combi = 'c-oost', phase = 'voorbereiden', disciplines = ['elektra'], cancelled = false, firmStart, blockers = [] } = {} as {
    combi?: string;
    phase?: Phase;
    disciplines?: Discipline[];
    cancelled?: boolean;
    firmStart?: string;
    blockers?: Blocker[];
  },
): RequestFacts {
  return {
    number,
    combi,
    disciplines,
    phase,
    submitted: dayNumber('2026-01-05'),
    cancelled,
    delivered: undefined,
    leadDays: undefined,
    lastMessageAt: undefined,
    measures: [],
    open: open.map(([step, party, due]) => ({ step, party, due: dayNumber(due), disciplines: disciplineBits(disciplines) })),
    firmDates: undefined,
    kvk: undefined,
    firmStart: firmStart === undefined ? undefined : dayNumber(firmStart),
    blockers,
  };
}

const FIXTURE: RequestFacts[] = [
  // Due Thursday 23 April: late on Friday 24 and Tuesday 28 (Koningsdag and the weekend do not count) = 2.
  facts('A-3', [['plangesprek', 'aannemer-x', '2026-04-23']]),
  // Due Friday 24 April: 1 working day late; and a step due beyond the horizon, left out.
  facts(
    'A-1',
    [
      ['offerte', 'netbeheerder-y', '2026-04-24'],
      ['startdatum', 'aannemer-x', '2026-05-06'],
    ],
    { phase: 'bestellen', disciplines: ['elektra', 'gas'] },
  ),
  // Due today: not late.
  facts('A-2', [['schouw', 'aannemer-x', '2026-04-28']], { combi: 'c-west', disciplines: ['water'] }),
  // Due Tuesday 5 May, the fifth working day after today (Bevrijdingsdag 2026 is a working day): listed.
  facts('A-4', [['plangesprek', 'aannemer-z', '2026-05-05']], { phase: 'leveren' }),
  // Cancelled: never listed.
  facts('A-5', [['plangesprek', 'aannemer-x', '2026-04-20']], { cancelled: true }),
];

const ALL: WorklistFilters = { days: 5, overdueOnly: false };
const pick = (f: Partial<WorklistFilters>) => worklist(FIXTURE, { ...ALL, ...f }, TODAY);
const keys = (list: ReturnType<typeof pick>) => list.rows.map((r) => `${r.number}:${r.step}:${r.daysLate}`);

describe('the werklijst', () => {
  it('lists overdue, due today and due within five working days, the earliest first, days late in working days', () => {
    const list = pick({});
    expect(list.until).toBe('2026-05-05');
    expect(keys(list)).toEqual(['A-3:plangesprek:2', 'A-1:offerte:1', 'A-2:schouw:0', 'A-4:plangesprek:0']);
    expect(list.rows.map((r) => r.overdue)).toEqual([true, true, false, false]);
    expect(list.total).toBe(4);
  });

  it('counts working days ahead: none ahead is today and overdue only; six reaches Wednesday 6 May', () => {
    expect(keys(pick({ days: 0 }))).toEqual(['A-3:plangesprek:2', 'A-1:offerte:1', 'A-2:schouw:0']);
    expect(keys(pick({ days: 6 }))).toContain('A-1:startdatum:0');
  });

  it('filters by party, phase, discipline, combi and overdue only', () => {
    expect(keys(pick({ party: 'aannemer-x' }))).toEqual(['A-3:plangesprek:2', 'A-2:schouw:0']);
    expect(keys(pick({ phase: 'bestellen' }))).toEqual(['A-1:offerte:1']);
    expect(keys(pick({ discipline: 'gas' }))).toEqual(['A-1:offerte:1']);
    expect(keys(pick({ combi: 'c-west' }))).toEqual(['A-2:schouw:0']);
    expect(keys(pick({ overdueOnly: true }))).toEqual(['A-3:plangesprek:2', 'A-1:offerte:1']);
    expect(keys(pick({ party: 'aannemer-x', overdueOnly: true }))).toEqual(['A-3:plangesprek:2']);
  });

  it('counts per filter value with the other filters kept', () => {
    const { counts } = pick({ party: 'aannemer-x' });
    // Party counts ignore the party filter itself, so every party can be chosen from the list.
    expect(Object.fromEntries(counts.party)).toEqual({ 'aannemer-x': 2, 'netbeheerder-y': 1, 'aannemer-z': 1 });
    expect(Object.fromEntries(counts.combi)).toEqual({ 'c-oost': 1, 'c-west': 1 });
    expect(Object.fromEntries(counts.phase)).toEqual({ voorbereiden: 2 });
    expect(Object.fromEntries(counts.discipline)).toEqual({ elektra: 1, water: 1 });
    expect(counts.overdue).toBe(1);
  });

  it('with a discipline, lists and counts the steps of that discipline, not every step of an aanvraag that has one', () => {
    // One aanvraag, elektra and gas: the grid operator's offerte is about gas only, the contractor's plangesprek about both.
    const both = facts('B-1', [
      ['offerte', 'netbeheerder-y', '2026-04-24'],
      ['plangesprek', 'aannemer-x', '2026-04-23'],
    ]);
    const mixed: RequestFacts = {
      ...both,
      disciplines: ['elektra', 'gas'],
      open: [
        { ...(both.open[0] as FactOpen), disciplines: disciplineBits(['gas']) },
        { ...(both.open[1] as FactOpen), disciplines: disciplineBits(['elektra', 'gas']) },
      ],
    };
    const list = (discipline?: Discipline) => worklist([mixed], { ...ALL, ...(discipline && { discipline }) }, TODAY);
    expect(keys(list('gas'))).toEqual(['B-1:plangesprek:2', 'B-1:offerte:1']);
    expect(keys(list('elektra'))).toEqual(['B-1:plangesprek:2']);
    expect(Object.fromEntries(list().counts.discipline)).toEqual({ elektra: 1, gas: 2 });
  });

  it('reads the GET form and refuses what it does not know with the field named', () => {
    expect(parseWorklistFilters({ dagen: '', partij: '', 'te-laat': 'ja', fase: 'leveren' })).toEqual({
      ok: true,
      filters: { days: 5, phase: 'leveren', overdueOnly: true },
    });
    expect(parseWorklistFilters({ dagen: '99' })).toMatchObject({ ok: false, field: 'dagen' });
    expect(parseWorklistFilters({ fase: 'klaar' })).toMatchObject({ ok: false, field: 'fase' });
    expect(parseWorklistFilters({ partij: 'X Y' })).toMatchObject({ ok: false, field: 'partij' });
    expect(worklistQueryString({ party: 'aannemer-x', overdueOnly: true })).toBe('partij=aannemer-x&te-laat=ja');
  });
});

// Working days after Tuesday 28 April 2026: Wed 29 (1), Thu 30 (2), Fri 1 May (3), Mon 4 (4), Tue 5 (5).
const RISKY: RequestFacts[] = [
  // Firm start on the fifth working day with a missing permit: at risk, its step due that day.
  facts('R-1', [['uitvoering', 'aannemer-x', '2026-05-05']], { firmStart: '2026-05-05', blockers: [{ kind: 'vergunning' }] }),
  // At risk two working days ahead; its open step (the customer's quote) is due beyond the horizon but listed.
  facts('R-3', [['offerte-beslissen', 'klant', '2026-05-20']], {
    firmStart: '2026-04-30',
    blockers: [{ kind: 'offerte', discipline: 'gas' }],
  }),
  // A firm start on the sixth working day: not yet at risk, and its step is beyond the horizon.
  facts('R-2', [['uitvoering', 'aannemer-x', '2026-05-06']], { firmStart: '2026-05-06', blockers: [{ kind: 'werkmap' }] }),
];

describe('planning in gevaar in the werklijst', () => {
  const risky = (f: Partial<WorklistFilters>) => worklist([...FIXTURE, ...RISKY], { ...ALL, ...f }, TODAY);

  it('flags the rows of an aanvraag whose firm date is at risk, and lists them whatever their due date', () => {
    const list = risky({});
    const flagged = list.rows.filter((r) => r.atRisk).map((r) => `${r.number}:${r.atRisk?.date}:${r.atRisk?.workingDaysLeft}`);
    expect(flagged).toEqual(['R-1:2026-05-05:5', 'R-3:2026-04-30:2']);
    expect(list.rows.map((r) => r.number)).not.toContain('R-2');
    expect(list.counts.atRisk).toBe(2);
  });

  it('filters on "alleen in gevaar", with the other counts under that filter', () => {
    const list = risky({ atRiskOnly: true });
    expect(keys(list)).toEqual(['R-1:uitvoering:0', 'R-3:offerte-beslissen:0']);
    expect(Object.fromEntries(list.counts.party)).toEqual({ 'aannemer-x': 1, klant: 1 });
    expect(list.counts.overdue).toBe(0);
  });

  it('follows the organisation’s N: with one working day neither date is at risk', () => {
    const list = risky({ riskDays: 1 });
    expect(list.rows.filter((r) => r.atRisk)).toEqual([]);
    expect(list.rows.map((r) => r.number)).not.toContain('R-3');
  });

  it('reads "in-gevaar" from the form', () => {
    expect(parseWorklistFilters({ 'in-gevaar': 'ja' })).toEqual({
      ok: true,
      filters: { days: 5, overdueOnly: false, atRiskOnly: true },
    });
    expect(parseWorklistFilters({ 'in-gevaar': 'nee' })).toMatchObject({ ok: false, field: 'in-gevaar' });
    expect(worklistQueryString({ atRiskOnly: true })).toBe('in-gevaar=ja');
  });
});
