import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../api/data/sqlite-store.ts';
import { seedDirectory } from '../demo/seed.ts';

const database = join(mkdtempSync(join(tmpdir(), 'traject-staff-')), 'staff.sqlite');
const run = (...args: string[]) => {
  try {
    return {
      code: 0,
      out: execFileSync(process.execPath, [join(import.meta.dirname, 'staff.ts'), ...args, '--database', database], {
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, out: err.stderr };
  }
};

describe('npm run staff', () => {
  it('adds the first admin of an organisation, lists it, and refuses what is wrong without writing', async () => {
    const store = openSqliteStore(database);
    await seedDirectory(store);
    await store.close();

    expect(run('add', '--organisation', 'glasnet', '--email', 'Noor@Glasnet.example', '--name', 'Noor Bakker')).toMatchObject({
      code: 0,
      out: expect.stringContaining('noor@glasnet.example'),
    });
    expect(run('add', '--organisation', 'glasnet', '--email', 'noor@glasnet.example', '--name', 'Noor')).toMatchObject({
      code: 2,
      out: expect.stringContaining('Er is al een medewerker'),
    });
    expect(run('add', '--organisation', 'onbekend', '--email', 'a@example.com', '--name', 'A')).toMatchObject({
      code: 2,
      out: expect.stringContaining('Onbekende organisatie onbekend'),
    });
    expect(run('add', '--organisation', 'glasnet', '--email', 'geen-adres', '--name', 'A', '--role', 'baas')).toMatchObject({
      code: 2,
      out: expect.stringMatching(/--email moet een e-mailadres zijn[\s\S]*--role moet/),
    });
    const listed = run('list');
    expect(listed.out.trim().split('\n')).toEqual([
      expect.stringMatching(/^glasnet {2}· {2}noor@glasnet\.example {2}· {2}Noor Bakker {2}· {2}Beheerder/),
    ]);
  });
});
