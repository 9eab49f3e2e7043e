/**
 * The database a test runs on: Vitest's `sqlite` project gives every test a fresh SQLite file,
 * its `postgresql` project a fresh database on the run's PostgreSQL server (global-setup.ts).
 * The same test files run in both, which makes them the conformance suite of the two stores
 * (the files are listed in postgres-suite.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Scope, scopeOf } from '../../../domain/staff.ts';
import { type OpenOptions, openStore } from '../../core/open-store.ts';
import type { ComposedStore } from '../../core/store.ts';
import type { Where } from '../contract.ts';
import type { Store } from '../store.ts';
import { createTestDatabase } from './test-database.ts';

export type TestDatabaseKind = 'sqlite' | 'postgresql';

/** Set per Vitest project (vitest.config.ts). */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TRAJECT_TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** A fresh, empty database for one test; `drop()` removes it. */
export type TestData = { where: Where & { DATABASE_URL?: string }; drop: () => Promise<void> };

/** A fixed SECRET_KEY for tests on PostgreSQL, where the configuration asks for one. */
export const TEST_SECRET_KEY = 'dGVzdHMtb25seS10ZXN0cy1vbmx5LXRlc3RzLW9ubHk=';

export async function createTestData(): Promise<TestData> {
  const file = join(mkdtempSync(join(tmpdir(), 'traject-test-')), 'test.sqlite');
  if (testDatabaseKind() === 'sqlite') return { where: { DATABASE_FILE: file }, drop: async () => {} };
  const database = await createTestDatabase();
  // The scratch pool is not needed: the store opens its own.
  return { where: { DATABASE_FILE: file, DATABASE_URL: database.url }, drop: database.drop };
}

/** A store on a fresh database of the project's kind; closing it drops the database. */
export async function openTestStore(options: OpenOptions = {}): Promise<ComposedStore> {
  const data = await createTestData();
  const store = await openStore(data.where, options);
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await data.drop();
  };
  return store;
}

/** The scope (domain/staff.ts) of an organisation in the store's directory. */
export function scopeOfOrganisation(store: Store, code: string): Scope {
  const org = store.organisation(code);
  if (!org) throw new Error(`no organisation ${code}`);
  return scopeOf(org, store.combiCodes(), store);
}
