import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { POSTGRES_MISSING, postgresBinDir, startPostgresCluster } from './postgres-cluster.ts';
import { createTestSchema, type TestSchema } from './test-schema.ts';

let schema: TestSchema;
beforeAll(async () => {
  schema = await createTestSchema();
});
afterAll(() => schema.drop());

it('gives each test file a schema of its own on the run’s PostgreSQL, and runs a query in it', async () => {
  const { sql, name } = schema;
  await sql`create table aanvragen (nummer text primary key, fase text not null)`;
  await sql`insert into aanvragen ${sql([{ nummer: 'AV-2026-000001', fase: 'voorbereiden' }])}`;
  expect(await sql`select current_schema() as schema, count(*)::int as n from aanvragen`).toEqual([{ schema: name, n: 1 }]);

  // Another file's schema on the same server does not see this table.
  const other = await createTestSchema();
  try {
    expect(other.name).not.toBe(name);
    await expect(other.sql`select * from aanvragen`).rejects.toThrow(/does not exist/);
  } finally {
    await other.drop();
  }
});

it('finds the newest PostgreSQL in Debian’s layout, and none where initdb is missing', () => {
  const root = mkdtempSync(join(tmpdir(), 'traject-pg-bins-'));
  for (const [version, files] of [
    ['9.6', ['initdb', 'postgres']],
    ['15', ['initdb', 'postgres']],
    ['17', ['postgres']],
  ] as const) {
    mkdirSync(join(root, version, 'bin'), { recursive: true });
    for (const file of files) writeFileSync(join(root, version, 'bin', file), '');
  }
  expect(postgresBinDir(root)).toBe(join(root, '15', 'bin'));
  expect(postgresBinDir(join(root, 'nothing'))).toBeUndefined();
  rmSync(root, { recursive: true });
});

it('without PostgreSQL, starting a cluster fails with the line that installs it', async () => {
  await expect(startPostgresCluster({ root: join(tmpdir(), 'no-postgresql-here') })).rejects.toThrow(POSTGRES_MISSING);
});
