/**
 * A throwaway PostgreSQL server for tests, from Debian's binaries (`apt-get install -y postgresql`):
 * a fresh cluster in a temporary folder, on a free port of 127.0.0.1 with its unix socket in that
 * folder, without fsync (nothing in it needs to survive a power cut), removed at the end.
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
 * Why: docs/decisions/0021-tests-set-up-their-own-services.md.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The line that fixes a machine without PostgreSQL. */
export const POSTGRES_MISSING =
  'PostgreSQL ontbreekt: installeer het met `apt-get install -y postgresql`, of geef een lege database op met TEST_DATABASE_URL=postgres://…';

/** The folder of the newest PostgreSQL in Debian's layout (/usr/lib/postgresql/<version>/bin), if any. */
export function postgresBinDir(root = '/usr/lib/postgresql'): string | undefined {
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  return versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres')));
}

export type PostgresCluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication: loopback only, throwaway). */
  url: string;
  /** Stops the server and keeps its files: an outage. */
  stop: () => Promise<void>;
  /** Starts the stopped server again on the same port. */
  start: () => Promise<void>;
  /** Stops the server and deletes everything. */
  remove: () => Promise<void>;
  /** The process id of the running server (its backends are its children), if it runs. */
  pid: () => number | undefined;
};

type RunAs = { uid: number; gid: number } | undefined;

/** initdb and postgres refuse root: as root, run them as Debian's `postgres` user. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`de gebruiker postgres ontbreekt. ${POSTGRES_MISSING}`);
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a new cluster with the newest PostgreSQL under `root` (Debian's layout). */
export async function startPostgresCluster({ root = '/usr/lib/postgresql' } = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir(root);
  if (!bin) throw new Error(POSTGRES_MISSING);
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'traject-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const spawnOptions = { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C' }, ...user };
  try {
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      { ...spawnOptions, stdio: 'pipe' },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`initdb mislukte: ${stderr || (error as Error).message}`);
  }

  let port = await freePort();
  let server: ChildProcess | undefined;
  const killNow = () => server?.kill('SIGKILL');
  process.once('exit', killNow);

  const start = async () => {
    const log: string[] = [];
    const child = spawn(
      join(bin, 'postgres'),
      // -F: no fsync. The rest: fast, and quiet but for "ready to accept connections" (LOG ranks above WARNING there).
      ['-D', data, '-p', String(port), '-k', dir, '-F', '-c', 'listen_addresses=127.0.0.1', '-c', 'lc_messages=C'].concat(
        ['synchronous_commit=off', 'full_page_writes=off', 'max_connections=300', 'log_min_messages=warning'].flatMap((s) => [
          '-c',
          s,
        ]),
      ),
      { ...spawnOptions, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    server = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail('startte niet binnen 30 s'), 30_000);
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`PostgreSQL ${why}:\n${log.slice(-10).join('')}`));
      };
      const early = (code: number | null) => fail(`stopte bij de start (code ${code})`);
      const read = (chunk: string) => {
        log.push(chunk);
        if (!log.join('').includes('ready to accept connections')) return;
        clearTimeout(timer);
        child.off('exit', early);
        child.stderr?.off('data', read).resume();
        resolve();
      };
      child.once('exit', early);
      child.stderr?.setEncoding('utf8').on('data', read);
    });
  };

  const stop = async () => {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // SIGINT is PostgreSQL's "fast" shutdown: it ends the sessions instead of waiting for them.
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const remove = async () => {
    await stop();
    process.off('exit', killNow);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await start().catch(async () => {
      // Someone took the port in the meantime: once more on another.
      port = await freePort();
      await start();
    });
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    remove,
    pid: () => (server && server.exitCode === null && server.signalCode === null ? server.pid : undefined),
  };
}
