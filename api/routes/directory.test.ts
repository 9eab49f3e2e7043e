/**
 * The directory over HTTP: an integrator reads the codes of organisations and combi areas from
 * the API with their own key, not from our source; without a key, nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMBIS, DEMO_ORGANISATIONS } from '../../demo/directory.ts';
import { startTestServer, type TestServer } from '../testing.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the directory', () => {
  it('lists every organisation with its code, kind and combi areas, for any organisation with a key', async () => {
    const res = await server.get(server.keys.get('peelbouw'), '/api/v1/organisaties');
    expect(res.status).toBe(200);
    expect(res.body.organisaties.map((o: { code: string }) => o.code)).toEqual(DEMO_ORGANISATIONS.map((o) => o.code).sort());
    expect(res.body.organisaties).toContainEqual({
      code: 'netbeheer-zuid',
      naam: 'Netbeheer Zuid',
      soort: 'netbeheerder',
      telefoon: '088 123 45 00',
      email: 'aansluitingen@netbeheer-zuid.example',
      combis: ['brabant-oost', 'peelland'],
    });
    expect(res.body.organisaties).toContainEqual(
      expect.objectContaining({ code: 'combi-peelland', soort: 'combi', combis: ['peelland'] }),
    );
    expect(res.body.organisaties).toContainEqual(expect.objectContaining({ code: 'peelbouw', combis: ['peelland'] }));
  });

  it('lists every combi area with its members, combi-organisatie and CAPO flag', async () => {
    const res = await server.get(server.keys.get('netbeheer-zuid'), '/api/v1/combis');
    expect(res.status).toBe(200);
    const peelland = DEMO_COMBIS.find((c) => c.code === 'peelland');
    expect(res.body.combis.map((c: { code: string }) => c.code)).toEqual(DEMO_COMBIS.map((c) => c.code).sort());
    expect(res.body.combis).toContainEqual({
      code: 'peelland',
      naam: peelland?.name,
      gebied: peelland?.area,
      capo: false,
      combiOrganisatie: 'combi-peelland',
      leden: [
        { code: 'glasnet', soort: 'netbeheerder' },
        { code: 'netbeheer-zuid', soort: 'netbeheerder' },
        { code: 'peelbouw', soort: 'aannemer' },
        { code: 'waterbedrijf-peel', soort: 'netbeheerder' },
      ],
    });
    expect(res.body.combis.find((c: { code: string }) => c.code === 'brabant-oost')?.capo).toBe(true);
  });

  it('answers nothing without a valid key, and is in the OpenAPI document', async () => {
    for (const path of ['/api/v1/organisaties', '/api/v1/combis']) {
      expect((await server.get(undefined, path)).status).toBe(401);
      expect((await server.get('trj_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', path)).status).toBe(401);
    }
    const doc = await server.get(undefined, '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/organisaties', '/api/v1/combis']));
    expect(doc.body.components.schemas.Combi.properties.capo.description).toMatch(/CAPO/);
  });
});
