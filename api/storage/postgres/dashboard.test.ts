/**
 * PgDashboard against SqliteDashboard on the same rows: the demo world is seeded into SQLite
 * through its ingestion path (until ingestion runs on PostgreSQL), then the rows the dashboard
 * reads are copied into a migrated PostgreSQL database with Drizzle, ids and all. Both must give
 * the same figures and export rows for every kind of organisation and filter. Then what is
 * PostgreSQL's own: another process's writes, committed in any order, show in the next view.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory, seedRequests } from '../../../demo/seed.ts';
import { dutchDate } from '../../../domain/calendar.ts';
import { loadContent } from '../../../domain/content.ts';
import { type DashboardFilters, parseDashboardFilters } from '../../../domain/dashboard-metrics.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import { quarterDays, quarterOf } from '../../../domain/satisfaction.ts';
import { type Scope, scopeOf } from '../../../domain/staff.ts';
import type { WorklistFilters } from '../../../domain/worklist.ts';
import { openSqliteStore, type SqliteStore } from '../../core/open-store.ts';
import { createMailComposer } from '../../mail/compose.ts';
import * as sqliteSchema from '../sqlite/schema.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { PgDashboard } from './dashboard.ts';

import { connectPostgres, type PgConnection } from './database.ts';
import { migratePostgres } from './migrate.ts';
import * as pgSchema from './schema.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const content = loadContent();
const COUNT = 300;

let store: SqliteStore;
let database: TestDatabase;
let pg: PgConnection;
/** A second pool: another server process on the same database. */
let other: PgConnection;
let dashboard: PgDashboard;
let otherDashboard: PgDashboard;

/** The tables the dashboard reads, parents first, in either schema. */
const COPIED: [SQLiteTable, PgTable][] = [
  [sqliteSchema.organisations, pgSchema.organisations],
  [sqliteSchema.combis, pgSchema.combis],
  [sqliteSchema.combiMembers, pgSchema.combiMembers],
  [sqliteSchema.requests, pgSchema.requests],
  [sqliteSchema.workOrders, pgSchema.workOrders],
  [sqliteSchema.shownWindows, pgSchema.shownWindows],
  [sqliteSchema.surveyResponses, pgSchema.surveyResponses],
  [sqliteSchema.surveyAnswers, pgSchema.surveyAnswers],
  [sqliteSchema.endSurveyInvitations, pgSchema.endSurveyInvitations],
  [sqliteSchema.helpdeskContacts, pgSchema.helpdeskContacts],
];

const scopeOfOrg = (code: string): Scope => {
  const org = store.organisation(code);
  if (!org) throw new Error(`no organisation ${code}`);
  return scopeOf(org, store.combiCodes(), store);
};

function filters(query: Record<string, string>, today: string): DashboardFilters {
  const parsed = parseDashboardFilters(query, today);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.filters;
}

const pgDashboard = (connection: PgConnection) =>
  new PgDashboard(
    connection.db,
    store.storage.ids,
    {
      organisations: (code) => store.organisation(code),
      combiName: (code) => store.combi(code)?.name,
      comparableStarts: (combi, kind, now) => store.comparableStarts(combi, kind, now),
    },
    content,
  );

/** The eindmeting invitations were made when the demo aanvragen were delivered (today): their quarter is today's. */
const invitationQuarter = quarterOf(dutchDate(new Date()));
const afterFinal = new Date(`${quarterDays(invitationQuarter).final}T12:00:00Z`);

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'traject-pg-dashboard-')), 'dashboard.sqlite');
  const mail = createMailComposer({
    publicUrl: () => 'https://traject.example',
    content,
    organisations: (c) => store.organisation(c),
  });
  store = openSqliteStore(file, { mail, content });
  await seedDirectory(store);
  await seedRequests(store, { count: COUNT, now: NOW });
  // Answers on eindmeting invitations, enough for figures that are shown (five or more).
  let answered = 0;
  for (const number of await store.sampleRequestNumbers(COUNT)) {
    const invitation = await store.endSurveys.forRequest(number);
    if (invitation?.status !== 'uitgenodigd' || answered >= 8) continue;
    await store.responses.save({
      id: invitation.id,
      context: { survey: 'eindmeting', requestNumber: number, invitationId: invitation.id },
      answers: { cijfer: 5 + (answered % 5), moeite: 1 + (answered % 7), verbeteren: `tekst ${answered}` },
      completed: true,
      at: new Date(),
    });
    answered++;
  }
  expect(answered).toBeGreaterThanOrEqual(5);

  database = await createTestDatabase();
  await migratePostgres(database.sql);
  pg = connectPostgres(database.url);
  other = connectPostgres(database.url);
  const sqlite = drizzle({ client: new Database(file, { readonly: true }), casing: 'snake_case' });
  for (const [from, to] of COPIED) {
    const rows = sqlite.select().from(from).all();
    for (let i = 0; i < rows.length; i += 500) await pg.db.insert(to).values(rows.slice(i, i + 500));
  }
  // Copied with their ids: the identity goes on after them, as it would have.
  await pg.db.execute(sql`select setval(pg_get_serial_sequence('requests', 'id'), (select max(id) from requests))`);
  dashboard = pgDashboard(pg);
  otherDashboard = pgDashboard(other);
}, 120_000);

afterAll(async () => {
  store?.close();
  await pg?.sql.end({ timeout: 1 });
  await other?.sql.end({ timeout: 1 });
  await database?.drop();
});

describe('the dashboard on PostgreSQL', () => {
  it('stores the copied states as SQLite holds them', async () => {
    const [row] = await pg.db.execute<{ kind: string }>(sql`select jsonb_typeof(state) as kind from requests limit 1`);
    expect(row?.kind).toBe('object');
  });

  it('gives the same werklijst as SQLite, from the same facts: steps, order and counts', async () => {
    const cases: [string, Partial<WorklistFilters>][] = [
      ['traject', {}],
      ['combi-brabant-oost', { days: 0 }],
      ['kempen-kabel', { combi: 'peelland', overdueOnly: true }],
      ['netbeheer-zuid', { discipline: 'gas', phase: 'leveren' }],
      ['peelbouw', { party: 'klant', days: 20 }],
    ];
    for (const [org, f] of cases) {
      const w: WorklistFilters = { days: 5, overdueOnly: false, ...f };
      const expected = await store.dashboard.worklist(scopeOfOrg(org), w, NOW);
      expect(await dashboard.worklist(scopeOfOrg(org), w, NOW), `${org} ${JSON.stringify(f)}`).toEqual(expected);
      if (org === 'traject') expect(expected.total).toBeGreaterThan(0);
    }
  });

  it('gives the same figures and export rows as SQLite, for every kind of organisation and filter', async () => {
    const cases: [string, Record<string, string>][] = [
      ['traject', {}],
      ['combi-brabant-oost', {}],
      ['combi-peelland', { discipline: 'gas' }],
      ['kempen-kabel', { van: '2026-06-01', tot: '2026-09-30' }],
      ['kempen-kabel', { combi: 'peelland' }],
      ['glasnet', {}],
      ['peelbouw', { stil: '7' }],
      ['netbeheer-zuid', { combi: 'peelland', stil: '30' }],
      ['combi-brabant-oost', { combi: 'peelland' }],
      ['traject', { discipline: 'water', van: '2026-03-01' }],
      ['traject', { combi: 'onbekend' }],
    ];
    for (const [org, query] of cases) {
      for (const now of [NOW, afterFinal]) {
        const scope = scopeOfOrg(org);
        const f = filters({ ...query, ...(now === afterFinal && { kwartaal: invitationQuarter }) }, dutchDate(now));
        const label = `${org} ${JSON.stringify(query)} ${now.toISOString()}`;
        const expected = await store.dashboard.figures(scope, f, now);
        expect(await dashboard.figures(scope, f, now), label).toEqual(expected);
        expect(await dashboard.rows(scope, f, now), label).toEqual(await store.dashboard.rows(scope, f, now));
      }
    }
    // The satisfaction figures were compared with something to show.
    const figures = await dashboard.figures(
      scopeOfOrg('traject'),
      filters({ kwartaal: invitationQuarter }, dutchDate(afterFinal)),
      afterFinal,
    );
    expect(JSON.stringify(figures.satisfaction)).toMatch(/"n":[5-9]/);
  });

  it('shows a write of another process in the next view, whichever commits first', async () => {
    const scope = scopeOfOrg('traject');
    const f = filters({}, dutchDate(NOW));
    const before = await dashboard.figures(scope, f, NOW);
    const running = await pg.db
      .select({ id: pgSchema.requests.id, state: pgSchema.requests.state })
      .from(pgSchema.requests)
      .where(
        sql`${pgSchema.requests.cancelledAt} is null and ${pgSchema.requests.deliveredAt} is null and ${pgSchema.requests.submittedAt} is not null`,
      )
      .orderBy(pgSchema.requests.id)
      .limit(2);
    const [first, second] = running as { id: number; state: RequestState }[];
    if (!first || !second) throw new Error('no running aanvragen');
    const cancel = (state: RequestState) => ({ ...state, cancelledAt: '2026-11-19T10:00:00.000Z' });
    // The other process starts a write to the lower id first and commits it last: a view in
    // between sees only the second, and the next view the first as well.
    let commitFirst!: () => void;
    const held = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    let started!: () => void;
    const begun = new Promise<void>((resolve) => {
      started = resolve;
    });
    const slow = other.db.transaction(async (tx) => {
      await tx
        .update(pgSchema.requests)
        .set({ state: cancel(first.state) })
        .where(eq(pgSchema.requests.id, first.id));
      started();
      await held;
    });
    await begun;
    await other.db
      .update(pgSchema.requests)
      .set({ state: cancel(second.state) })
      .where(eq(pgSchema.requests.id, second.id));
    const between = await dashboard.figures(scope, f, NOW);
    expect(between.requests.cancelled).toBe(before.requests.cancelled + 1);
    commitFirst();
    await slow;
    const after = await dashboard.figures(scope, f, NOW);
    expect(after.requests.cancelled).toBe(before.requests.cancelled + 2);
    // The other process's own dashboard agrees, and neither recomputes what is current.
    expect(await otherDashboard.figures(scope, f, NOW)).toEqual(after);
    const rows = await dashboard.rows(scope, f, NOW);
    expect(rows.filter((r) => r.cancelled).length).toBe(after.requests.cancelled);
  });

  it('recomputes facts stored from an older version of the row, or with other content', async () => {
    const scope = scopeOfOrg('traject');
    const f = filters({}, dutchDate(NOW));
    const current = await dashboard.figures(scope, f, NOW);
    // As if a slow process stored facts of a state that has changed since.
    await pg.db.update(pgSchema.dashboardFacts).set({ source: 'older', facts: null, submitted: null });
    expect(await dashboard.figures(scope, f, NOW)).toEqual(current);
    // None stored, and the first build runs while views come, in this process and another.
    await pg.db.delete(pgSchema.dashboardFacts);
    const [, here, there] = await Promise.all([
      dashboard.warm(),
      dashboard.figures(scope, f, NOW),
      otherDashboard.figures(scope, f, NOW),
    ]);
    expect(here).toEqual(current);
    expect(there).toEqual(current);
    // A norm changed in the content: every fact is recomputed with it.
    const steps = new Map(content.steps);
    const intake = steps.get('intake');
    if (!intake?.werkdagen) throw new Error('no intake norm');
    steps.set('intake', { ...intake, werkdagen: intake.werkdagen + 20 });
    const changed = new PgDashboard(
      pg.db,
      store.storage.ids,
      {
        organisations: (code) => store.organisation(code),
        combiName: (code) => store.combi(code)?.name,
        comparableStarts: (combi, kind, now) => store.comparableStarts(combi, kind, now),
      },
      { ...content, steps },
    );
    const later = await changed.figures(scope, f, NOW);
    const overdue = (x: typeof current) => x.adherence.find((r) => r.step === 'intake' && !r.organisation)?.overdue ?? 0;
    expect(overdue(later)).toBeLessThan(overdue(current));
  });

  it('keeps no facts of an aanvraag that is deleted', async () => {
    const [source] = await pg.db.select().from(pgSchema.requests).limit(1);
    if (!source) throw new Error('no aanvragen');
    const state = { ...(source.state as RequestState), number: 'MA-2026-9900001' };
    const [added] = await pg.db
      .insert(pgSchema.requests)
      .values({ ...source, id: undefined, number: state.number, state })
      .returning({ id: pgSchema.requests.id });
    if (!added) throw new Error('not added');
    await dashboard.warm();
    expect(
      await pg.db.select().from(pgSchema.dashboardFacts).where(eq(pgSchema.dashboardFacts.requestId, added.id)),
    ).toHaveLength(1);
    await pg.db.delete(pgSchema.requests).where(eq(pgSchema.requests.id, added.id));
    expect(await pg.db.select().from(pgSchema.dashboardFacts).where(eq(pgSchema.dashboardFacts.requestId, added.id))).toEqual([]);
  });
});
