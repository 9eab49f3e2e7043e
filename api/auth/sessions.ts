/**
 * Customer sessions (api/auth/session-kit.ts): 30 days, sliding, at most 90 days from the sign-in,
 * keyed to the e-mail address the customer proved with a code or a personal link.
 */
import type { Context } from 'hono';
import type { CustomerAccessStore } from '../storage/store.ts';
import { sessionKit } from './session-kit.ts';
import { newToken } from './tokens.ts';

export const SESSION_COOKIE = 'traject_sessie';
const kit = sessionKit(SESSION_COOKIE, { lifetimeMs: 30 * 86_400_000, maxAgeMs: 90 * 86_400_000 });

export type Customer = { sessionId: string; email: string };

export async function createSession(access: CustomerAccessStore, email: string, now = new Date()) {
  const token = newToken();
  const expiresAt = kit.expiry(now);
  await access.addSession({ id: token.id, secretHash: token.secretHash, email, createdAt: now, expiresAt });
  return { token: token.token, expiresAt };
}

/** The customer behind a Cookie header (the Astro pages), and the Set-Cookie when the session was extended. */
export async function customerFromCookie(access: CustomerAccessStore, cookieHeader: string | undefined, now = new Date()) {
  const { session, setCookie } = await kit.fromCookieHeader(access, cookieHeader, now);
  const customer: Customer | undefined = session && { sessionId: session.id, email: session.email };
  return { customer, setCookie };
}

export const setSessionCookie = kit.setCookie;
export const clearSessionCookie = kit.clearCookie;

/** The signed-in customer of this request, if any; refreshes the cookie when the session was extended. */
export async function currentCustomer(c: Context, access: CustomerAccessStore): Promise<Customer | undefined> {
  const session = await kit.current(c, access);
  return session && { sessionId: session.id, email: session.email };
}
