/**
 * Customer sessions (api/auth/session-kit.ts): 30 days, sliding, keyed to the e-mail address the
 * customer proved with a code or a personal link.
 */
import type { Context } from 'hono';
import type { CustomerAccessStore } from '../data/store.ts';
import { sessionKit } from './session-kit.ts';
import { newToken } from './tokens.ts';

export const SESSION_COOKIE = 'traject_sessie';
const kit = sessionKit(SESSION_COOKIE, 30 * 86_400_000);

export type Customer = { sessionId: string; email: string };

export async function createSession(access: CustomerAccessStore, email: string, now = new Date()) {
  const token = newToken();
  const expiresAt = kit.expiry(now);
  await access.addSession({ id: token.id, secretHash: token.secretHash, email, expiresAt });
  return { token: token.token, expiresAt };
}

/** The session behind a token, or undefined; extends it when it is past half its life. */
export async function validateSession(access: CustomerAccessStore, token: string, now = new Date()) {
  const result = await kit.validate(access, token, now);
  if (!result) return undefined;
  const { session, extended } = result;
  return { customer: { sessionId: session.id, email: session.email } satisfies Customer, expiresAt: session.expiresAt, extended };
}

export const setSessionCookie = kit.setCookie;
export const sessionCookieHeader = kit.cookieHeader;
export const sessionToken = kit.tokenIn;
export const clearSessionCookie = kit.clearCookie;

/** The signed-in customer of this request, if any; refreshes the cookie when the session was extended. */
export async function currentCustomer(c: Context, access: CustomerAccessStore): Promise<Customer | undefined> {
  const session = await kit.current(c, access);
  return session && { sessionId: session.id, email: session.email };
}
