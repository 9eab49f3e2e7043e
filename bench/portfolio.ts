/**
 * The portfolio of a business applicant's project with 300 addresses (issue 16.1, Figures): a
 * member of the busiest demo builder opens the overview of its largest project again and again.
 * Timed is what the page asks the server for (api/site-context.ts portfolio: the session, the
 * member's access, the project's rows by KvK number and project, what each row shows and the
 * sums), in this process, without the HTML around it. The whole organisation's overview (all its
 * projects, thousands of aanvragen) is timed beside it and reported, not judged.
 *
 * A database built before the demo had project codes holds none: then the 300 aanvragen of one
 * project of the busiest builder (demo/generator.ts demoBuilderOf) are added once, through the
 * real ingestion path, beyond the generator indices in use. It registers the builder's
 * organisation with one bench member. `npm run bench` puts it in its JSON as `portfolioP99Ms`;
 * alone, on any seeded SQLite database:
 *
 *   node bench/portfolio.ts data/bench.sqlite
 */
import { createSession } from '../api/auth/sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { siteContext } from '../api/site-context.ts';
import type { Store } from '../api/storage/store.ts';
import { DEMO_BUILDERS, DEMO_PROJECT_BLOCK, demoBuilderOf, generateRequest } from '../demo/generator.ts';
import { loadContent } from '../domain/content.ts';
import { message } from '../domain/messages.ts';
import { percentile } from './load.ts';

export const GOAL_PORTFOLIO_P99_MS = 150;
const PROJECT_SIZE = 300;
const BENCH_MEMBER = 'bench-portfolio';

export type PortfolioFigures = {
  kvk: string;
  project: string;
  aanvragen: number;
  /** Aanvragen of the whole organisation, and the p50 of its overview over all projects. */
  organisationAanvragen: number;
  organisationP50: number;
  /** The first view, which reads the states of the project. */
  firstMs: number;
  p50: number;
  p99: number;
  max: number;
  views: number;
  /** Aanvragen this run added (a database built before project codes). */
  added: number;
  withinGoal: boolean;
};

/** The largest project of the demo builders: builder, code and size. */
async function largestProject(store: Store) {
  let best = { kvk: '', project: '', aanvragen: 0, all: 0 };
  for (const b of DEMO_BUILDERS) {
    const projects = await store.applicantOrganisations.projects(b.kvk);
    const all = projects.reduce((sum, p) => sum + p.aanvragen, 0);
    for (const p of projects)
      if (p.project !== null && p.aanvragen > best.aanvragen)
        best = { kvk: b.kvk, project: p.project, aanvragen: p.aanvragen, all };
  }
  return best;
}

/** Adds one full project of the first demo builder, in the first block beyond the indices in use. */
async function addProject(store: Store, now: Date): Promise<number> {
  const numbers = await store.sampleRequestNumbers(1_000_000_000);
  // The highest generator index in use (aanvraagnummer MA-2026-0000001 is index 0).
  const used = numbers.reduce((max, n) => Math.max(max, Number(/^MA-2026-(\d{7})$/.exec(n)?.[1] ?? 0) - 1), -1);
  const block = Math.ceil((used + 1) / DEMO_PROJECT_BLOCK);
  const builder = DEMO_BUILDERS[0];
  const indices: number[] = [];
  for (let i = block * DEMO_PROJECT_BLOCK; i < (block + 1) * DEMO_PROJECT_BLOCK; i++)
    if (demoBuilderOf(i)?.kvk === builder.kvk) indices.push(i);
  for (let start = 0; start < indices.length; start += 50) {
    const entries = indices.slice(start, start + 50).flatMap((i) =>
      generateRequest(i, now).map((m) => {
        const sender = store.organisation(m.sender);
        if (!sender) throw new Error(`demo organisation ${m.sender} is missing`);
        return { sender, message: message.parse(m.message) };
      }),
    );
    const refused = (await store.ingest(entries, { notify: false })).find((r) => r.result === 'rejected');
    if (refused) throw new Error(`demo message ${refused.id} was refused`);
  }
  return indices.length;
}

export async function portfolioTimes(
  file: string,
  { views = 200, now = new Date(), log = () => {} }: { views?: number; now?: Date; log?: (line: string) => void } = {},
): Promise<PortfolioFigures> {
  const content = loadContent();
  const store = openSqliteStore(file, { content });
  try {
    let largest = await largestProject(store);
    let added = 0;
    if (largest.aanvragen < PROJECT_SIZE) {
      log(`  portfolio: no project of ${PROJECT_SIZE} addresses in ${file}; adding one through the ingestion path (once)`);
      added = await addProject(store, now);
      largest = await largestProject(store);
    }
    const builder = DEMO_BUILDERS.find((b) => b.kvk === largest.kvk);
    if (!builder) throw new Error('no demo builder with a project');
    const member = `${BENCH_MEMBER}@${builder.domain}`;
    const organisations = store.applicantOrganisations;
    if (!(await organisations.organisation(builder.kvk))) await organisations.register(builder.kvk, builder.domain, member, now);
    else await organisations.addMember(builder.kvk, member, member, now);
    const { token } = await createSession(store.access, member, now);
    const cookie = `traject_sessie=${token}`;
    log(
      `  portfolio: ${builder.name} (${builder.kvk}), project ${largest.project} of ${largest.aanvragen} aanvragen, ${largest.all.toLocaleString('en-US')} in all`,
    );
    const view = async (query: Record<string, string>) => {
      const { context } = await siteContext(store, content, new Map(), cookie);
      const answer = await context.portfolio(builder.kvk, query);
      if (!answer.ok) throw new Error(`portfolio answered ${answer.status}`);
      return answer;
    };
    const project = { project: largest.project, sorteer: 'adres' };
    // The first view reads every state of the project; later ones only those written since (api/core/portfolio.ts).
    const t0 = performance.now();
    await view(project);
    const firstMs = performance.now() - t0;
    for (let i = 0; i < 20; i++) await view(project); // warm-up: statements prepared, JIT settled
    const times: number[] = [];
    for (let i = 0; i < views; i++) {
      const start = performance.now();
      await view(project);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const whole: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await view({});
      whole.push(performance.now() - start);
    }
    whole.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    const p99 = percentile(times, 0.99);
    return {
      kvk: builder.kvk,
      project: largest.project,
      aanvragen: largest.aanvragen,
      organisationAanvragen: largest.all,
      organisationP50: round(percentile(whole, 0.5)),
      firstMs: Math.round(firstMs),
      p50: round(percentile(times, 0.5)),
      p99: round(p99),
      max: round(times.at(-1) ?? Number.NaN),
      views,
      added,
      withinGoal: p99 <= GOAL_PORTFOLIO_P99_MS,
    };
  } finally {
    await store.close();
  }
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/portfolio.ts <sqlite file>');
  const figures = await portfolioTimes(file, { log: (line) => console.error(line) });
  console.log(JSON.stringify({ portfolioP99Ms: figures.p99, ...figures }));
}
