/**
 * Text proposals (decision 0036): a content editor's change to a FAQ question, term, phase or
 * contact moment, checked by the build's own content check on the whole content folder as it
 * would be, and kept for review — never written into the content the portal runs on.
 *
 * In a git checkout a proposal is one commit on a branch of its own (`tekstvoorstel/<editor>/<text>`),
 * made with git's plumbing: the working tree, the index and every other branch stay as they are.
 * Elsewhere it is a patch file (git format-patch style) in a review folder.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { contentFiles } from '../../domain/content.ts';
import { applyChanges, changesOf, entriesOf, kindOfFile, slug, type TextEntry, unifiedDiff } from '../../domain/text-editing.ts';
import { checkContent } from '../../site/integrations/content-check.ts';

const run = promisify(execFile);

export type Editor = { name: string; email: string };
export type Proposal = { name: string; author: string; date: string; subject: string; diff: string };
export type ProposalResult =
  | { ok: true; proposal: { name: string; where: 'git' | 'map' } }
  /** The content check's message, or why the edit cannot be saved; nothing was written. */
  | { ok: false; message: string };

export type TextProposalsOptions = {
  contentDir: string;
  /** The review folder for patch files when the portal does not run from a git checkout. */
  reviewDir: string;
  /** False: always patch files, even in a git checkout. */
  useGit?: boolean;
};

export type TextProposals = ReturnType<typeof textProposals>;

const BRANCHES = 'refs/heads/tekstvoorstel/';
/** Who writes the commit: the editor is its author, the portal its committer. */
const COMMITTER = { GIT_COMMITTER_NAME: 'Traject beheer', GIT_COMMITTER_EMAIL: 'beheer@traject.invalid' };

export function textProposals({ contentDir, reviewDir, useGit = true }: TextProposalsOptions) {
  // Run from the content folder until the checkout's root is known; paths in the index are the root's.
  let cwd = contentDir;
  const git = async (args: string[], env: Record<string, string> = {}) =>
    (await run('git', args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 })).stdout;
  /** The checkout's root and the content folder's path in it, or undefined: then patch files. */
  let repo: Promise<{ root: string; prefix: string } | undefined> | undefined;
  const repository = () => {
    repo ??= (async () => {
      if (!useGit) return undefined;
      try {
        const root = (await git(['rev-parse', '--show-toplevel'])).trim();
        await git(['rev-parse', '--verify', 'HEAD^{commit}']);
        cwd = root;
        return { root, prefix: relative(root, contentDir).split('\\').join('/') };
      } catch {
        return undefined;
      }
    })();
    return repo;
  };

  /** Every editable text as the portal shows it now (the files on disk). */
  const entries = (): TextEntry[] =>
    editableFiles(contentDir).flatMap((file) => entriesOf(file, readFileSync(join(contentDir, file), 'utf8')));

  /** The content folder a proposal starts from, copied into `dir`: the last commit in git, else the files on disk. */
  const baseInto = async (dir: string) => {
    const r = await repository();
    if (!r) return cpSync(contentDir, dir, { recursive: true });
    const index = join(dir, '..', 'index');
    const env = { GIT_INDEX_FILE: index };
    await git(['read-tree', `HEAD:${r.prefix}`], env);
    await git(['checkout-index', '--all', `--prefix=${dir}/`], env);
  };

  async function propose(
    edit: { file: string; index: number | undefined; version: string; typed: Record<string, string> },
    editor: Editor,
    now = new Date(),
  ): Promise<ProposalResult> {
    const kind = kindOfFile(edit.file);
    if (!kind) return { ok: false, message: 'Deze tekst kan hier niet worden gewijzigd.' };
    const work = mkdtempSync(join(tmpdir(), 'traject-tekstvoorstel-'));
    try {
      const dir = join(work, 'content');
      await baseInto(dir);
      const path = join(dir, edit.file);
      if (!existsSync(path)) return { ok: false, message: `${edit.file} bestaat niet (meer).` };
      const before = readFileSync(path, 'utf8');
      const entry = entriesOf(edit.file, before).find((e) => e.index === edit.index);
      if (!entry || entry.version !== edit.version)
        return {
          ok: false,
          message:
            'Deze tekst is intussen gewijzigd of voorgesteld anders dan u hem zag. Open hem opnieuw en breng uw wijziging nog eens aan.',
        };
      const changes = changesOf(entry, edit.typed);
      if (!changes.length) return { ok: false, message: 'U heeft niets gewijzigd.' };
      const after = applyChanges(before, changes);
      writeFileSync(path, after);
      // The build's own check, on the whole folder as the proposal would make it: one place for every rule.
      const { error } = checkContent(dir);
      if (error) return { ok: false, message: error.replaceAll(relative(process.cwd(), dir) || '.', 'content') };
      const fields = changes.map((c) => c.label);
      const subject = `Tekstvoorstel: ${entry.label} (${edit.file})`;
      const body = `Gewijzigd: ${fields.join(', ')}.\nVoorgesteld door ${editor.name} <${editor.email}> op /beheer/teksten.`;
      const name = `${slug(editor.name, 30)}/${slug(`${edit.file.replace(/\.ya?ml$/, '')}-${entry.label}`)}`;
      const r = await repository();
      if (r)
        return {
          ok: true,
          proposal: { name: await commit(r.prefix, edit.file, path, name, subject, body, editor, now), where: 'git' },
        };
      const file = unifiedDiff(`content/${edit.file}`, before, after);
      return { ok: true, proposal: { name: writePatch(reviewDir, name, subject, body, file, editor, now), where: 'map' } };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** One commit on a new branch from HEAD: the new file as a blob, a tree from a scratch index, the ref last. */
  async function commit(
    prefix: string,
    file: string,
    path: string,
    name: string,
    subject: string,
    body: string,
    editor: Editor,
    now: Date,
  ) {
    const repoPath = prefix ? `${prefix}/${file}` : file;
    const blob = (await git(['hash-object', '-w', `--path=${repoPath}`, path])).trim();
    const mode = (await git(['ls-tree', 'HEAD', '--', repoPath])).split(' ')[0] || '100644';
    const scratch = mkdtempSync(join(tmpdir(), 'traject-index-'));
    try {
      const env = { GIT_INDEX_FILE: join(scratch, 'index') };
      await git(['read-tree', 'HEAD'], env);
      await git(['update-index', '--cacheinfo', `${mode},${blob},${repoPath}`], env);
      const tree = (await git(['write-tree'], env)).trim();
      const date = now.toISOString();
      const made = await git(['commit-tree', tree, '-p', 'HEAD', '-m', subject, '-m', body], {
        ...COMMITTER,
        GIT_AUTHOR_NAME: editor.name,
        GIT_AUTHOR_EMAIL: editor.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
      // A new branch each time: "" as the old value makes git refuse a branch that exists.
      for (let n = 1; n < 100; n++) {
        const branch = n === 1 ? name : `${name}-${n}`;
        try {
          await git(['update-ref', '-m', 'tekstvoorstel', `${BRANCHES}${branch}`, made.trim(), '']);
          return `tekstvoorstel/${branch}`;
        } catch {
          // Taken: try the next number.
        }
      }
      throw new Error(`no free branch name for ${name}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** The proposals not yet taken into HEAD (git), or the patch files still in the review folder. */
  async function open(): Promise<Proposal[]> {
    if (await repository()) {
      const out = await git([
        'for-each-ref',
        '--no-merged=HEAD',
        '--sort=-authordate',
        '--format=%(refname:short)%00%(authorname) <%(authoremail:trim)>%00%(authordate:iso-strict)%00%(contents:subject)',
        BRANCHES,
      ]);
      const rows = out.split('\n').filter(Boolean);
      return Promise.all(
        rows.map(async (row) => {
          const [name = '', author = '', date = '', subject = ''] = row.split('\0');
          return { name, author, date, subject, diff: await git(['diff', `HEAD...${name}`]) };
        }),
      );
    }
    if (!existsSync(reviewDir)) return [];
    return readdirSync(reviewDir)
      .filter((f) => f.endsWith('.patch'))
      .sort()
      .reverse()
      .map((f) => {
        const text = readFileSync(join(reviewDir, f), 'utf8');
        const header = (h: string) => new RegExp(`^${h}: (.*)$`, 'm').exec(text)?.[1] ?? '';
        return {
          name: f,
          author: header('From'),
          date: header('Date'),
          subject: header('Subject').replace(/^\[PATCH\] /, ''),
          diff: text.slice(text.indexOf('diff --git')),
        };
      });
  }

  return { entries, propose, open, where: async () => ((await repository()) ? ('git' as const) : ('map' as const)) };
}

/** The files the page edits, relative to the content folder (drafts left out, as the build does). */
function editableFiles(contentDir: string): string[] {
  return [
    join(contentDir, 'fasen.yaml'),
    join(contentDir, 'begrippen.yaml'),
    ...['vragen', 'contactmomenten'].flatMap((f) => contentFiles(join(contentDir, f))),
  ]
    .filter((f) => existsSync(f))
    .map((f) => relative(contentDir, f).split('\\').join('/'))
    .filter((f) => kindOfFile(f));
}

/** A patch file `git am` takes: mail headers, the message, the diff. */
function writePatch(dir: string, name: string, subject: string, body: string, diff: string, editor: Editor, now: Date): string {
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const base = `${stamp}-${name.replace('/', '-')}`;
  let file = `${base}.patch`;
  for (let n = 2; existsSync(join(dir, file)); n++) file = `${base}-${n}.patch`;
  const mail = [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    `From: ${editor.name} <${editor.email}>`,
    `Date: ${now.toUTCString()}`,
    `Subject: [PATCH] ${subject}`,
    '',
    body,
    '---',
    diff,
  ].join('\n');
  writeFileSync(join(dir, file), mail, { flag: 'wx' });
  return file;
}
