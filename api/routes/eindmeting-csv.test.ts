import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const nb = server.keys.get('netbeheer-zuid') as string;
  expect((await server.post(nb, { berichten: [submission('MA-CSVT-1', { combi: 'peelland' })] })).status).toBe(201);
});
afterAll(() => server.close());

const upload = async (csv: string) => {
  const res = await fetch(`${server.url}/api/v1/eindmeting/csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.keys.get('combi-peelland')}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: await res.json() };
};

describe('POST /api/v1/eindmeting/csv: only the documented columns, only plain text', () => {
  it('refuses a header with a column it does not know, naming it', async () => {
    const res = await upload('aanvraagnummer;aannemer;opgeleverd_op;opmerking\nMA-CSVT-1;peelbouw;2026-11-20;x');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'kopregel', message: 'onbekend veld: opmerking' }]);
  });

  it('refuses control characters in the header without echoing them', async () => {
    const res = await upload('aanvraagnummer;aannemer\u001b[2J;opgeleverd_op\nMA-CSVT-1;peelbouw;2026-11-20');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'kopregel', message: expect.stringMatching(/stuurtekens/) }]);
    expect(JSON.stringify(res.body)).not.toContain('\\u001b');
  });

  it('reports a cell with control characters as a bad row naming the column, echoes nothing raw and invites nobody', async () => {
    const res = await upload(
      'aanvraagnummer;aannemer;opgeleverd_op\nMA-CSVT-1\u0000;peelbouw;2026-11-20\nMA-CSVT-1;peel\u001bbouw;2026-11-20',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ uitgenodigd: 0, fouten: 2 });
    expect(res.body.regels[0]).toEqual({
      regel: 2,
      aanvraagnummer: null,
      resultaat: 'fout',
      reden: expect.stringMatching(/^aanvraagnummer: .*stuurtekens/),
    });
    expect(res.body.regels[1]).toMatchObject({
      regel: 3,
      aanvraagnummer: 'MA-CSVT-1',
      reden: expect.stringMatching(/^aannemer: .*stuurtekens/),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/\\u0000|\\u001b/);
    expect((await server.store.endSurveys.forRequest('MA-CSVT-1'))?.status).not.toBe('uitgenodigd');
  });
});
