/**
 * /api/v1/webhooks over real HTTP, with deliveries to a real receiver on a loopback port whose
 * signatures are checked with the standardwebhooks library itself: registering, URL checks,
 * isolation between organisations, secret rotation and replay.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactLogged, startTestServer, submission, type TestServer } from '../testing.ts';
import { startReceiver } from '../webhooks/test-receiver.ts';

let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const key = (org: string) => server.keys.get(org) as string;
const api = async (org: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key(org)}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, type: res.headers.get('content-type') };
};
const register = (org: string, path: string, events = ['aanvraag.status_gewijzigd', 'aanvraag.contactmoment_vastgelegd']) =>
  api(org, 'POST', '/webhooks', { url: `${receiver.url}${path}`, gebeurtenissen: events });
/** Delivers what is due until the receiver has `count` deliveries. */
async function delivered(count: number) {
  const end = performance.now() + 10_000;
  while (receiver.received.length < count && performance.now() < end) await server.deliverWebhooks();
  return receiver.waitFor(count, 1000);
}

beforeAll(async () => {
  server = await startTestServer();
  receiver = await startReceiver();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

describe('/api/v1/webhooks', () => {
  it('registers an endpoint whose deliveries carry Standard Webhooks signatures that the library verifies', async () => {
    const made = await register('kempen-kabel', '/kempen');
    expect(made.status).toBe(201);
    expect(made.body.geheim).toMatch(/^whsec_/);
    expect(made.body.webhook).toMatchObject({ url: `${receiver.url}/kempen`, actief: true });
    expect((await server.post(key('netbeheer-zuid'), { berichten: [submission('MA-2026-HOOK01')] })).status).toBe(201);
    const [first] = await delivered(1);
    if (!first) throw new Error('no delivery');
    expect(first.path).toBe('/kempen');
    const payload = new Webhook(made.body.geheim).verify(first.body, first.headers) as {
      type: string;
      data: { aanvraagnummer: string };
    };
    expect(payload.type).toBe('aanvraag.status_gewijzigd');
    expect(payload.data.aanvraagnummer).toBe('MA-2026-HOOK01');
    expect(first.headers['webhook-id']).toMatch(/^msg_/);
    // Signed with another secret, the same delivery does not verify: the check is real.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(first.body, first.headers)).toThrow();
    // Never the customer's person.
    expect(first.body).not.toContain('Sanne');
  });

  it('refuses URLs that are not https, and says why in Dutch and English', async () => {
    for (const url of [
      'http://planning.example.nl/hook',
      'ftp://planning.example.nl/',
      'geen url',
      'https://user:pw@example.nl/',
    ]) {
      const res = await api('kempen-kabel', 'POST', '/webhooks', { url, gebeurtenissen: ['aanvraag.opgeleverd'] });
      expect(res.status, url).toBe(422);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors[0].field).toBe('url');
      expect(res.body.errors[0].message).toContain(' / ');
    }
    const noEvents = await api('kempen-kabel', 'POST', '/webhooks', { url: 'https://example.nl/', gebeurtenissen: [] });
    expect(noEvents.status).toBe(400);
    const unknownEvent = await api('kempen-kabel', 'POST', '/webhooks', {
      url: 'https://example.nl/',
      gebeurtenissen: ['alles'],
    });
    expect(unknownEvent.status).toBe(400);
  });

  it('shows, manages and delivers to each organisation only its own endpoints and the aanvragen it takes part in', async () => {
    const peel = await register('peelbouw', '/peelbouw');
    expect(peel.status).toBe(201);
    const kempen = (await api('kempen-kabel', 'GET', '/webhooks')).body.webhooks;
    expect(kempen.map((w: { url: string }) => w.url)).toEqual([`${receiver.url}/kempen`]);
    const peelId = peel.body.webhook.id;
    expect((await api('kempen-kabel', 'DELETE', `/webhooks/${peelId}`)).status).toBe(404);
    expect((await api('kempen-kabel', 'POST', `/webhooks/${peelId}/geheim`)).status).toBe(404);
    expect((await api('kempen-kabel', 'GET', `/webhooks/${peelId}/afleveringen`)).status).toBe(404);
    const before = receiver.received.length;
    // In combi Brabant-Oost: kempen-kabel takes part, peelbouw does not.
    const contact = contactLogged('MA-2026-HOOK01', 'hook-contact-1');
    expect((await server.post(key('netbeheer-zuid'), { berichten: [contact] })).status).toBe(201);
    const arrived = await delivered(before + 1);
    await server.deliverWebhooks();
    const paths = arrived.slice(before).map((r) => r.path);
    expect(paths).toEqual(['/kempen']);
    // Another organisation's delivery cannot be replayed either.
    const kempenId = kempen[0].id;
    const [latest] = (await api('kempen-kabel', 'GET', `/webhooks/${kempenId}/afleveringen`)).body.afleveringen;
    expect((await api('peelbouw', 'POST', `/webhooks/${kempenId}/afleveringen/${latest.id}/opnieuw`)).status).toBe(404);
    expect((await api('peelbouw', 'POST', `/webhooks/${peelId}/afleveringen/${latest.id}/opnieuw`)).status).toBe(404);
    expect((await api('peelbouw', 'DELETE', `/webhooks/${peelId}`)).status).toBe(204);
  });

  it('lists deliveries with their attempts and replays one with the same event id', async () => {
    const [endpoint] = (await api('kempen-kabel', 'GET', '/webhooks')).body.webhooks;
    const list = (await api('kempen-kabel', 'GET', `/webhooks/${endpoint.id}/afleveringen`)).body.afleveringen;
    const original = list.at(-1);
    expect(original).toMatchObject({ status: 'afgeleverd', type: 'aanvraag.status_gewijzigd', pogingen: 0 });
    expect(original.laatstePogingen[0].status).toBe(204);
    const before = receiver.received.length;
    // A delivery is named under its own endpoint; under another of the same organisation it is unknown.
    const other = await register('kempen-kabel', '/kempen-tweede', ['aanvraag.status_gewijzigd']);
    const elsewhere = `/webhooks/${other.body.webhook.id}/afleveringen/${original.id}/opnieuw`;
    expect((await api('kempen-kabel', 'POST', elsewhere)).status).toBe(404);
    expect((await api('kempen-kabel', 'DELETE', `/webhooks/${other.body.webhook.id}`)).status).toBe(204);
    expect((await api('kempen-kabel', 'POST', `/webhooks/${endpoint.id}/afleveringen/${original.id}/opnieuw`)).status).toBe(202);
    const again = (await delivered(before + 1)).at(-1);
    expect(again?.headers['webhook-id']).toBe(original.gebeurtenisId);
    expect((await api('kempen-kabel', 'POST', `/webhooks/${endpoint.id}/afleveringen/999999/opnieuw`)).status).toBe(404);
  });

  it('signs with the old and the new secret for a while after a rotation', async () => {
    const made = await register('glasnet', '/glasnet', ['aanvraag.contactmoment_vastgelegd']);
    const rotated = await api('glasnet', 'POST', `/webhooks/${made.body.webhook.id}/geheim`);
    expect(rotated.status).toBe(200);
    expect(new Date(rotated.body.vorigGeheimTot).getTime()).toBeGreaterThan(Date.now());
    const before = receiver.received.length;
    const number = 'MA-2026-HOOK02';
    const message = submission(number, {
      workOrders: [{ id: `${number}-T`, discipline: 'telecom', gridOperator: 'glasnet' }],
    });
    expect((await server.post(key('glasnet'), { berichten: [message, contactLogged(number, 'hook-contact-2')] })).status).toBe(
      201,
    );
    const glasnet = (await delivered(before + 1)).slice(before).find((r) => r.path === '/glasnet');
    if (!glasnet) throw new Error('no delivery to glasnet');
    expect(glasnet.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.body.geheim).verify(glasnet.body, glasnet.headers)).toBeTruthy();
    expect(new Webhook(made.body.geheim).verify(glasnet.body, glasnet.headers)).toBeTruthy();
  });

  it('is in the OpenAPI document with every answer, and the delivery itself under webhooks', async () => {
    const doc = (await server.get(undefined, '/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/webhooks'].post.responses).sort()).toEqual(['201', '400', '401', '422', '500', '503']);
    expect(Object.keys(doc.paths['/api/v1/webhooks/{id}/afleveringen/{aflevering}/opnieuw'].post.responses)).toContain('409');
    const delivery = doc.webhooks['traject-gebeurtenis'].post;
    expect(delivery.parameters.map((p: { name: string }) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
  });

  it('asks for an API key', async () => {
    expect((await fetch(`${server.url}/api/v1/webhooks`)).status).toBe(401);
  });
});

describe('/api/v1/webhooks in production', () => {
  let production: TestServer;
  beforeAll(async () => {
    production = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => production.close());

  it('refuses loopback and private addresses, also behind a name, and takes a public one', async () => {
    const post = (url: string) =>
      fetch(`${production.url}/api/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${production.keys.get('kempen-kabel')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url, gebeurtenissen: ['aanvraag.opgeleverd'] }),
      });
    for (const url of [
      `${receiver.url}/hook`,
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://10.1.2.3/hook',
      'https://192.168.1.10/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest/meta-data',
    ]) {
      const res = await post(url);
      expect(res.status, url).toBe(422);
    }
    expect((await post('https://93.184.215.14/hook')).status).toBe(201);
  });
});
