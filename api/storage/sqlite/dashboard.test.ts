/**
 * What is SQLite's own in its dashboard: the facts per aanvraag are kept in memory and stored in
 * dashboard_facts, each row naming the content and the change position it was computed from. A
 * server started later reads them instead of folding every state, and computes again only those
 * whose aanvraag was written since (by any writer) or whose content differs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory, seedRequests } from '../../../demo/seed.ts';
import { dutchDate } from '../../../domain/calendar.ts';
import { type Content, loadContent } from '../../../domain/content.ts';
import { type DashboardFigures, parseDashboardFilters } from '../../../domain/dashboard-metrics.ts';
import type { Message } from '../../../domain/messages.ts';
import { scopeOf } from '../../../domain/staff.ts';
import { openSqliteStore, type SqliteStore } from '../../core/open-store.ts';
import { factsFingerprint } from '../dashboard-facts.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const content = loadContent();
const COUNT = 150;

let file: string;
/** The first server, and a plain connection to the same file (as another process). */
let store: SqliteStore;
let raw: Database.Database;

const filters = () => {
  const parsed = parseDashboardFilters({}, dutchDate(NOW));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.filters;
};

const scopeOfPlatform = (s: SqliteStore) => {
  const org = s.organisation('traject');
  if (!org) throw new Error('no platform');
  return scopeOf(org, s.combiCodes(), s);
};

/** The figures of a server started now on the same file, with this content. */
async function restartedFigures(withContent: Content = content): Promise<DashboardFigures> {
  const restarted = openSqliteStore(file, { content: withContent });
  try {
    return await restarted.dashboard.figures(scopeOfPlatform(restarted), filters(), NOW);
  } finally {
    await restarted.close();
  }
}

type StoredRow = { request_id: number; source: string; facts: string | null; change_position: number };
/** A submitted aanvraag, neither cancelled nor delivered, by its stored facts (the encoded array's fields 5 and 6). */
function runningAanvraag(): StoredRow & { facts: string; number: string } {
  for (const row of stored()) {
    const encoded = row.facts === null ? undefined : (JSON.parse(row.facts) as unknown[]);
    if (encoded && encoded[5] === 0 && encoded[6] === null)
      return { ...row, facts: row.facts as string, number: encoded[0] as string };
  }
  throw new Error('no running aanvraag');
}

const stored = () =>
  raw
    .prepare(
      `select f.request_id, f.source, f.facts, r.change_position
       from dashboard_facts f join requests r on r.id = f.request_id order by f.request_id`,
    )
    .all() as StoredRow[];

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'traject-dashboard-')), 'traject.sqlite');
  store = openSqliteStore(file, { content });
  await seedDirectory(store);
  await seedRequests(store, { count: COUNT, now: NOW });
  raw = new Database(file);
}, 60_000);

afterAll(async () => {
  raw.close();
  await store.close();
});

describe('the dashboard facts SQLite stores', () => {
  it('are stored by the first view, one row per aanvraag naming the content and its change position', async () => {
    expect(stored()).toEqual([]);
    const figures = await store.dashboard.figures(scopeOfPlatform(store), filters(), NOW);
    const rows = stored();
    expect(rows.length).toBe((raw.prepare('select count(*) from requests').pluck().get() as number) ?? 0);
    const fingerprint = factsFingerprint(content);
    for (const row of rows) expect(row.source).toBe(`${fingerprint}:${row.change_position}`);
    expect(rows.filter((r) => r.facts !== null).length).toBe(figures.requests.total);
  });

  it('are what a server started later reads, instead of every state', async () => {
    const before = await store.dashboard.figures(scopeOfPlatform(store), filters(), NOW);
    expect(await restartedFigures()).toEqual(before);
    // Proof that they are read: one stored fact says "cancelled" while its state does not. The
    // restarted server counts it; nothing else would.
    const running = runningAanvraag();
    const encoded = JSON.parse(running.facts) as unknown[];
    encoded[5] = 1;
    raw.prepare('update dashboard_facts set facts = ? where request_id = ?').run(JSON.stringify(encoded), running.request_id);
    expect((await restartedFigures()).requests.cancelled).toBe(before.requests.cancelled + 1);
    raw.prepare('update dashboard_facts set facts = ? where request_id = ?').run(running.facts, running.request_id);
  });

  it('are computed again where the aanvraag was written since, stored older, or computed with other content', async () => {
    const scope = scopeOfPlatform(store);
    const { number } = runningAanvraag();
    const sender = store.organisation('netbeheer-zuid');
    if (!sender) throw new Error('no sender');
    // A message this server takes in: its next view and a later server both count it.
    const before = await store.dashboard.figures(scope, filters(), NOW);
    const [result] = await store.ingest([
      {
        sender,
        message: {
          id: `${number}-cancel`,
          type: 'request_cancelled',
          requestNumber: number,
          occurredAt: '2026-11-19T10:00:00+01:00',
          reason: 'Test',
        } as Message,
      },
    ]);
    expect(result?.result).toBe('accepted');
    const after = await store.dashboard.figures(scope, filters(), NOW);
    expect(after.requests.cancelled).toBe(before.requests.cancelled + 1);
    expect(await restartedFigures()).toEqual(after);
    // A row stored from an older version of its aanvraag is not trusted.
    raw
      .prepare(
        "update dashboard_facts set source = 'older', facts = null where request_id = (select min(request_id) from dashboard_facts)",
      )
      .run();
    expect(await restartedFigures()).toEqual(after);
    expect(stored().every((r) => r.source.endsWith(`:${r.change_position}`))).toBe(true);
    // A norm changed in the content: every fact is computed again with it, and stored so.
    const steps = new Map(content.steps);
    const intake = steps.get('intake');
    if (!intake?.werkdagen) throw new Error('no intake norm');
    steps.set('intake', { ...intake, werkdagen: intake.werkdagen + 20 });
    const changed: Content = { ...content, steps };
    const overdue = (f: DashboardFigures) => f.adherence.find((r) => r.step === 'intake' && !r.organisation)?.overdue ?? 0;
    expect(overdue(await restartedFigures(changed))).toBeLessThan(overdue(after));
    const fingerprint = factsFingerprint(changed);
    expect(stored().every((r) => r.source === `${fingerprint}:${r.change_position}`)).toBe(true);
  });

  it('keep no row of an aanvraag that is deleted', async () => {
    // A copy of an aanvraag under another number, written as every writer does: a new change position.
    const { id } = raw
      .prepare(
        `insert into requests (number, combi_id, kind, phase, submitted_at, updated_at, state, change_position)
         select 'MA-2026-9900001', combi_id, kind, phase, submitted_at, updated_at, state,
                (select max(change_position) + 1 from requests)
         from requests where id = (select min(id) from requests) returning id`,
      )
      .get() as { id: number };
    await store.dashboard.warm();
    expect(stored().some((r) => r.request_id === id)).toBe(true);
    raw.pragma('foreign_keys = ON');
    raw.prepare('delete from requests where id = ?').run(id);
    expect(stored().some((r) => r.request_id === id)).toBe(false);
  });
});
