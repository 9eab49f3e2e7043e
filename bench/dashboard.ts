/**
 * The dashboard under measurement: a staff member of the platform (signed in with both factors;
 * the session is made directly in the database, as the tests do) opens /beheer/dashboard over
 * and over, one request at a time. The platform sees both combi areas, so its view counts all
 * 100,000+ aanvragen of the benchmark database: a combi area's dashboard is the same work over
 * fewer (Brabant-Oost holds about 60% of them). The server's own time per page comes
 * from its request log, as for the track & trace page. The first view after a start is
 * reported apart: it reads what the dashboard keeps per aanvraag (docs/decisions/0013-dashboards.md),
 * stored by the server before it, or, on a database without them, computes them from every state.
 */
import Database from 'better-sqlite3';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import { percentile } from './load.ts';
import { cpuMeter, type ServerProcess } from './processes.ts';

export const DASHBOARD_ORGANISATION = 'traject';
export const DASHBOARD_PATH = '/beheer/dashboard';

/** A signed-in (both factors) viewer of the platform: the Cookie header for /beheer. */
export async function dashboardCookie(database: string): Promise<string> {
  const store = openSqliteStore(database);
  try {
    const email = `bench-dashboard@${DASHBOARD_ORGANISATION}.example`;
    return (await staffCookie(store, { organisation: DASHBOARD_ORGANISATION, email, name: 'Bench Dashboard', role: 'viewer' }))
      .cookie;
  } finally {
    await store.close();
  }
}

export type DashboardResult = {
  /** Server time of the first view after the start (reads or builds the per-aanvraag facts). */
  firstMs: number;
  p50: number;
  p99: number;
  max: number;
  /** Measured views (after the first and the warm-up). */
  views: number;
  /** Aanvragen the dashboard counted, from the page itself. */
  aanvragen: number;
  /** Resident memory of the server after the views, in MB. */
  rssMb: number;
  /** CPU share (in cores) of other processes meanwhile; above 0.3 the figures are suspect. */
  otherCpu: number;
};

/**
 * Removes the stored facts of the dashboard (table dashboard_facts) from the benchmark database, so
 * the next server's first view computes them from every state, as after a release that changes them.
 */
export function forgetDashboardFacts(database: string): void {
  const db = new Database(database, { fileMustExist: true });
  try {
    db.exec('delete from dashboard_facts');
  } finally {
    db.close();
  }
}

/** The server time of a server's first view (the log's first dashboard line). */
export async function firstDashboardView(server: ServerProcess, cookie: string, times: number[]): Promise<number> {
  await view(server, cookie);
  await waitForLog(times, 1);
  return times[0] ?? Number.NaN;
}

/** Waits (up to 2 s) until the request log has shown `count` views. */
async function waitForLog(times: number[], count: number): Promise<void> {
  for (let i = 0; i < 100 && times.length < count; i++) await new Promise((r) => setTimeout(r, 20));
}

/** One view; fails loudly unless it is the dashboard with figures. */
async function view(server: ServerProcess, cookie: string): Promise<number> {
  const res = await fetch(`${server.url}${DASHBOARD_PATH}`, { headers: { cookie }, redirect: 'manual' });
  const html = await res.text();
  if (res.status !== 200 || !/<h1[^>]*>Dashboard /.test(html)) {
    throw new Error(`dashboard check failed: HTTP ${res.status} ${html.slice(0, 300)}`);
  }
  const total = /<dt>Aanvragen<\/dt><dd>([\d.]+)<\/dd>/.exec(html)?.[1];
  return Number((total ?? '').replaceAll('.', ''));
}

/** The first view, `warmup` more, then `views` measured ones, one at a time. */
export async function measureDashboard(
  server: ServerProcess,
  cookie: string,
  times: number[],
  { warmup = 5, views = 30 }: { warmup?: number; views?: number } = {},
): Promise<DashboardResult> {
  const firstMs = await firstDashboardView(server, cookie, times);
  for (let i = 0; i < warmup; i++) await view(server, cookie);
  await waitForLog(times, 1 + warmup);
  const meter = cpuMeter(server);
  let aanvragen = 0;
  for (let i = 0; i < views; i++) aanvragen = await view(server, cookie);
  const { otherCpu } = meter();
  await waitForLog(times, 1 + warmup + views);
  const measured = Float64Array.from(times.slice(1 + warmup)).sort();
  return {
    firstMs,
    p50: percentile(measured, 0.5),
    p99: percentile(measured, 0.99),
    max: measured.at(-1) ?? Number.NaN,
    views: measured.length,
    aanvragen,
    rssMb: server.residentMb(),
    otherCpu,
  };
}
