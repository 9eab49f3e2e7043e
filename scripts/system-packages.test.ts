import { expect, it } from 'vitest';
import { CHROMIUM, type Machine, missingPackages, NGINX, POSTGRESQL, plan } from './system-packages.ts';

/** A pretend machine: the files it has, whether it has PostgreSQL's binaries, who runs. */
function machine(files: string[], { postgres = true, isRoot = true, env = {} as NodeJS.ProcessEnv } = {}): Machine {
  return {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...env },
    exists: (p) => files.includes(p),
    hasPostgres: () => postgres,
    isRoot,
  };
}
const FULL = ['/usr/bin/chromium', '/usr/sbin/nginx', '/usr/bin/apt-get'];

it('needs nothing on a machine with Chromium, PostgreSQL and nginx', () => {
  const m = machine(FULL);
  expect(missingPackages(m)).toEqual([]);
  expect(plan([], m)).toEqual({ action: 'none' });
});

it('as root with apt-get: updates the package lists once, then installs exactly what is missing', () => {
  const m = machine(['/usr/bin/apt-get', '/usr/sbin/nginx'], { postgres: false });
  const missing = missingPackages(m);
  expect(missing).toEqual([CHROMIUM, POSTGRESQL]);
  expect(plan(missing, m)).toEqual({
    action: 'install',
    commands: [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', 'chromium', 'postgresql'],
    ],
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
});

it('not root: installs nothing and names the one line to run', () => {
  const m = machine(['/usr/bin/apt-get', '/usr/bin/chromium'], { postgres: false, isRoot: false });
  expect(plan(missingPackages(m), m)).toEqual({
    action: 'stop',
    line: 'sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql nginx',
  });
});

it('without apt-get: stops and names what to install', () => {
  const m = machine([]);
  const next = plan(missingPackages(m), m);
  expect(next).toEqual({ action: 'stop', line: 'Installeer eerst Chromium, nginx (Debian: apt-get install -y chromium nginx)' });
});

it('finds nginx in sbin even when PATH lacks it, and Chromium where CHROMIUM_PATH says', () => {
  const m = machine(['/usr/sbin/nginx', '/opt/chromium/chrome'], {
    env: { PATH: '/usr/bin', CHROMIUM_PATH: '/opt/chromium/chrome' },
  });
  expect(missingPackages(m)).toEqual([]);
  expect(missingPackages(machine(['/usr/bin/chromium']))).toEqual([NGINX]);
});

it('does not ask for PostgreSQL when TEST_DATABASE_URL names a server', () => {
  const m = machine(FULL, { postgres: false, env: { TEST_DATABASE_URL: 'postgres://db.internal/traject_test' } });
  expect(missingPackages(m)).toEqual([]);
  expect(missingPackages(machine(FULL, { postgres: false }))).toEqual([POSTGRESQL]);
});
