/**
 * Sign-in limits slow the one who asks, not the one asked about: an attacker who asks for codes
 * for someone else's address or aanvraag is refused, and the person behind it still signs in from
 * their own address. Sources are told apart by X-Forwarded-For through a trusted proxy (TRUST_PROXY).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
const MEMBER = 'doelwit@netbeheer-zuid.example';
const CUSTOMER = { aanvraagnummer: 'MA-DOELWIT-1', postcode: '5611 AB', huisnummer: '12' };
const CUSTOMER_EMAIL = 'doelwit@example.com';

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'loopback', RATE_LIMIT_WINDOW_SECONDS: '600' });
  await server.store.staff.add({ organisation: 'netbeheer-zuid', email: MEMBER, name: 'Doelwit', role: 'viewer' });
  const nb = server.keys.get('netbeheer-zuid') as string;
  const mine = submission(CUSTOMER.aanvraagnummer, { applicant: { name: 'Doel Wit', email: CUSTOMER_EMAIL } });
  expect((await server.post(nb, { berichten: [mine] })).status).toBe(201);
  await server.deliverMail();
});
afterAll(() => server.close());

/** A form post from a browser at `source` (as the proxy in front of Traject tells it). */
function post(target: TestServer, path: string, fields: Record<string, string>, source: string) {
  return fetch(`${target.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': source,
    },
    body: new URLSearchParams(fields),
  });
}

/** Asks for a code from `source` and signs in with it from there; the answer to the code. */
async function signIn(side: 'volg' | 'beheer', fields: Record<string, string>, to: string, source: string) {
  // Codes asked for earlier (by the flood) are delivered first, so the only new mail to `to` holds this attempt's code.
  await server.deliverMail();
  const before = server.resend.mails.length;
  const asked = await post(server, `/${side}/inloggen`, fields, source);
  expect(asked.status).toBe(303);
  const attempt = new URL(asked.headers.get('location') as string, server.url).searchParams.get('poging') as string;
  await server.deliverMail();
  const mail = server.resend.mails.slice(before).find((m) => m.to.includes(to));
  const code = /\b(\d{8})\b/.exec(`${mail?.subject} ${mail?.text}`)?.[1] ?? '';
  expect(code).toMatch(/^\d{8}$/);
  return post(server, `/${side}/code`, { poging: attempt, code }, source);
}

/** `count` requests for a code from `source`; the statuses. */
async function flood(side: 'volg' | 'beheer', fields: Record<string, string>, source: string, count: number) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await post(server, `/${side}/inloggen`, fields, source)).status);
  return statuses;
}

describe('nobody can lock someone else out of signing in', () => {
  it('staff: the attacker’s address is refused after five tries; the member signs in from their own', async () => {
    expect(await flood('beheer', { email: MEMBER }, '203.0.113.66', 7)).toEqual([303, 303, 303, 303, 303, 429, 429]);
    const signedIn = await signIn('beheer', { email: MEMBER }, MEMBER, '198.51.100.7');
    expect(signedIn.headers.get('location')).toBe('/beheer/tweede-stap');
    expect(signedIn.headers.get('set-cookie')).toMatch(/^traject_beheer=/);
  });

  it('customers: the same per aanvraagnummer and per e-mail address', async () => {
    const byNumber = { via: 'aanvraag', ...CUSTOMER };
    const wrongPostcode = { ...byNumber, postcode: '9999 ZZ' };
    expect(await flood('volg', wrongPostcode, '203.0.113.67', 6)).toEqual([303, 303, 303, 303, 303, 429]);
    const viaNumber = await signIn('volg', byNumber, CUSTOMER_EMAIL, '198.51.100.8');
    expect(viaNumber.headers.get('location')).toBe(`/volg/${CUSTOMER.aanvraagnummer}`);

    const byEmail = { via: 'email', email: CUSTOMER_EMAIL };
    expect(await flood('volg', byEmail, '203.0.113.68', 6)).toEqual([303, 303, 303, 303, 303, 429]);
    const viaEmail = await signIn('volg', byEmail, CUSTOMER_EMAIL, '198.51.100.9');
    expect(viaEmail.headers.get('set-cookie')).toMatch(/^traject_sessie=/);
  });

  it('an attacker with many addresses spends the account’s budget, and a fresh address still gets its code', async () => {
    const target = { email: 'budget@netbeheer-zuid.example' };
    await server.store.staff.add({ organisation: 'netbeheer-zuid', email: target.email, name: 'Budget', role: 'viewer' });
    for (let i = 1; i <= 5; i++) await flood('beheer', target, `203.0.113.${100 + i}`, 5);
    // Over the budget: an address that already asked waits, though it is within its own five.
    expect(await flood('beheer', target, '203.0.113.120', 2)).toEqual([303, 429]);
    const signedIn = await signIn('beheer', target, target.email, '198.51.100.10');
    expect(signedIn.headers.get('location')).toBe('/beheer/tweede-stap');
  });

  it('one address may ask for 20 codes in a window, whatever the accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await post(server, '/beheer/inloggen', { email: `x${i}@example.com` }, '203.0.113.70')).status);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe('the client address (TRUST_PROXY)', () => {
  it('comes from X-Forwarded-For only through a trusted proxy: the hop the proxy saw, not what the client wrote', async () => {
    // Left of the address the proxy appended, a client can write anything: it does not make a new source.
    const fields = { email: 'spoof@example.com' };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await post(server, '/beheer/inloggen', fields, `10.9.8.${i}, 203.0.113.90`)).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
  });

  it('is the socket’s address without TRUST_PROXY: X-Forwarded-For is ignored', async () => {
    const direct = await startTestServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await post(direct, '/beheer/inloggen', { email: 'a@example.com' }, `203.0.113.${i}`)).status);
      expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    } finally {
      await direct.close();
    }
  });

  it('refuses a TRUST_PROXY that is no address, subnet or name, at start', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'loopback, proxy.example' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 192.168.1.1' }).TRUST_PROXY).toBeTypeOf('function');
  });
});
