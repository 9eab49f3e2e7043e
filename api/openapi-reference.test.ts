/**
 * The reference says what an integrator needs without reading our code: every enum value
 * described, the contact moments and stagnation causes from the editors' files (edited here, the
 * document follows), who may send each message type from the rule itself, an example of each,
 * and the batch and idempotency rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRuleText } from '../domain/authorization.ts';
import { contentWith } from '../domain/content-fixture.ts';
import { MESSAGE_EXAMPLES } from '../domain/message-examples.ts';
import { CONTACT_MOMENTS, DAY_PARTS, MESSAGE_TYPES, PROJECT_CODE, STAGNATION_CAUSES } from '../domain/messages.ts';
import { startTestServer, type TestServer } from './testing.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document as JSON, read by assertions
type Json = any;

let server: TestServer;
let doc: Json;
beforeAll(async () => {
  const CONTENT_DIR = contentWith({
    'stappen.yaml': (t) =>
      t.replace(
        'werkdagen: 10\n  norm: Binnen {werkdagen} werkdagen na uw aanvraag',
        'werkdagen: 7\n  norm: Binnen {werkdagen} werkdagen na uw aanvraag',
      ),
    'contactmomenten/1a.yaml': (t) =>
      t.replace(
        'wanneer: Wanneer het nodig is, en altijd als de planning verschuift.',
        'wanneer: Elke maand, en als de planning verschuift.',
      ),
  });
  server = await startTestServer({ CONTENT_DIR });
  doc = (await server.get(undefined, '/api/v1/openapi.json')).body;
});
afterAll(() => server?.close());

/** Every enum of the document with its path. */
function enums(node: Json, path = ''): { path: string; values: unknown[]; description: string }[] {
  if (!node || typeof node !== 'object') return [];
  const here = Array.isArray(node.enum) ? [{ path, values: node.enum, description: String(node.description ?? '') }] : [];
  return [...here, ...Object.entries(node).flatMap(([k, v]) => enums(v, `${path}/${k}`))];
}

describe('the OpenAPI document', () => {
  it('describes every value of every enum', () => {
    const found = enums(doc);
    expect(found.length).toBeGreaterThan(20);
    const undescribed = found.flatMap(({ path, values, description }) =>
      values.length < 2 ? [] : values.filter((v) => v !== null && !description.includes(`\`${v}\``)).map((v) => `${path}: ${v}`),
    );
    expect(undescribed).toEqual([]);
  });

  it('gives each contact moment its meaning and norm from content/, as edited', () => {
    const moment = doc.components.schemas.Contactmoment;
    expect(Object.keys(moment['x-enumDescriptions']).sort()).toEqual([...CONTACT_MOMENTS].sort());
    // In the process order, not JSON's: A and B before 1.
    const listed = [...moment.description.matchAll(/^- `([^`]+)`/gm)].map((m: RegExpMatchArray) => m[1]);
    expect(listed).toEqual([...CONTACT_MOMENTS]);
    expect(moment['x-enumDescriptions'].B).toContain('intake: Binnen 7 werkdagen na uw aanvraag');
    expect(moment['x-enumDescriptions'].B).toContain('Intake door de netbeheerder');
    expect(moment['x-enumDescriptions']['1a']).toContain('Norm: Elke maand, en als de planning verschuift.');
    expect(doc.components.schemas.Stap['x-enumDescriptions'].intake).toContain('Binnen 7 werkdagen');
  });

  it('documents the applicant type and the KvK number of request_submitted, with an example', () => {
    const kinds = doc.components.schemas.SoortAanvrager;
    expect(kinds.enum).toEqual(['particulier', 'zakelijk']);
    expect(kinds.description).toMatch(/`zakelijk` een organisatie .*met `kvk`/);
    const found: Json[] = [];
    const walk = (node: Json) => {
      if (node && typeof node === 'object') {
        if (node.properties?.kvk) found.push(node.properties.kvk);
        for (const value of Object.values(node)) walk(value);
      }
    };
    walk(doc);
    expect(found.length).toBeGreaterThan(0);
    for (const kvk of found) expect(kvk).toMatchObject({ pattern: '^[0-9]{8}$', example: '12345678' });
  });

  it('documents the optional project code of request_submitted, with its pattern and an example', () => {
    const found: Json[] = [];
    const walk = (node: Json) => {
      if (node && typeof node === 'object') {
        if (node.properties?.project && node.properties?.applicant) found.push(node);
        for (const value of Object.values(node)) walk(value);
      }
    };
    walk(doc);
    expect(found.length).toBeGreaterThan(0);
    for (const submitted of found) {
      expect(submitted.required ?? []).not.toContain('project');
      expect(submitted.properties.project).toMatchObject({ pattern: PROJECT_CODE.source, example: 'KEMPEN-NOORD-2027' });
      expect(submitted.properties.project.description).toMatch(/portfolio/);
    }
  });

  it('describes day parts and stagnation causes, the causes from the stagnation steps', () => {
    for (const part of DAY_PARTS) expect(doc.components.schemas.Dagdeel.description).toContain(`\`${part}\``);
    const causes = doc.components.schemas.Stagnatieoorzaak['x-enumDescriptions'];
    expect(Object.keys(causes)).toEqual([...STAGNATION_CAUSES]);
    expect(causes.klant).toContain('Uw aanvraag wacht op u');
  });

  it('says per message type who may send it and when, from the rule, with an example', () => {
    const schemas = doc.components.schemas;
    const ofType = (type: string) =>
      Object.values<Json>(schemas).find((s) => s.properties?.type?.enum?.length === 1 && s.properties.type.enum[0] === type);
    for (const type of MESSAGE_TYPES) {
      const schema = ofType(type);
      expect(schema, type).toBeDefined();
      const rule = sendRuleText(type);
      expect(schema.description).toContain(rule.who);
      for (const when of rule.when) expect(schema.description).toContain(when);
      expect(schema.examples).toEqual([MESSAGE_EXAMPLES[type]]);
    }
    expect(ofType('planning_changed').description).toContain('een aannemer van de combi');
    expect(ofType('planning_changed').description).not.toContain('een netbeheerder');
    const body = doc.paths['/api/v1/berichten'].post.requestBody.content['application/json'];
    expect(Object.keys(body.examples).sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it('explains the batch results and the idempotency rule on /berichten', () => {
    const { description } = doc.paths['/api/v1/berichten'].post;
    expect(description).toMatch(/207 Multi-Status/);
    expect(description).toMatch(/dezelfde inhoud\*\*, dan is het resultaat 200 `duplicate`/);
    expect(description).toMatch(/een andere inhoud\*\*, dan wordt dat bericht geweigerd met 409/);
    expect(description).toContain(
      `| \`planning_changed\` | ${sendRuleText('planning_changed').who.replace(/^Mag worden gestuurd door /, '')}`,
    );
  });
});
