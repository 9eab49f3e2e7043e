/**
 * npm test prints the impact of a changed content/stappen.yaml for the reviewer (issue 17,
 * item 3): in a scratch git repository, the report appears while the file is edited, on the
 * branch that changes it, and on the main line right after the merge, and one quiet line otherwise.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../domain/content.ts';
import { reportForReviewer } from './norm-impact-demo.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const COUNT = 60;
let root: string;
const git = (...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};
const STEPS = () => join(root, 'content', 'stappen.yaml');
const PLANNING = /(- id: plangesprek\n(?: {2}.*\n)*? {2}werkdagen: )(\d+)/;
let days: number;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'traject-normwijziging-git-'));
  cpSync(DEFAULT_CONTENT_DIR, join(root, 'content'), { recursive: true });
  days = Number(PLANNING.exec(readFileSync(STEPS(), 'utf8'))?.[2]);
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'content');
  writeFileSync(join(root, 'README.md'), 'iets anders\n');
  git('add', '.');
  git('commit', '-qm', 'readme');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const changed = () => `plangesprek: ${days} werkdagen → ${days - 1} werkdagen`;

describe('the report of a norm change in npm test', () => {
  it('says nothing changed on the main line when the last commit left the file alone', async () => {
    const text = await reportForReviewer(root, COUNT, NOW);
    expect(text).toMatch(/^content\/stappen\.yaml is gelijk aan de commit hiervoor op de hoofdlijn \(HEAD\^1\)/);
  });

  it('prints the report while the file is edited, on the branch, and on main after the merge', async () => {
    git('checkout', '-q', '-b', 'kcm1-korter');
    writeFileSync(
      STEPS(),
      readFileSync(STEPS(), 'utf8').replace(PLANNING, (_, head) => `${head}${days - 1}`),
    );
    const editing = await reportForReviewer(root, COUNT, NOW);
    expect(editing).toContain('wijkt af van de laatste commit (HEAD)');
    expect(editing).toContain(changed());
    expect(editing).toMatch(/\d+ van \d+ lopende aanvragen krijgen een andere uiterste datum/);
    expect(editing).toMatch(/: [1-9]\d* eerder, 0 later/);

    git('commit', '-qam', 'KCM 1 een dag korter');
    git('commit', '-q', '--allow-empty', '-m', 'nog iets');
    const branch = await reportForReviewer(root, COUNT, NOW);
    expect(branch).toContain('waar deze tak van main afsplitst');
    expect(branch).toContain(changed());

    git('checkout', '-q', 'main');
    git('merge', '-q', '--no-ff', '-m', 'merge', 'kcm1-korter');
    const merged = await reportForReviewer(root, COUNT, NOW);
    expect(merged).toContain('wijkt af van de commit hiervoor op de hoofdlijn (HEAD^1)');
    expect(merged).toContain(changed());
  });
});
