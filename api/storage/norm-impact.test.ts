/**
 * Issue 17, item 3: the impact of a norm change before it goes live, against a hand-computed
 * fixture on both databases. The portal in use serves intake (KCM B) in 10 working days and the
 * planning call (KCM 1) in 5; the editor's content/ on disk says 8 and 7. Today is Monday 26
 * April 2027; Tuesday 27 April is Koningsdag, which neither count may use as a working day.
 *
 * - MA-NORM-A, submitted Tuesday 13 April 2027, intake open at both grid operators:
 *   10 working days = Wednesday 28 April (14–16, 19–23, 26, not 27, 28); 8 = Friday 23 April.
 *   Earlier, and overdue today (26 > 23) where it is not now (26 < 28).
 * - MA-NORM-B, handed to the combi Friday 16 April 2027, planning call open at Van der Berg Infra:
 *   5 working days = Friday 23 April; 7 = Wednesday 28 April (26, not 27, 28). Later, and no longer
 *   overdue.
 * - MA-NORM-C, like A but cancelled: not counted.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import { contentWith } from '../../domain/content-fixture.ts';
import type { Message } from '../../domain/messages.ts';
import { normsOf, withNorms } from '../../domain/norm-impact.ts';
import { statusVersion } from '../../domain/status-version.ts';
import { secretBox } from '../auth/secret-box.ts';
import { normImpactReport, normImpactText } from '../core/norm-impact.ts';
import { openStore } from '../core/open-store.ts';
import { staffPortal } from '../staff-portal.ts';
import { staffCookie, startTestServer, submission } from '../testing.ts';
import { openNormImpactReader } from './norm-impact-reader.ts';
import type { Store } from './store.ts';
import { testRows } from './testing/test-sql.ts';
import { createTestData, type TestData } from './testing/test-store.ts';

const NOW = new Date('2027-04-26T10:00:00+02:00');
const onDisk = loadContent();
// The fixture's norms, whatever content/ says today: in use 10 and 5, on disk 8 and 7.
const inUse = withNorms(onDisk, { ...normsOf(onDisk), intake: 10, plangesprek: 5 });
const edited = withNorms(onDisk, { ...normsOf(onDisk), intake: 8, plangesprek: 7 });

let data: TestData;
let store: Store;
beforeEach(async () => {
  data = await createTestData();
  store = await openStore(data.where, { content: inUse });
  await seedDirectory(store);
  const org = (code: string) => store.organisation(code) as NonNullable<ReturnType<Store['organisation']>>;
  const at = (number: string, id: string, occurredAt: string, body: Record<string, unknown>) =>
    ({ id: `${number}-${id}`, requestNumber: number, occurredAt, ...body }) as Message;
  const results = await store.ingest(
    [
      { sender: org('netbeheer-zuid'), message: submission('MA-NORM-A', { occurredAt: '2027-04-13T09:00:00+02:00' }) },
      { sender: org('netbeheer-zuid'), message: submission('MA-NORM-B', { occurredAt: '2027-04-01T09:00:00+02:00' }) },
      {
        sender: org('traject'),
        message: at('MA-NORM-B', 'h', '2027-04-16T11:00:00+02:00', {
          type: 'handed_to_combi',
          workOrderIds: ['MA-NORM-B-E', 'MA-NORM-B-W'],
          contractor: 'van-der-berg-infra',
        }),
      },
      { sender: org('netbeheer-zuid'), message: submission('MA-NORM-C', { occurredAt: '2027-04-13T09:00:00+02:00' }) },
      {
        sender: org('netbeheer-zuid'),
        message: at('MA-NORM-C', 'x', '2027-04-14T09:00:00+02:00', { type: 'request_cancelled', reason: 'Klant ziet af' }),
      },
    ],
    { receivedAt: NOW, notify: false },
  );
  expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  // As a server does at start: the norms it serves with.
  await store.norms.record('in-gebruik', normsOf(inUse), new Date('2027-04-20T06:00:00Z'));
  // An older process recorded before it: the latest start counts.
  await store.norms.record('ouder', { intake: 3 }, new Date('2027-03-01T06:00:00Z'));
  await store.close();
});
afterEach(async () => {
  await data.drop();
});

/** Every row of every table, to prove the report writes nothing. */
async function everything(): Promise<string> {
  const tables = data.where.DATABASE_URL
    ? await testRows<{ name: string }>(
        data.where,
        `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
      )
    : await testRows<{ name: string }>(
        data.where,
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`,
      );
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) dump[name] = await testRows(data.where, `select * from "${name}" order by 1`);
  return JSON.stringify(dump);
}

describe('the impact of a norm change', () => {
  it('counts earlier, later and newly overdue due dates per organisation, holidays skipped, and writes nothing', async () => {
    const before = await everything();
    const reader = await openNormImpactReader(data.where);
    const report = await (async () => {
      try {
        return await normImpactReport(
          reader.storage as NonNullable<typeof reader.storage>,
          edited,
          (code) => reader.organisations.get(code),
          NOW,
        );
      } finally {
        await reader.close();
      }
    })();
    expect(await everything()).toBe(before);

    expect(report.inUse).toMatchObject({ version: 'in-gebruik', startedAt: '2027-04-20T06:00:00.000Z' });
    const impact = report.impact;
    expect(impact?.changes).toEqual([
      { step: 'intake', inUse: 10, onDisk: 8 },
      { step: 'plangesprek', inUse: 5, onDisk: 7 },
    ]);
    expect(impact).toMatchObject({ aanvragen: 2, affected: 2 });
    const intake = { number: 'MA-NORM-A', step: 'intake', dueInUse: '2027-04-28', dueOnDisk: '2027-04-23', newlyOverdue: true };
    const counts = { normSteps: 1, earlier: 1, later: 0, newlyOverdue: 1, noLongerOverdue: 0 };
    expect(impact?.organisations).toEqual([
      { organisation: 'netbeheer-zuid', name: 'Netbeheer Zuid', ...counts, sample: [intake] },
      { organisation: 'waterbedrijf-peel', name: expect.any(String), ...counts, sample: [intake] },
      {
        organisation: 'van-der-berg-infra',
        name: 'Van der Berg Infra',
        normSteps: 1,
        earlier: 0,
        later: 1,
        newlyOverdue: 0,
        noLongerOverdue: 1,
        sample: [
          { number: 'MA-NORM-B', step: 'plangesprek', dueInUse: '2027-04-23', dueOnDisk: '2027-04-28', newlyOverdue: false },
        ],
      },
    ]);
    const text = normImpactText(report);
    expect(text).toContain('intake: 10 werkdagen → 8 werkdagen');
    expect(text).toContain('MA-NORM-A intake: wo 28 apr 2027 → vr 23 apr 2027 (te laat)');
  });

  it('refuses to write on the connection it reads with', async () => {
    const reader = await openNormImpactReader(data.where);
    try {
      await expect(reader.storage?.inUse()).resolves.toMatchObject({ version: 'in-gebruik' });
      const storage = reader.storage as unknown as { record: (v: string, n: object, at: Date) => Promise<void> };
      const error = await storage.record('x', {}, NOW).then(
        () => undefined,
        (e: Error) => e,
      );
      // Drizzle wraps PostgreSQL's refusal: its reason is the cause.
      expect(String((error?.cause as Error | undefined)?.message ?? error?.message)).toMatch(/read-only|readonly/);
    } finally {
      await reader.close();
    }
  });

  it('says when nothing changed, and compares nothing without recorded norms', async () => {
    const reader = await openNormImpactReader(data.where);
    try {
      const lookup = (code: string) => reader.organisations.get(code);
      const same = await normImpactReport(reader.storage as NonNullable<typeof reader.storage>, inUse, lookup, NOW);
      expect(same.impact).toMatchObject({ changes: [], affected: 0, organisations: [] });
      expect(normImpactText(same)).toContain('Geen norm gewijzigd');
      const none = await normImpactReport({ inUse: async () => undefined, openStates: async () => {} }, edited, lookup, NOW);
      expect(none.impact).toBeUndefined();
    } finally {
      await reader.close();
    }
  });
});

describe('the norms in use and the staff page', () => {
  it("are recorded by a server at start, and the page answers platform staff only, or the editor's message", async () => {
    const server = await startTestServer();
    const broken = contentWith({ 'stappen.yaml': (yaml) => yaml.replace(/werkdagen: \d+/, 'werkdagen: tien') });
    try {
      const content = loadContent();
      await expect(server.store.norms.inUse()).resolves.toMatchObject({
        version: statusVersion(content),
        norms: normsOf(content),
      });
      const box = secretBox(new Uint8Array(32));
      const portalOf = async (organisation: string, dir?: string) => {
        const { id } = await staffCookie(server.store, { organisation, role: 'viewer' });
        const signIn = { sessionId: 'test', staffId: id, twoFactorVerified: true, createdAt: new Date() };
        return (await staffPortal(server.store, box, signIn, { contentDir: dir })) as NonNullable<
          Awaited<ReturnType<typeof staffPortal>>
        >;
      };
      const platform = await (await portalOf('traject')).normImpact(NOW);
      expect(platform).toMatchObject({
        ok: true,
        value: { inUse: { version: statusVersion(content) }, impact: { changes: [] } },
      });
      expect(await (await portalOf('van-der-berg-infra')).normImpact(NOW)).toMatchObject({ ok: false, status: 403 });
      const refused = await (await portalOf('traject', broken)).normImpact(NOW);
      expect(refused).toMatchObject({ ok: false, status: 422, message: expect.stringMatching(/stappen\.yaml.*\n.*werkdagen/s) });
    } finally {
      await server.close();
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
