import { join } from 'node:path';
import { seedDirectory } from '../demo/seed.ts';
import type { Message } from '../domain/messages.ts';
import type { StaffRole } from '../domain/staff.ts';
import { secretBox } from './auth/secret-box.ts';
import { createStaffSession, STAFF_COOKIE } from './auth/staff-sessions.ts';
import { loadConfig } from './config.ts';
import { openStore } from './core/open-store.ts';
import { createLogger, type Logger } from './http/logger.ts';
import { type FakeResend, startFakeResend } from './mail/fake-resend.ts';
import { type FakeSms, startFakeSms } from './mail/fake-sms.ts';
import { type RunningServer, type StartOptions, startServer } from './server.ts';
import { type StaffPortal, staffPortal } from './staff-portal.ts';
import type { Where } from './storage/contract.ts';
import type { Store } from './storage/store.ts';
import { createTestData, TEST_SECRET_KEY } from './storage/testing/test-store.ts';

// Response bodies are whatever the server sent: tests assert on their shape.
// biome-ignore lint/suspicious/noExplicitAny: a JSON body read by assertions
type Json = any;

export type TestServer = RunningServer & {
  resend: FakeResend;
  sms: FakeSms;
  keys: Map<string, string>;
  databaseFile: string;
  /** Where the server's data is, for a second connection (another process) in a test. */
  where: Where;
  post: (key: string | undefined, body: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Json }>;
  get: (key: string | undefined, path: string) => Promise<{ status: number; body: Json; headers: Headers }>;
};

export async function startTestServer(
  env: Record<string, string> = {},
  log = createLogger('silent'),
  options: StartOptions = {},
): Promise<TestServer> {
  const resend = await startFakeResend();
  const sms = await startFakeSms();
  const data = await createTestData();
  const databaseFile = data.where.DATABASE_FILE;
  const seeding = await openStore(data.where);
  const keys = await seedDirectory(seeding);
  await seeding.close();
  const config = loadConfig({
    PORT: '0',
    DATABASE_FILE: databaseFile,
    ...(data.where.DATABASE_URL && { DATABASE_URL: data.where.DATABASE_URL, SECRET_KEY: TEST_SECRET_KEY }),
    SITE_DIR: join(databaseFile, 'no-site'),
    RESEND_API_KEY: 're_test',
    RESEND_BASE_URL: resend.url,
    SMS_API_URL: sms.url,
    SMS_API_KEY: 'sms_test',
    // Its mails to staff would land among those a test counts (api/core/daily-digest.test.ts tests it).
    DAILY_DIGEST: 'uit',
    ...env,
  });
  const running = await startServer(config, log, options);
  const auth = (key?: string): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
  return {
    ...running,
    close: async () => {
      await running.close();
      await resend.close();
      await sms.close();
      await data.drop();
    },
    resend,
    sms,
    keys,
    databaseFile,
    where: data.where,
    async post(key, body, headers = {}) {
      const res = await fetch(`${running.url}/api/v1/berichten`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(key), ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    async get(key, path) {
      const res = await fetch(`${running.url}${path}`, { headers: auth(key) });
      return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
    },
  };
}

/** A valid request_submitted message for the demo world (combi brabant-oost). */
export function submission(requestNumber: string, overrides: Partial<Record<string, unknown>> = {}): Message {
  return {
    id: `${requestNumber}-submitted`,
    type: 'request_submitted',
    requestNumber,
    occurredAt: '2026-11-02T10:00:00+01:00',
    kind: 'nieuwe_aansluiting',
    combi: 'brabant-oost',
    applicant: { name: 'Sanne de Vries', email: 'sanne@example.com', phone: '06 12345678' },
    address: { street: 'Molenweg', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' },
    wishDate: '2027-03-01',
    workOrders: [
      { id: `${requestNumber}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' },
      { id: `${requestNumber}-W`, discipline: 'water', gridOperator: 'waterbedrijf-peel' },
    ],
    ...overrides,
  } as Message;
}

/** A valid contact_logged message (KCM B by phone), as a grid operator's system would send it. */
export function contactLogged(requestNumber: string, id: string, overrides: Record<string, unknown> = {}): Message {
  return {
    id,
    type: 'contact_logged',
    requestNumber,
    occurredAt: '2026-11-03T09:30:00+01:00',
    contactMoment: 'B',
    channel: 'telefoon',
    staffName: 'Petra Jansen',
    spokeWith: 'Sanne de Vries',
    subject: 'Intake',
    summary: 'Aanvraag doorgenomen.',
    ...overrides,
  } as Message;
}

/**
 * A staff member with a signed-in session that passed both factors, made directly in the
 * database (as the Epic Stack's fixtures do): the Cookie header to send to /beheer.
 */
export async function staffCookie(
  store: Store,
  member: { organisation: string; role: StaffRole; email?: string; name?: string },
): Promise<{ cookie: string; id: number; token: string }> {
  const email = member.email ?? `${member.role}.${member.organisation}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const record = (await store.staff.byEmail(email)) ?? (await store.staff.add({ name: 'Test Medewerker', ...member, email }));
  const { token } = await createStaffSession(store.staff, record.id, { twoFactorVerified: true });
  return { cookie: `${STAFF_COOKIE}=${token}`, id: record.id, token };
}

/** The staff portal of a new member signed in with both factors, read without HTTP; its log lines go to `log`. */
export async function testStaffPortal(store: Store, organisation: string, role: StaffRole, log?: Logger): Promise<StaffPortal> {
  const { id } = await staffCookie(store, { organisation, role });
  const signIn = { sessionId: 'test', staffId: id, twoFactorVerified: true, createdAt: new Date() };
  return (await staffPortal(store, secretBox(new Uint8Array(32)), signIn, { log })) as StaffPortal;
}

/** The header a browser sends with a form of our own site (api/http/same-origin.ts). */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** Posts a form as a browser would (a list as the field repeated), without following the redirect. */
export function postForm(
  base: string,
  path: string,
  cookie: string,
  form: Record<string, string | string[]>,
  headers: Record<string, string> = SAME_ORIGIN,
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}
