/**
 * The werklijst through the staff portal on either database: the organisation's scope decides
 * which aanvragen it lists, and the applicant's name and phone number go to planners and admins
 * only, each view recorded in the log (AVG), never to viewers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine } from '../http/logger.ts';
import { startTestServer, submission, type TestServer, testStaffPortal } from '../testing.ts';

const NOW = new Date('2026-11-03T09:00:00+01:00');
const FILTERS = { days: 20, overdueOnly: false };

describe('the werklijst of an organisation', () => {
  let server: TestServer;
  const lines: LogLine[] = [];
  const portalOf = (organisation: string, role: 'viewer' | 'planner' | 'admin') =>
    testStaffPortal(server.store, organisation, role, (l) => lines.push(l));

  beforeAll(async () => {
    server = await startTestServer();
    const key = server.keys.get('netbeheer-zuid') as string;
    expect((await server.post(key, { berichten: [submission('WL-1')] })).status).toBe(201);
  });
  afterAll(() => server.close());

  it('lists the open steps of its own aanvragen only', async () => {
    const own = await (await portalOf('van-der-berg-infra', 'viewer')).worklist(FILTERS, NOW);
    expect(own.ok && own.value.rows.map((r) => [r.number, r.step, r.party])).toEqual([
      ['WL-1', 'intake', 'netbeheer-zuid'],
      ['WL-1', 'intake', 'waterbedrijf-peel'],
    ]);
    // Peelbouw works in the other combi area: nothing of Brabant-Oost, and no way in by the combi filter.
    const other = await portalOf('peelbouw', 'admin');
    const theirs = await other.worklist(FILTERS, NOW);
    expect(theirs.ok && theirs.value.total).toBe(0);
    expect(await other.worklist({ ...FILTERS, combi: 'brabant-oost' }, NOW)).toMatchObject({ ok: false, status: 400 });
    expect(await other.contactDetails(['WL-1'], 'werklijst')).toEqual(new Map());
  });

  it('gives contact details to planners with a log line, and nothing to viewers', async () => {
    lines.length = 0;
    expect(await (await portalOf('van-der-berg-infra', 'viewer')).contactDetails(['WL-1'], 'werklijst')).toEqual(new Map());
    expect(lines).toEqual([]);
    const planner = await portalOf('van-der-berg-infra', 'planner');
    const details = await planner.contactDetails(['WL-1'], 'werklijst');
    expect(details.get('WL-1')).toEqual({ name: 'Sanne de Vries', phone: '06 12345678' });
    expect(lines).toEqual([
      {
        msg: 'personal data viewed',
        purpose: 'werklijst',
        staffId: planner.member.id,
        organisation: 'van-der-berg-infra',
        data: ['naam', 'telefoon'],
        requests: ['WL-1'],
      },
    ]);
    // The log names the aanvragen, never the details themselves.
    expect(JSON.stringify(lines)).not.toContain('12345678');
  });
});
