/**
 * The integrators' example stays true (docs/integreren-in-een-dag.md): its types are generated from
 * the document the server serves with openapi-typescript, the client type-checks against them, and
 * the first-day script sends a message, looks the aanvraag up, gets a 304 with the ETag and follows
 * the change feed against a real server over HTTP, and a webhook that the receiver verifies.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../api/testing.ts';
import { FIRST_AANVRAAG, firstDay } from './eerste-dag.ts';
import { lookUp, trajectClient } from './traject.ts';

const EXAMPLE = import.meta.dirname;
/** The generator as an integrator installs it: the example's own dependency (with its TypeScript 5). */
const GENERATOR = join(
  dirname(createRequire(join(EXAMPLE, 'package.json')).resolve('openapi-typescript/package.json')),
  'bin',
  'cli.js',
);
/** The repository's own type checker (the generated types are plain declarations). */
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** Runs a tool without blocking this process: the server it reads from runs here too. */
function run(script: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: EXAMPLE, timeout: 170_000 }, (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}

let server: TestServer;
const demoKey = () => server.keys.get('netbeheer-zuid') as string;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('the TypeScript client of the guide', () => {
  it('gets its types from the served OpenAPI document and type-checks against them', { timeout: 180_000 }, async () => {
    const generated = await run(GENERATOR, [`${server.url}/api/v1/openapi.json`, '--output', 'traject-api.d.ts']);
    expect(generated.ok, generated.output).toBe(true);
    const checked = await run(TSC, ['-p', 'tsconfig.json']);
    expect(checked.ok, checked.output).toBe(true);
  });

  it('walks the first day: a message, the status, a 304 with the ETag, the change feed, a verified webhook', {
    timeout: 90_000,
  }, async () => {
    const lines: string[] = [];
    const day = await firstDay(server.url, demoKey(), (line) => lines.push(line));
    expect(day.sent.status).toBe(201);
    expect(day.first.changed && day.first.status.requestNumber).toBe(FIRST_AANVRAAG);
    expect(day.again).toEqual({ changed: false, etag: day.first.etag });
    expect(day.seen).toBeGreaterThanOrEqual(1);
    expect(day.event).toMatchObject({ type: 'aanvraag.contactmoment_vastgelegd', data: { aanvraagnummer: FIRST_AANVRAAG } });
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^2\. status: fase Bestellen, ETag "/);

    // Again, as the guide says: the same message is a duplicate and nothing changed.
    const second = await firstDay(server.url, demoKey(), () => {});
    expect(second.sent.status).toBe(200);
    expect(second.sent.results[0]?.result).toBe('duplicate');
    expect(second.event.type).toBe('aanvraag.contactmoment_vastgelegd');
  });

  it('says what went wrong when the server refuses', async () => {
    await expect(lookUp(trajectClient(server.url, 'trj_wrong'), FIRST_AANVRAAG)).rejects.toThrow(/401/);
  });
});
