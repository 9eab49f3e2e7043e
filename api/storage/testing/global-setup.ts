/**
 * Vitest's global setup: one PostgreSQL server for the whole run, whose URL tests read with
 * `inject('postgresUrl')` (see test-schema.ts). TEST_DATABASE_URL names one to use instead.
 * Without PostgreSQL the run fails with the line that fixes it: it never skips quietly.
 */
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** Answers `select 1` within 10 s, or throws a message that names the server. */
async function answers(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(
      `De server van TEST_DATABASE_URL antwoordt niet (${(error as Error).message}): start hem, of laat TEST_DATABASE_URL weg, dan starten de tests hun eigen PostgreSQL.`,
    );
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    await answers(given);
    project.provide('postgresUrl', given);
    return undefined;
  }
  const started = performance.now();
  const cluster = await startPostgresCluster();
  console.log(`PostgreSQL voor de tests gestart in ${Math.round(performance.now() - started)} ms (${cluster.url})`);
  project.provide('postgresUrl', cluster.url);
  return cluster.remove;
}
