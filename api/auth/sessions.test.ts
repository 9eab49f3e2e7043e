/**
 * Sessions over HTTP: a staff session gets a new token at each step up (the second factor, a
 * recovery code), so a token known before the step is worth nothing after it; and no session,
 * however often it is used, lives longer than its absolute limit.
 */
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, testDatabaseKind } from '../storage/testing/test-store.ts';
import { staffCookie, startTestServer, type TestServer } from '../testing.ts';
import { loadSecretKey, secretBox } from './secret-box.ts';
import { createSession } from './sessions.ts';
import { currentTotp, enrolmentKey } from './totp.ts';

let server: TestServer;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
const DAY = 86_400_000;
/** The absolute limits (docs/decisions/0020-http-hardening.md). */
const STAFF_SESSION_MAX_DAYS = 7;
const CUSTOMER_SESSION_MAX_DAYS = 90;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The server's key: given on PostgreSQL (startTestServer), a file beside the database on SQLite. */
const box = () =>
  secretBox(
    loadSecretKey(
      testDatabaseKind() === 'postgresql' ? TEST_SECRET_KEY : undefined,
      join(dirname(server.databaseFile), 'secret.key'),
    ),
  );
const idOf = (cookie: string) => cookie.split('=')[1]?.split('.')[0] as string;
const newCookie = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`))
    ?.split(';')[0];

const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...SAME_ORIGIN, ...(cookie && { cookie }) },
    body: new URLSearchParams(fields),
  });
const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie } });
/** A staff-only download: 200 for a live, verified session; a redirect to sign in otherwise. */
const dashboardCsv = (cookie: string) => get('/beheer/dashboard.csv', cookie);

/** The mailed-code step: the half-signed-in cookie. */
async function firstFactor(email: string): Promise<string> {
  const before = server.resend.mails.length;
  const asked = await post('/beheer/inloggen', { email });
  const attempt = new URL(asked.headers.get('location') as string, server.url).searchParams.get('poging') as string;
  await server.deliverMail();
  const code = /\b(\d{8})\b/.exec(server.resend.mails.slice(before).find((m) => m.to.includes(email))?.text ?? '')?.[1];
  const res = await post('/beheer/code', { poging: attempt, code: code ?? '' });
  return newCookie(res, 'traject_beheer') as string;
}

/** The session as the store keeps it, a customer's or a staff member's. */
function storedSession(kind: 'staff' | 'customer', id: string) {
  return kind === 'staff' ? server.store.staff.session(id) : server.store.access.session(id);
}

/** Moves a session's sign-in and expiry: the same session written again through the store. */
async function setTimes(kind: 'staff' | 'customer', id: string, createdAt: Date, expiresAt: Date) {
  if (kind === 'staff') {
    const session = await server.store.staff.session(id);
    await server.store.staff.deleteSession(id);
    if (session) await server.store.staff.addSession({ ...session, createdAt, expiresAt });
  } else {
    const session = await server.store.access.session(id);
    await server.store.access.deleteSession(id);
    if (session) await server.store.access.addSession({ ...session, createdAt, expiresAt });
  }
}

describe('staff sessions: a new token at each step up', () => {
  it('renews the token when the second factor is passed; the half-signed-in token stops working', async () => {
    const email = 'stap@netbeheer-zuid.example';
    await server.store.staff.add({ organisation: 'netbeheer-zuid', email, name: 'Stap', role: 'viewer' });
    const half = await firstFactor(email);
    const passed = await post('/beheer/tweede-stap', { code: currentTotp(enrolmentKey(box(), idOf(half))) }, half);
    expect(passed.status).toBe(200);
    const full = newCookie(passed, 'traject_beheer') as string;
    expect(full).toMatch(/^traject_beheer=[a-z2-7]{24}\.[a-z2-7]{40}$/);
    expect(idOf(full)).not.toBe(idOf(half));
    expect((await dashboardCsv(full)).status).toBe(200);
    // The token from before the step (one a fixation attack would have planted) opens nothing.
    expect((await dashboardCsv(half)).headers.get('location')).toBe('/beheer/inloggen?fout=sessie');
    expect(await storedSession('staff', idOf(half))).toBeUndefined();
  });

  it('renews the token when a recovery code is used', async () => {
    const email = 'herstel-stap@netbeheer-zuid.example';
    await server.store.staff.add({ organisation: 'netbeheer-zuid', email, name: 'Herstel', role: 'viewer' });
    const first = await firstFactor(email);
    const enrolled = await post('/beheer/tweede-stap', { code: currentTotp(enrolmentKey(box(), idOf(first))) }, first);
    const codes = [...(await enrolled.text()).matchAll(/<code>([a-z2-7-]{19})<\/code>/g)].map((m) => m[1] as string);
    const half = await firstFactor(email);
    const recovered = await post('/beheer/herstelcode', { herstelcode: codes[0] as string }, half);
    expect(recovered.headers.get('location')).toBe('/beheer/tweede-stap?herstel=1');
    const renewed = newCookie(recovered, 'traject_beheer') as string;
    expect(idOf(renewed)).not.toBe(idOf(half));
    expect((await post('/beheer/tweede-stap', { code: '123456' }, half)).headers.get('location')).toBe(
      '/beheer/inloggen?fout=sessie',
    );
    // The new app is linked on the renewed session, which the second factor renews once more.
    const linked = await post('/beheer/tweede-stap', { code: currentTotp(enrolmentKey(box(), idOf(renewed))) }, renewed);
    expect(linked.status).toBe(200);
    const full = newCookie(linked, 'traject_beheer') as string;
    expect(idOf(full)).not.toBe(idOf(renewed));
    expect((await dashboardCsv(full)).status).toBe(200);
  });
});

describe('an absolute limit on every session', () => {
  it(`ends a staff session ${STAFF_SESSION_MAX_DAYS} days after sign-in, however often it was used`, async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'viewer' });
    const id = idOf(cookie);
    // Signed in eleven months ago and kept alive since: refused, not extended, and gone.
    await setTimes('staff', id, new Date(Date.now() - 330 * DAY), new Date(Date.now() + 3_600_000));
    const res = await dashboardCsv(cookie);
    expect(res.headers.get('location')).toBe('/beheer/inloggen?fout=sessie');
    expect(newCookie(res, 'traject_beheer')).toBeUndefined();
    expect(await storedSession('staff', id)).toBeUndefined();
  });

  it('extends a staff session no further than its limit', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'viewer' });
    const id = idOf(cookie);
    const end = Date.now() + 2 * 3_600_000;
    await setTimes('staff', id, new Date(end - STAFF_SESSION_MAX_DAYS * DAY), new Date(Date.now() + 3_600_000));
    const res = await dashboardCsv(cookie);
    expect(res.status).toBe(200);
    const expires = /Expires=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1] as string;
    expect(Math.abs(new Date(expires).getTime() - end)).toBeLessThan(2000);
    const stored = await storedSession('staff', id);
    expect(stored?.expiresAt.getTime()).toBe((stored?.createdAt.getTime() as number) + STAFF_SESSION_MAX_DAYS * DAY);
  });

  it(`ends a customer session ${CUSTOMER_SESSION_MAX_DAYS} days after sign-in`, async () => {
    const { token } = await createSession(server.store.access, 'lang@example.com');
    const id = token.split('.')[0] as string;
    await setTimes('customer', id, new Date(Date.now() - (CUSTOMER_SESSION_MAX_DAYS + 1) * DAY), new Date(Date.now() + DAY));
    const res = await get('/volg/mijn-gegevens', `traject_sessie=${token}`);
    expect(res.headers.get('location')).toBe('/volg?fout=inloggen');
    expect(await storedSession('customer', id)).toBeUndefined();
  });
});
