/**
 * The werklijst of the busiest contractor (issue 15, Figures): the contractor whose werklijst
 * holds the most open steps opens it again and again, one view at a time, as a planner (so the
 * applicants' names and phone numbers are read too). Timed is what the page asks the server for
 * (api/staff-portal.ts worklist and contactDetails, the scope in SQL and the dashboard's facts),
 * in this process, without the HTML around it. The first view, which builds the facts of every
 * aanvraag, is reported apart. `npm run bench` puts it in its JSON as `worklistP99Ms`; alone, on
 * any seeded SQLite database (it adds one staff member to it):
 *
 *   node bench/worklist.ts /tmp/wl.sqlite
 */
import { randomBytes } from 'node:crypto';
import { secretBox } from '../api/auth/secret-box.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { type StaffPortal, staffPortal } from '../api/staff-portal.ts';
import { staffCookie } from '../api/testing.ts';
import { DEMO_ORGANISATIONS } from '../demo/directory.ts';
import { loadContent } from '../domain/content.ts';
import { scopeOf } from '../domain/staff.ts';
import { DEFAULT_WORKLIST_DAYS, type WorklistFilters } from '../domain/worklist.ts';
import { percentile } from './load.ts';

export const GOAL_WORKLIST_P99_MS = 100;
const FILTERS: WorklistFilters = { days: DEFAULT_WORKLIST_DAYS, overdueOnly: false };

export type WorklistFigures = {
  organisation: string;
  /** Open steps in its werklijst (the page shows the first 200). */
  steps: number;
  firstMs: number;
  p50: number;
  p99: number;
  max: number;
  views: number;
  withinGoal: boolean;
};

export async function worklistTimes(
  file: string,
  { views = 200, now = new Date(), log = () => {} }: { views?: number; now?: Date; log?: (line: string) => void } = {},
): Promise<WorklistFigures> {
  const store = openSqliteStore(file, { content: loadContent() });
  try {
    const t0 = performance.now();
    await store.dashboard.warm();
    const firstMs = performance.now() - t0;
    // The busiest contractor: the one with the most open steps in its werklijst today.
    let busiest = { code: '', steps: -1 };
    for (const org of DEMO_ORGANISATIONS.filter((o) => o.kind === 'aannemer')) {
      const known = store.organisation(org.code);
      if (!known) continue;
      const list = await store.dashboard.worklist(scopeOf(known, store.combiCodes(), store), FILTERS, now);
      if (list.total > busiest.steps) busiest = { code: org.code, steps: list.total };
    }
    log(
      `  werklijst: ${busiest.code}, ${busiest.steps.toLocaleString('en-US')} open steps; facts built in ${Math.round(firstMs)} ms`,
    );
    const { id } = await staffCookie(store, {
      organisation: busiest.code,
      role: 'planner',
      email: `bench-werklijst@${busiest.code}.example`,
      name: 'Bench Werklijst',
    });
    const signIn = { sessionId: 'bench', staffId: id, twoFactorVerified: true, createdAt: new Date() };
    const portal = (await staffPortal(store, secretBox(randomBytes(32)), signIn)) as StaffPortal;
    const view = async () => {
      const answer = await portal.worklist(FILTERS, now);
      if (!answer.ok) throw new Error(answer.message);
      await portal.contactDetails([...new Set(answer.value.rows.map((r) => r.number))], 'bench');
    };
    for (let i = 0; i < 20; i++) await view(); // warm-up: statements prepared, JIT settled
    const times: number[] = [];
    for (let i = 0; i < views; i++) {
      const start = performance.now();
      await view();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    const p99 = percentile(times, 0.99);
    return {
      organisation: busiest.code,
      steps: busiest.steps,
      firstMs: Math.round(firstMs),
      p50: round(percentile(times, 0.5)),
      p99: round(p99),
      max: round(times.at(-1) ?? Number.NaN),
      views,
      withinGoal: p99 <= GOAL_WORKLIST_P99_MS,
    };
  } finally {
    await store.close();
  }
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/worklist.ts <sqlite file>');
  console.log(JSON.stringify(await worklistTimes(file, { log: (line) => console.error(line) })));
}
