/**
 * npm test's report of a norm change (docs/decisions/0035-norm-impact.md): when content/stappen.yaml
 * differs from its version on the main line, a demo database is seeded as a portal on that
 * version would have it (its norms recorded at start), and the impact report of the file on disk
 * is printed, so a reviewer of the change sees what it does. Prints one line otherwise.
 *
 * The base: the last commit (HEAD) while the file has uncommitted changes; on a branch, where it
 * left the main line (merge-base with origin/main or main); on the main line itself, the commit
 * before (HEAD^1, the main line's previous state also after a merge).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normImpactReport, normImpactText, normsToRecord } from '../api/core/norm-impact.ts';
import { openStore } from '../api/core/open-store.ts';
import { openNormImpactReader } from '../api/storage/norm-impact-reader.ts';
import { seedDirectory, seedRequests } from '../demo/seed.ts';
import { type Content, loadContent } from '../domain/content.ts';
import { contentWith } from '../domain/content-fixture.ts';

const FILE = 'content/stappen.yaml';

function git(root: string, args: string[]): string | undefined {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The commit to compare content/stappen.yaml with, and why; undefined when there is none (no git, a shallow clone). */
export function comparisonBase(root: string): { commit: string; why: string } | undefined {
  const head = git(root, ['rev-parse', 'HEAD']);
  if (!head) return undefined;
  if (git(root, ['diff', '--quiet', 'HEAD', '--', FILE]) === undefined) return { commit: head, why: 'de laatste commit (HEAD)' };
  for (const main of ['origin/main', 'main']) {
    const base = git(root, ['merge-base', 'HEAD', main]);
    if (base && base !== head) return { commit: base, why: `waar deze tak van ${main} afsplitst` };
    if (base) break;
  }
  const previous = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^1']);
  return previous ? { commit: previous, why: 'de commit hiervoor op de hoofdlijn (HEAD^1)' } : undefined;
}
/** The impact report of `onDisk` on a fresh demo database whose portal served `inUse`. */
export async function demoNormImpact(inUse: Content, onDisk: Content, count: number, now = new Date()): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'traject-normwijziging-'));
  const where = { DATABASE_FILE: join(dir, 'demo.sqlite') };
  try {
    const store = await openStore(where, { content: inUse });
    try {
      await seedDirectory(store);
      await seedRequests(store, { count, now });
      const recorded = normsToRecord(inUse);
      await store.norms.record(recorded.version, recorded.norms, now);
    } finally {
      await store.close();
    }
    const reader = await openNormImpactReader(where);
    try {
      if (!reader.storage) throw new Error('the demo database has no norms_in_use');
      const report = await normImpactReport(reader.storage, onDisk, (code) => reader.organisations.get(code), now);
      return normImpactText(report);
    } finally {
      await reader.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What npm test prints: the report when the repository at `root` changed content/stappen.yaml, else one line. */
export async function reportForReviewer(root: string, count: number, now = new Date()): Promise<string> {
  const base = comparisonBase(root);
  const before = base && git(root, ['show', `${base.commit}:${FILE}`]);
  if (!base || before === undefined)
    return `${FILE}: geen eerdere versie gevonden om mee te vergelijken (geen git, of een ondiepe kloon: haal meer geschiedenis op).`;
  const where = `${base.why} (${base.commit.slice(0, 10)})`;
  if (before === readFileSync(join(root, FILE), 'utf8').trim()) return `${FILE} is gelijk aan ${where}: geen normwijziging.`;
  const oldDir = contentWith({ 'stappen.yaml': `${before}\n` });
  try {
    const report = await demoNormImpact(loadContent(oldDir), loadContent(join(root, 'content')), count, now);
    return `${FILE} wijkt af van ${where}. Gevolgen op ${count} demo-aanvragen:\n\n${report}`;
  } finally {
    rmSync(oldDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const started = performance.now();
  console.log(await reportForReviewer(join(import.meta.dirname, '..'), Number(process.env.NORM_IMPACT_DEMO_REQUESTS ?? 600)));
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
