/**
 * Customer sessions as Lucia's maintainers now recommend owning them: a token "id.secret" in an
 * HttpOnly, Secure, SameSite=Lax cookie; the database keeps the id and the SHA-256 of the secret;
 * 30 days, extended when less than half is left (sliding expiry).
 * https://lucia-auth.com/sessions/basic
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { parse, serialize } from 'hono/utils/cookie';
import type { CustomerAccessStore } from '../data/store.ts';
import { newToken, secretMatches, splitToken } from './tokens.ts';

export const SESSION_COOKIE = 'traject_sessie';
const LIFETIME_MS = 30 * 86_400_000;

export type Customer = { sessionId: string; email: string };

export async function createSession(access: CustomerAccessStore, email: string, now = new Date()) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LIFETIME_MS);
  await access.addSession({ id: token.id, secretHash: token.secretHash, email, expiresAt });
  return { token: token.token, expiresAt };
}

/** The session behind a token, or undefined; extends it when it is past half its life. */
export async function validateSession(access: CustomerAccessStore, token: string, now = new Date()) {
  const parts = splitToken(token);
  if (!parts) return undefined;
  const session = await access.session(parts.id);
  if (!session || !secretMatches(parts.secret, session.secretHash)) return undefined;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await access.deleteSession(session.id);
    return undefined;
  }
  const extended = session.expiresAt.getTime() - now.getTime() < LIFETIME_MS / 2;
  const expiresAt = extended ? new Date(now.getTime() + LIFETIME_MS) : session.expiresAt;
  if (extended) await access.extendSession(session.id, expiresAt);
  return { customer: { sessionId: session.id, email: session.email } satisfies Customer, expiresAt, extended };
}

const cookieOptions = (expiresAt: Date) =>
  ({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/', expires: expiresAt }) as const;

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(expiresAt));
}

/** The Set-Cookie value for a response written outside Hono (the Astro pages). */
export function sessionCookieHeader(token: string, expiresAt: Date): string {
  return serialize(SESSION_COOKIE, token, cookieOptions(expiresAt));
}

/** The session token in a Cookie header, if any. */
export function sessionToken(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parse(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}

/** The signed-in customer of this request, if any; refreshes the cookie when the session was extended. */
export async function currentCustomer(c: Context, access: CustomerAccessStore): Promise<Customer | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  const result = await validateSession(access, token);
  if (!result) {
    clearSessionCookie(c);
    return undefined;
  }
  if (result.extended) setSessionCookie(c, token, result.expiresAt);
  return result.customer;
}
