/**
 * The workload's starts as each database reads them (api/storage/sqlite/dashboard.ts,
 * api/storage/postgres/dashboard.ts workloadStarts) give the same figures as the pure rules of
 * domain/workload.ts over the folded states of the same aanvragen, within each scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory, seedRequests } from '../../demo/seed.ts';
import { dutchDate } from '../../domain/calendar.ts';
import { loadContent } from '../../domain/content.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { inScope, type Scope } from '../../domain/staff.ts';
import { actualStart } from '../../domain/window-calibration.ts';
import { contractorsOf, plannedStartOf, type Workload, workload, workloadPeriod } from '../../domain/workload.ts';
import type { Store } from './store.ts';
import { openTestStore, scopeOfOrganisation } from './testing/test-store.ts';

/** The demo world's "now": the generator stops every aanvraag here. */
const NOW = new Date('2026-11-20T12:00:00Z');
const COUNT = 300;
const content = loadContent();

let store: Store;
let states: RequestState[];

const scopeOfOrg = (code: string): Scope => scopeOfOrganisation(store, code);

beforeAll(async () => {
  store = await openTestStore({ content });
  await seedDirectory(store);
  await seedRequests(store, { count: COUNT, now: NOW });
  const numbers = await store.sampleRequestNumbers(COUNT);
  states = (await Promise.all(numbers.map((n) => store.requestState(n)))) as RequestState[];
}, 60_000);

afterAll(() => store.close());

/** The figures by the rules, from the folded states in the scope. */
function byTheRules(scope: Scope, today: string, only?: string): Workload {
  const seen = states.filter((s) =>
    inScope(
      scope,
      s.combi,
      s.workOrders.map((w) => w.gridOperator),
    ),
  );
  const planned = seen.flatMap((s) => {
    const start = plannedStartOf(s);
    return start ? contractorsOf(s).map((contractor) => ({ contractor, ...start })) : [];
  });
  const delivered = seen.flatMap((s) => {
    const start = s.cancelledAt ? undefined : actualStart(s);
    return start ? contractorsOf(s).map((contractor) => ({ contractor, actualStart: start })) : [];
  });
  return workload(planned, delivered, today, only);
}

async function fromTheStore(scope: Scope, today: string, only?: string): Promise<Workload> {
  const { planned, delivered } = await store.dashboard.workloadStarts(scope, workloadPeriod(today));
  return workload(planned, delivered, today, only);
}

describe('workload starts on this database', () => {
  // Two days: the demo's today, and six weeks earlier (other weeks, other starts in the history).
  for (const today of [dutchDate(NOW), '2026-10-07']) {
    it(`gives the rules' figures in every scope (${today})`, async () => {
      const orgs = ['combi-brabant-oost', 'peelbouw', 'kempen-kabel', 'glasnet', 'netbeheer-zuid', 'van-der-berg-infra'];
      for (const code of orgs) {
        const scope = scopeOfOrg(code);
        expect(await fromTheStore(scope, today), code).toEqual(byTheRules(scope, today));
      }
    });
  }

  it('has something to show: planned starts ahead and delivered starts behind', async () => {
    const all = await fromTheStore({ all: true }, dutchDate(NOW));
    expect(all).toEqual(byTheRules({ all: true }, dutchDate(NOW)));
    const planned = all.contractors.flatMap((c) => c.weeks).reduce((n, w) => n + w.firm + w.provisional, 0);
    const firm = all.contractors.flatMap((c) => c.weeks).reduce((n, w) => n + w.firm, 0);
    expect(planned).toBeGreaterThan(firm);
    expect(firm).toBeGreaterThan(0);
    expect(all.contractors.reduce((n, c) => n + c.delivered, 0)).toBeGreaterThan(0);
  });

  it('never counts a start of another combi area, and a contractor sees only its own', async () => {
    const peelbouw = await fromTheStore(scopeOfOrg('peelbouw'), dutchDate(NOW), 'peelbouw');
    expect(peelbouw.contractors.map((c) => c.contractor)).toEqual(['peelbouw']);
    const area = await fromTheStore(scopeOfOrg('combi-brabant-oost'), dutchDate(NOW));
    expect(area.contractors.map((c) => c.contractor)).not.toContain('peelbouw');
    await store.addOrganisation({ code: 'nieuwe-aannemer', name: 'Nieuwe aannemer', kind: 'aannemer' });
    const nobody = await store.dashboard.workloadStarts(scopeOfOrg('nieuwe-aannemer'), workloadPeriod(dutchDate(NOW)));
    expect(nobody).toEqual({ planned: [], delivered: [] });
  });

  it('leaves out an aanvraag once it is cancelled', async () => {
    const today = dutchDate(NOW);
    const firmAhead = (s: RequestState) => (plannedStartOf(s)?.confirmedStart ?? '') >= today && contractorsOf(s).length > 0;
    const target = states.find(firmAhead);
    if (!target) throw new Error('no aanvraag with a firm date ahead');
    const firmTotal = (w: Workload) => w.contractors.flatMap((c) => c.weeks).reduce((n, k) => n + k.firm, 0);
    const before = firmTotal(await fromTheStore({ all: true }, today));
    const sender = store.organisation(target.workOrders[0]?.gridOperator ?? '');
    if (!sender) throw new Error('no grid operator');
    const [result] = await store.ingest([
      {
        sender,
        message: {
          type: 'request_cancelled',
          id: 'werkvoorraad-annulering',
          requestNumber: target.number,
          occurredAt: '2026-11-20T13:00:00Z',
          reason: 'De klant ziet ervan af.',
        },
      },
    ]);
    expect(result?.result).toBe('accepted');
    expect(firmTotal(await fromTheStore({ all: true }, today))).toBe(before - contractorsOf(target).length);
  });
});
