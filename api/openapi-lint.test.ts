/**
 * The OpenAPI document as the server serves it passes Redocly's lint (redocly.yaml: the
 * recommended-strict rules) with no error and no warning. The CLI runs offline, under the same
 * Node as the tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

type LintReport = { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };

function lint(document: unknown): LintReport {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const run = spawnSync(process.execPath, [CLI, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    if (!run.stdout.trim().startsWith('{')) throw new Error(`redocly lint gave no report: ${run.stderr}`);
    return JSON.parse(run.stdout) as LintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let server: TestServer;
let document: Record<string, unknown>;
beforeAll(async () => {
  server = await startTestServer();
  document = (await server.get(undefined, '/api/v1/openapi.json')).body;
});
afterAll(() => server?.close());

describe('the OpenAPI document', () => {
  it('passes the Redocly lint with zero errors and zero warnings', () => {
    const report = lint(document);
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('is really linted: an operation without operationId is an error', () => {
    const broken = structuredClone(document) as { paths: Record<string, Record<string, { operationId?: string }>> };
    delete broken.paths['/api/v1/berichten']?.post?.operationId;
    expect(lint(broken).totals.errors).toBeGreaterThan(0);
  });
});
