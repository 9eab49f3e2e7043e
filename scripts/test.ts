/**
 * npm test: every check a change must pass, in order, with progress and timings — the impact of a
 * changed content/stappen.yaml on the demo data (printed for the reviewer), lint and format
 * (Biome), types (tsc), unit and HTTP tests (Vitest, with a throwaway PostgreSQL), browser tests
 * (Playwright in Chromium). Ends with one line "N passed, N failed" over all tests.
 * First it installs what the tests need from Debian and the machine lacks (scripts/system-packages.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopOnContentProblems } from '../site/integrations/content-check.ts';
import { ensureSystemPackages } from './system-packages.ts';

// A broken content file stops here with the editor's message, not under a pile of failing tests.
stopOnContentProblems();
if (!ensureSystemPackages()) process.exit(1);

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');
// Not test-results/: Playwright empties that folder when it starts.
const REPORTS = join(ROOT, 'reports');
mkdirSync(REPORTS, { recursive: true });
for (const report of ['vitest.json', 'playwright.json', 'playwright-voorbeeld.json'])
  rmSync(join(REPORTS, report), { force: true });

type Step = { name: string; command: string; args: string[]; env?: Record<string, string> };
const steps: Step[] = [
  // For the reviewer of a norm change: what it does to the due dates of the demo aanvragen (decision 0035).
  { name: 'Gevolgen van een normwijziging (content/stappen.yaml)', command: 'node', args: ['scripts/norm-impact-demo.ts'] },
  { name: 'Lint en opmaak (Biome)', command: 'biome', args: ['check', '.'] },
  // astro sync writes the types of `astro:content` (.astro/), which tsc needs on a fresh clone.
  { name: 'Astro-types (astro sync)', command: 'astro', args: ['sync'] },
  { name: 'Types (tsc)', command: 'tsc', args: ['-p', '.'] },
  {
    name: 'Unit- en HTTP-tests (Vitest)',
    command: 'vitest',
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(REPORTS, 'vitest.json')}`],
  },
  {
    name: 'Browsertests (Playwright, Chromium)',
    command: 'playwright',
    args: ['test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(REPORTS, 'playwright.json') },
  },
  {
    name: 'Voorbeeld voor redacteuren (Playwright, astro dev)',
    command: 'playwright',
    args: ['test', '-c', 'e2e/preview/playwright.config.ts', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(REPORTS, 'playwright-voorbeeld.json') },
  },
];

const only = process.argv.slice(2);
let failedSteps = 0;
for (const [i, step] of steps.entries()) {
  if (only.length && !only.some((o) => step.command.includes(o))) continue;
  console.log(`\n▶ ${i + 1}/${steps.length} ${step.name}`);
  const start = performance.now();
  const result = spawnSync(join(BIN, step.command), step.args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  if (result.status === 0) console.log(`✔ ${step.name} (${seconds} s)`);
  else {
    failedSteps++;
    console.log(`✘ ${step.name} mislukt (${seconds} s)`);
  }
}

type Flaky = { name: string; firstError: string };
type PlaywrightSuite = {
  title: string;
  specs?: { title: string; tests: { status: string; results: { error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSuite[];
};

/** Counts over the reports, and the tests that passed only when tried again (CI retries once). */
function counts(): { passed: number; failed: number; flaky: Flaky[] } {
  let passed = 0;
  let failed = 0;
  const flaky: Flaky[] = [];
  // The error's first lines without colours: enough to tell a slow machine from a real fault.
  const firstLine = (text = '') =>
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's colour codes
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .slice(0, 3)
      .join(' · ');
  const vitest = join(REPORTS, 'vitest.json');
  if (existsSync(vitest)) {
    const v = JSON.parse(readFileSync(vitest, 'utf8'));
    passed += v.numPassedTests ?? 0;
    failed += v.numFailedTests ?? 0;
    for (const file of v.testResults ?? [])
      for (const test of file.assertionResults ?? [])
        if (test.status === 'passed' && test.failureMessages?.length)
          flaky.push({
            name: `${file.name.slice(ROOT.length + 1)} › ${test.fullName}`,
            firstError: firstLine(test.failureMessages[0]),
          });
  }
  for (const report of ['playwright.json', 'playwright-voorbeeld.json']) {
    const pw = join(REPORTS, report);
    if (!existsSync(pw)) continue;
    const p = JSON.parse(readFileSync(pw, 'utf8'));
    passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
    failed += p.stats?.unexpected ?? 0;
    const walk = (suite: PlaywrightSuite, path: string[]) => {
      for (const spec of suite.specs ?? [])
        for (const test of spec.tests)
          if (test.status === 'flaky')
            flaky.push({ name: [...path, spec.title].join(' › '), firstError: firstLine(test.results[0]?.error?.message) });
      for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
    };
    for (const suite of p.suites ?? []) walk(suite, [suite.title]);
  }
  return { passed, failed, flaky };
}

const { passed, failed, flaky } = counts();
// A retry that passed is not a pass to forget: each one is named, to be made steady.
if (flaky.length) {
  console.log(`\n${flaky.length} test(s) passed only on their retry:`);
  for (const f of flaky) console.log(`  ↻ ${f.name}\n      first try: ${f.firstError}`);
}
console.log(`\n${passed} passed, ${failed + (failed === 0 ? failedSteps : 0)} failed`);
process.exit(failedSteps > 0 ? 1 : 0);
