/**
 * The OpenAPI document tells the truth: real answers of a real server, for demo aanvragen in every
 * state, validate against the schema the document gives for that route and status. A client
 * generated from the document (examples/api-client) relies on exactly this; a nullable reference
 * written as `allOf` once slipped through every other test.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRequest } from '../demo/generator.ts';
import { startTestServer, type TestServer } from './testing.ts';

const REQUESTS = 120;
const NOW = new Date('2026-12-01T10:00:00+01:00');

let server: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: the document as JSON
let doc: any;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

/** The validator of what the document says `GET|POST path` answers with `status`. */
function documented(method: string, path: string, status: number): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const answer = doc.paths[path]?.[method]?.responses?.[String(status)];
    const schema = answer?.content?.['application/json']?.schema ?? answer?.content?.['application/problem+json']?.schema;
    expect(schema, `${key} is in the document with a schema`).toBeDefined();
    validate = ajv.compile({ ...schema, components: doc.components });
    compiled.set(key, validate);
  }
  return validate;
}

async function expectDocumented(method: string, path: string, res: Response): Promise<unknown> {
  const body = await res.json();
  const validate = documented(method, path, res.status);
  expect(validate(body), `${method.toUpperCase()} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return body;
}

const numbers: { number: string; key: string }[] = [];
beforeAll(async () => {
  server = await startTestServer();
  doc = (await server.get(undefined, '/api/v1/openapi.json')).body;
  for (let i = 0; i < REQUESTS; i++) {
    const messages = generateRequest(i, NOW);
    for (const { sender, message } of messages) {
      const { status, body } = await server.post(server.keys.get(sender), { berichten: [message] });
      expect(status, JSON.stringify(body)).toBe(201);
    }
    const first = messages[0];
    if (first) numbers.push({ number: first.message.requestNumber, key: server.keys.get(first.sender) as string });
  }
}, 240_000);
afterAll(() => server?.close());

describe('the document tells the truth', () => {
  it('every status of demo aanvragen in every state matches the documented schema', async () => {
    const path = '/api/v1/aanvragen/{nummer}';
    const phases = new Set<string>();
    for (const { number, key } of numbers) {
      const res = await fetch(`${server.url}/api/v1/aanvragen/${number}`, { headers: { authorization: `Bearer ${key}` } });
      const status = (await expectDocumented('get', path, res)) as { phase: string };
      phases.add(status.phase);
    }
    // The demo world covers the process, so this is more than one shape.
    expect(phases.size).toBeGreaterThanOrEqual(4);
  });

  it('the change feed, the directory and refusals match theirs', async () => {
    const key = server.keys.get('netbeheer-zuid') as string;
    const get = (url: string, k: string | undefined = key) =>
      fetch(`${server.url}${url}`, { headers: k ? { authorization: `Bearer ${k}` } : {} });
    await expectDocumented('get', '/api/v1/wijzigingen', await get('/api/v1/wijzigingen?limit=50'));
    await expectDocumented('get', '/api/v1/wijzigingen', await get('/api/v1/wijzigingen?na=onzin'));
    await expectDocumented('get', '/api/v1/organisaties', await get('/api/v1/organisaties'));
    await expectDocumented('get', '/api/v1/combis', await get('/api/v1/combis'));
    await expectDocumented('get', '/api/v1/aanvragen/{nummer}', await get('/api/v1/aanvragen/MA-2026-ONBEKEND'));
    await expectDocumented('get', '/api/v1/aanvragen/{nummer}', await get('/api/v1/aanvragen/MA-2026-ONBEKEND', 'trj_fout'));
  });
});
