import { describe, expect, it } from 'vitest';
import { loadContent } from './content.ts';
import type { LoggedMessage } from './messages.ts';
import { NO_PROJECT, type PortfolioEntry, parsePortfolioFilters, portfolio, portfolioEntry } from './portfolio.ts';
import { foldMessages } from './request-state.ts';

const content = loadContent();
const organisations = () => undefined;
const NOW = new Date('2027-02-01T10:00:00+01:00');
const TODAY = '2027-02-01';

const submitted = (n: string, occurredAt: string, extra: object = {}): LoggedMessage =>
  ({
    id: `${n}-s`,
    sender: 'netbeheer-zuid',
    type: 'request_submitted',
    requestNumber: n,
    occurredAt,
    kind: 'nieuwe_aansluiting',
    combi: 'brabant-oost',
    applicant: { name: 'Bouwer', email: 'p@dekempen.nl', kind: 'zakelijk', kvk: '17001234' },
    address: { street: 'Akkerweg', houseNumber: '1', postcode: '5611 AB', city: 'Eindhoven' },
    workOrders: [{ id: `${n}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    project: 'NOORD',
    ...extra,
  }) as LoggedMessage;

const entryOf = (messages: LoggedMessage[], number: string) =>
  portfolioEntry(
    { number, project: 'NOORD', address: 'Akkerweg 1, 5611 AB Eindhoven', state: foldMessages(number, messages) },
    content,
    organisations,
    NOW,
    TODAY,
  );

describe('what the portfolio shows of one aanvraag', () => {
  it('takes the next step, the overdue steps of the combi and the legal term from the domain rules', () => {
    // Submitted long ago and nothing since: the intake is overdue (the grid operator's), the legal term passed.
    const late = entryOf([submitted('MA-1', '2026-06-01T10:00:00+02:00')], 'MA-1');
    expect(late.next).toMatchObject({ step: 'intake', role: 'netbeheerder', overdue: true });
    expect(late.overdueCombi).toBeGreaterThan(0);
    expect(late.legal).toBe('verstreken');
    expect(late.firmDates).toEqual([]);

    // Just submitted: within the term, nothing overdue.
    const fresh = entryOf([submitted('MA-2', '2027-01-29T10:00:00+01:00')], 'MA-2');
    expect(fresh.overdueCombi).toBe(0);
    expect(fresh.next?.overdue).toBe(false);
    expect(fresh.legal).toBe('binnen');
  });

  it('lists firm dates within the coming weeks only, and none once cancelled', () => {
    const planned = (n: string, date: string): LoggedMessage[] => [
      submitted(n, '2027-01-04T10:00:00+01:00'),
      {
        id: `${n}-p`,
        sender: 'van-der-berg-infra',
        type: 'planning_changed',
        requestNumber: n,
        occurredAt: '2027-01-20T10:00:00+01:00',
        confirmedStart: { date, part: 'ochtend' },
        reason: 'afgesproken',
      } as LoggedMessage,
    ];
    expect(entryOf(planned('MA-3', '2027-02-15'), 'MA-3').firmDates).toEqual([
      { kind: 'startdatum', date: '2027-02-15', part: 'ochtend' },
    ]);
    expect(entryOf(planned('MA-4', '2027-03-15'), 'MA-4').firmDates).toEqual([]);
    const cancelled = [
      ...planned('MA-5', '2027-02-15'),
      {
        id: 'MA-5-c',
        sender: 'netbeheer-zuid',
        type: 'request_cancelled',
        requestNumber: 'MA-5',
        occurredAt: '2027-01-25T10:00:00+01:00',
        reason: 'gestopt',
      } as LoggedMessage,
    ];
    const entry = entryOf(cancelled, 'MA-5');
    expect(entry).toMatchObject({ cancelled: true, firmDates: [], overdueCombi: 0 });
    expect(entry.next).toBeUndefined();
  });
});

const entry = (over: Partial<PortfolioEntry>): PortfolioEntry => ({
  number: 'MA-0',
  project: 'NOORD',
  address: 'Akkerweg 1, 5611 AB Eindhoven',
  phase: 'bestellen',
  cancelled: false,
  delivered: false,
  overdueCombi: 0,
  firmDates: [],
  legal: 'binnen',
  ...over,
});

describe('the portfolio of many aanvragen', () => {
  const entries = [
    entry({
      number: 'MA-1',
      address: 'Akkerweg 10, Eindhoven',
      next: { step: 'intake', role: 'netbeheerder', due: '2027-02-03', overdue: false },
    }),
    entry({ number: 'MA-2', address: 'Akkerweg 2, Eindhoven', phase: 'leveren', overdueCombi: 2, legal: 'verstreken' }),
    entry({
      number: 'MA-3',
      address: 'Beukenlaan 1, Eindhoven',
      firmDates: [{ kind: 'startdatum', date: '2027-02-10', part: 'middag' }],
      legal: 'na-termijn',
    }),
    entry({ number: 'MA-4', project: null, cancelled: true, address: 'Dorpsstraat 9, Asten' }),
    entry({
      number: 'MA-5',
      project: 'ZUID',
      address: 'Kerkstraat 4, Eindhoven',
      legal: 'geen',
      next: { step: 'schouw', role: 'aannemer', due: '2027-06-01', overdue: false },
    }),
  ];
  const filters = { show: 'alle', sort: 'adres' } as const;

  it('sums per project: phases (cancelled apart), next steps due soon, firm dates, overdue steps, legal term', () => {
    const { projects } = portfolio(entries, filters, TODAY);
    expect(projects.map((p) => p.project)).toEqual(['NOORD', 'ZUID', null]);
    expect(projects[0]).toMatchObject({
      total: 3,
      cancelled: 0,
      perPhase: { bestellen: 2, leveren: 1, orienteren: 0 },
      nextDue: 1,
      firmDates: 1,
      firstFirmDate: '2027-02-10',
      overdueCombi: 2,
      legal: { binnen: 1, 'na-termijn': 1, verstreken: 1, geen: 0 },
    });
    // A step due months ahead is not "due soon"; a cancelled aanvraag counts apart from the phases.
    expect(projects[1]).toMatchObject({ nextDue: 0, legal: { geen: 1 } });
    expect(projects[2]).toMatchObject({ total: 1, cancelled: 1, perPhase: { bestellen: 0 } });
  });

  it('filters, searches and sorts the rows; the sums stay over every project', () => {
    const rows = (f: object) => portfolio(entries, { ...filters, ...f }, TODAY).rows.map((r) => r.number);
    // Natural order: Akkerweg 2 before Akkerweg 10.
    expect(rows({})).toEqual(['MA-2', 'MA-1', 'MA-3', 'MA-4', 'MA-5']);
    expect(rows({ project: 'NOORD' })).toEqual(['MA-2', 'MA-1', 'MA-3']);
    expect(rows({ project: '' })).toEqual(['MA-4']);
    expect(rows({ phase: 'bestellen' })).toEqual(['MA-1', 'MA-3', 'MA-5']);
    expect(rows({ show: 'achterstand' })).toEqual(['MA-2']);
    expect(rows({ show: 'vaste-datum' })).toEqual(['MA-3']);
    expect(rows({ show: 'termijn' })).toEqual(['MA-2', 'MA-3']);
    expect(rows({ search: 'BEUKEN' })).toEqual(['MA-3']);
    expect(rows({ sort: 'volgende-stap' })).toEqual(['MA-1', 'MA-5', 'MA-2', 'MA-3', 'MA-4']);
    expect(rows({ sort: 'fase' })).toEqual(['MA-1', 'MA-3', 'MA-4', 'MA-5', 'MA-2']);
    expect(portfolio(entries, { ...filters, project: 'ZUID' }, TODAY).projects).toHaveLength(3);
  });

  it('reads its filters from the query, strictly, leaving other fields alone', () => {
    expect(parsePortfolioFilters({ kvk: '17001234', opgeslagen: 'x' })).toEqual({
      ok: true,
      filters: { show: 'alle', sort: 'adres' },
    });
    expect(
      parsePortfolioFilters({ project: NO_PROJECT, fase: 'leveren', tonen: 'termijn', zoek: ' akker ', sorteer: 'fase' }),
    ).toEqual({
      ok: true,
      filters: { project: '', phase: 'leveren', show: 'termijn', search: 'akker', sort: 'fase' },
    });
    expect(parsePortfolioFilters({ fase: 'bouwen' })).toMatchObject({ ok: false, field: 'fase' });
    expect(parsePortfolioFilters({ project: 'a b' })).toMatchObject({ ok: false, field: 'project' });
  });
});
