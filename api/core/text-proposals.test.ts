/**
 * Text proposals against a real git repository: a temporary one with a copy of content/, never
 * the project's own. A refused edit writes nothing anywhere; an accepted one is exactly one
 * commit on a new branch, and the working tree, the index and main stay as they were.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../domain/content.ts';
import { type TextProposals, textProposals } from './text-proposals.ts';

const EDITOR = { name: 'Petra de Vries', email: 'petra@traject.example' };
const FAQ = 'vragen/kosten.yaml';
const QUESTION = 'Wat als ik de offerte niet op tijd goedkeur?';

let root: string;
let repo: string;
let content: string;
let reviewDir: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'traject-proposals-test-'));
  repo = join(root, 'repo');
  content = join(repo, 'content');
  reviewDir = join(root, 'review');
  cpSync(DEFAULT_CONTENT_DIR, content, { recursive: true });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '--quiet', '-m', 'content');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** What nothing may change: main, HEAD, the index and the working tree. */
const untouched = () => ({
  main: git('rev-parse', 'main'),
  head: git('symbolic-ref', 'HEAD'),
  status: git('status', '--porcelain'),
});

function faqEntry(proposals: TextProposals) {
  const entry = proposals.entries().find((e) => e.file === FAQ && e.values.vraag === QUESTION);
  if (!entry) throw new Error('test question not found');
  return entry;
}

/** Proposes the test question with some fields typed anew, as the form sends it. */
function proposeFaq(proposals: TextProposals, typed: Record<string, string>, version?: string) {
  const entry = faqEntry(proposals);
  return proposals.propose(
    { file: FAQ, index: entry.index, version: version ?? entry.version, typed: { ...entry.values, ...typed } },
    EDITOR,
    new Date('2026-12-01T10:00:00Z'),
  );
}

describe('text proposals in a git checkout', () => {
  it('refuses an edit the content check refuses, with its message, and writes nothing', async () => {
    const proposals = textProposals({ contentDir: content, reviewDir });
    const before = untouched();
    const result = await proposeFaq(proposals, { antwoord: 'Dat duurt 5 werkdagen.' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('content/vragen/kosten.yaml klopt niet');
    expect(result.message).toContain('noemt een aantal werkdagen');
    expect(result.message).not.toContain(tmpdir());
    expect(git('for-each-ref', 'refs/heads/')).not.toContain('tekstvoorstel');
    expect(untouched()).toEqual(before);
    expect(existsSync(reviewDir)).toBe(false);
    expect(await proposals.open()).toEqual([]);
  });

  it('refuses what only the check across files sees: a term that is already there', async () => {
    const proposals = textProposals({ contentDir: content, reviewDir });
    const entry = proposals.entries().find((e) => e.kind === 'begrippen' && e.values.term === 'Combi');
    if (!entry) throw new Error('term not found');
    const result = await proposals.propose(
      { file: 'begrippen.yaml', index: entry.index, version: entry.version, typed: { ...entry.values, term: 'Aanvraag' } },
      EDITOR,
    );
    expect(result).toEqual({ ok: false, message: expect.stringContaining('"Aanvraag" staat er al eerder in') });
    expect(git('for-each-ref', 'refs/heads/')).not.toContain('tekstvoorstel');
  });

  it('writes a valid edit as one commit on a new branch: exactly the change, main and the working tree untouched', async () => {
    const proposals = textProposals({ contentDir: content, reviewDir });
    const before = untouched();
    const original = readFileSync(join(content, FAQ), 'utf8');
    const result = await proposeFaq(proposals, { vraag: 'Wat als ik de offerte te laat goedkeur?' });
    expect(result).toEqual({
      ok: true,
      proposal: { name: 'tekstvoorstel/petra-de-vries/vragen-kosten-wat-als-ik-de-offerte-niet', where: 'git' },
    });
    if (!result.ok) return;
    const branch = result.proposal.name;
    expect(untouched()).toEqual(before);
    expect(readFileSync(join(content, FAQ), 'utf8')).toBe(original);
    // One commit on main, one file, exactly the one line.
    expect(git('rev-list', '--count', `main..${branch}`)).toBe('1');
    expect(git('rev-parse', `${branch}^`)).toBe(before.main);
    expect(git('diff', '--name-only', 'main', branch)).toBe('content/vragen/kosten.yaml');
    expect(`${git('show', `${branch}:content/${FAQ}`)}\n`).toBe(
      original.replace(`- vraag: ${QUESTION}`, '- vraag: Wat als ik de offerte te laat goedkeur?'),
    );
    expect(git('log', '-1', '--format=%an <%ae>|%s', branch)).toBe(
      `Petra de Vries <petra@traject.example>|Tekstvoorstel: ${QUESTION} (vragen/kosten.yaml)`,
    );
    // Listed as open; a second proposal for the same text gets a branch of its own.
    const open = await proposals.open();
    expect(open.map((p) => p.name)).toEqual([branch]);
    expect(open[0]?.diff).toContain('+  - vraag: Wat als ik de offerte te laat goedkeur?');
    const again = await proposeFaq(proposals, { vraag: 'Te laat goedgekeurd?' });
    expect(again.ok && again.proposal.name).toBe(`${branch}-2`);
    // Once merged into main, a proposal is no longer open.
    git('merge', '--quiet', '--ff-only', branch);
    expect((await proposals.open()).map((p) => p.name)).toEqual([`${branch}-2`]);
  });

  it('refuses a save against a text that changed since the form showed it', async () => {
    const proposals = textProposals({ contentDir: content, reviewDir });
    const result = await proposeFaq(proposals, { vraag: 'Te laat?' }, '00000000');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('intussen gewijzigd') });
  });
});

describe('text proposals outside a git checkout', () => {
  it('writes a patch file to the review folder that git applies to exactly the change', async () => {
    const proposals = textProposals({ contentDir: content, reviewDir, useGit: false });
    const original = readFileSync(join(content, FAQ), 'utf8');
    const result = await proposeFaq(proposals, { 'en.vraag': 'What if I approve the quote late?' });
    expect(result.ok && result.proposal.where).toBe('map');
    expect(readdirSync(reviewDir)).toEqual(['20261201T100000-petra-de-vries-vragen-kosten-wat-als-ik-de-offerte-niet.patch']);
    expect(git('status', '--porcelain')).toBe('');
    git('am', '--quiet', join(reviewDir, readdirSync(reviewDir)[0] as string));
    expect(git('log', '-1', '--format=%an', 'HEAD')).toBe('Petra de Vries');
    // Only the English question's line changes.
    const before = 'vraag: What if I do not accept the quote in time?';
    expect(original.split(before)).toHaveLength(2);
    expect(readFileSync(join(content, FAQ), 'utf8')).toBe(original.replace(before, 'vraag: What if I approve the quote late?'));
    expect((await proposals.open()).map((p) => p.subject)).toEqual([`Tekstvoorstel: ${QUESTION} (vragen/kosten.yaml)`]);
  });
});
