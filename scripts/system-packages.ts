/**
 * What `npm test` needs from Debian beside npm's packages, and how it gets it: as root with
 * apt-get it installs what is missing (saying what and why); otherwise it stops with the one line
 * to run. Why the test command installs: docs/decisions/0021-tests-set-up-their-own-services.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { postgresBinDir } from '../api/storage/testing/postgres-cluster.ts';

export type SystemPackage = { name: string; debian: string; why: string };

export const CHROMIUM: SystemPackage = { name: 'Chromium', debian: 'chromium', why: 'de browsertests (Playwright)' };
export const POSTGRESQL: SystemPackage = {
  name: 'PostgreSQL',
  debian: 'postgresql',
  why: 'de opslagtests op PostgreSQL (een wegwerpserver per testrun)',
};
export const NGINX: SystemPackage = { name: 'nginx', debian: 'nginx', why: 'de test van meerdere servers achter een proxy' };

/** What the machine has; injected in tests, so they never look at (or install on) the real one. */
export type Machine = {
  env: NodeJS.ProcessEnv;
  exists: (path: string) => boolean;
  hasPostgres: () => boolean;
  isRoot: boolean;
};

export const thisMachine = (): Machine => ({
  env: process.env,
  exists: existsSync,
  hasPostgres: () => postgresBinDir() !== undefined,
  isRoot: process.getuid?.() === 0,
});

function onPath(machine: Machine, program: string): boolean {
  // A user's PATH often lacks the sbin folders where Debian puts nginx.
  const dirs = [...(machine.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.some((dir) => dir && machine.exists(join(dir, program)));
}

/** The packages this machine lacks. PostgreSQL is not needed when TEST_DATABASE_URL names a server. */
export function missingPackages(machine: Machine): SystemPackage[] {
  const missing: SystemPackage[] = [];
  if (!machine.exists(machine.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push(CHROMIUM);
  if (!machine.env.TEST_DATABASE_URL && !machine.hasPostgres()) missing.push(POSTGRESQL);
  if (!onPath(machine, 'nginx')) missing.push(NGINX);
  return missing;
}

export type Plan =
  | { action: 'none' }
  | { action: 'install'; commands: string[][]; env: Record<string, string> }
  | { action: 'stop'; line: string };

/** What to do about the missing packages: install them (root with apt-get), or name the line to run. */
export function plan(missing: SystemPackage[], machine: Machine): Plan {
  if (missing.length === 0) return { action: 'none' };
  const names = missing.map((p) => p.debian);
  if (!onPath(machine, 'apt-get')) {
    return {
      action: 'stop',
      line: `Installeer eerst ${missing.map((p) => p.name).join(', ')} (Debian: apt-get install -y ${names.join(' ')})`,
    };
  }
  if (!machine.isRoot) {
    return {
      action: 'stop',
      line: `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${names.join(' ')}`,
    };
  }
  const commands = [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', ...names],
  ];
  return { action: 'install', commands, env: { DEBIAN_FRONTEND: 'noninteractive' } };
}

/**
 * Makes sure the machine has what the tests need: returns true when it does (now), false with a
 * message on stderr when it does not.
 */
export function ensureSystemPackages(machine: Machine = thisMachine()): boolean {
  const missing = missingPackages(machine);
  const next = plan(missing, machine);
  if (next.action === 'none') return true;
  console.error(`Niet op deze machine: ${missing.map((p) => `${p.name}, voor ${p.why}`).join('; ')}.`);
  if (next.action === 'stop') {
    console.error(`Voer dit uit en start npm test opnieuw:\n  ${next.line}`);
    return false;
  }
  console.log(`▶ Installeren uit Debian: ${missing.map((p) => p.debian).join(' ')}`);
  for (const command of next.commands) {
    const [program, ...args] = command as [string, ...string[]];
    const result = spawnSync(program, args, { stdio: 'inherit', env: { ...process.env, ...next.env } });
    if (result.status !== 0) {
      console.error(`✘ ${command.join(' ')} mislukte (code ${result.status ?? result.signal})`);
      return false;
    }
  }
  const still = missingPackages(machine);
  if (still.length) console.error(`✘ Na de installatie ontbreekt nog: ${still.map((p) => p.name).join(', ')}`);
  return still.length === 0;
}
