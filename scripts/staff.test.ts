import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../api/core/open-store.ts';
import { createTestData, TEST_SECRET_KEY, type TestData } from '../api/storage/testing/test-store.ts';
import { seedDirectory } from '../demo/seed.ts';

let data: TestData;
beforeAll(async () => {
  data = await createTestData();
});
afterAll(() => data.drop());

/** The script on the test's database: PostgreSQL by DATABASE_URL, SQLite by --database. */
const run = (...args: string[]) => {
  const url = data.where.DATABASE_URL;
  try {
    return {
      code: 0,
      out: execFileSync(
        process.execPath,
        [join(import.meta.dirname, 'staff.ts'), ...args, ...(url ? [] : ['--database', data.where.DATABASE_FILE])],
        {
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, ...(url && { DATABASE_URL: url, SECRET_KEY: TEST_SECRET_KEY }) },
        },
      ),
    };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, out: err.stderr };
  }
};

// Five runs of the script, each a node process that loads TypeScript: slow on a busy machine.
describe('npm run staff', { timeout: 120_000 }, () => {
  it('adds the first admin of an organisation, lists it, and refuses what is wrong without writing', async () => {
    const store = await openStore(data.where);
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
