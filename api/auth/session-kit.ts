/**
 * Sessions as Lucia's maintainers now recommend owning them, for any kind of user: a token
 * "id.secret" in an HttpOnly, Secure, SameSite=Lax cookie; the database keeps the id and the
 * SHA-256 of the secret, compared in constant time; extended when less than half its life is
 * left (sliding expiry), but never past an absolute limit counted from the sign-in, however often
 * it is used. Customers and staff each get a kit with their own cookie, lifetime and limit.
 * https://lucia-auth.com/sessions/basic
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { parse, serialize } from 'hono/utils/cookie';
import { secretMatches, splitToken } from './tokens.ts';

export type StoredSession = { id: string; secretHash: string; createdAt: Date; expiresAt: Date };

export type SessionStorage<S extends StoredSession> = {
  session(id: string): Promise<S | undefined>;
  extendSession(id: string, expiresAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
};

/**
 * A kit for one kind of session: `lifetimeMs` of sliding expiry, `maxAgeMs` from the sign-in at
 * most; `path` limits where the browser sends its cookie.
 */
export function sessionKit(
  cookie: string,
  { lifetimeMs, maxAgeMs, path = '/' }: { lifetimeMs: number; maxAgeMs: number; path?: string },
) {
  const cookieOptions = (expiresAt: Date) =>
    ({ httpOnly: true, secure: true, sameSite: 'Lax', path, expires: expiresAt }) as const;
  /** When a session signed in at `createdAt` and used at `now` expires: a lifetime on, within its limit. */
  const expiry = (now: Date, createdAt = now) => new Date(Math.min(now.getTime() + lifetimeMs, createdAt.getTime() + maxAgeMs));

  /** The session behind a token, or undefined; extends it when it is past half its life (within its limit). */
  async function validate<S extends StoredSession>(storage: SessionStorage<S>, token: string, now = new Date()) {
    const parts = splitToken(token);
    if (!parts) return undefined;
    const session = await storage.session(parts.id);
    if (!session || !secretMatches(parts.secret, session.secretHash)) return undefined;
    const end = Math.min(session.expiresAt.getTime(), session.createdAt.getTime() + maxAgeMs);
    if (end <= now.getTime()) {
      await storage.deleteSession(session.id);
      return undefined;
    }
    const next = expiry(now, session.createdAt);
    const extended = session.expiresAt.getTime() - now.getTime() < lifetimeMs / 2 && next.getTime() > session.expiresAt.getTime();
    const expiresAt = extended ? next : session.expiresAt;
    if (extended) await storage.extendSession(session.id, expiresAt);
    return { session: { ...session, expiresAt }, extended };
  }

  const kit = {
    cookie,
    lifetimeMs,
    expiry,
    setCookie: (c: Context, token: string, expiresAt: Date) => setCookie(c, cookie, token, cookieOptions(expiresAt)),
    /** The Set-Cookie value for a response written outside Hono (the Astro pages). */
    cookieHeader: (token: string, expiresAt: Date) => serialize(cookie, token, cookieOptions(expiresAt)),
    /**
     * The session behind a Cookie header (pages rendered outside Hono), and the Set-Cookie to send
     * when it was extended.
     */
    async fromCookieHeader<S extends StoredSession>(
      storage: SessionStorage<S>,
      cookieHeader: string | undefined,
      now = new Date(),
    ) {
      const token = cookieHeader ? parse(cookieHeader, cookie)[cookie] : undefined;
      const result = token ? await validate(storage, token, now) : undefined;
      if (!token || !result) return { session: undefined, setCookie: undefined };
      return {
        session: result.session,
        setCookie: result.extended ? kit.cookieHeader(token, result.session.expiresAt) : undefined,
      };
    },
    clearCookie: (c: Context) => deleteCookie(c, cookie, { path, secure: true }),
    /** The session of this request, if any; refreshes the cookie when the session was extended. */
    async current<S extends StoredSession>(c: Context, storage: SessionStorage<S>): Promise<S | undefined> {
      const token = getCookie(c, cookie);
      if (!token) return undefined;
      const result = await validate(storage, token);
      if (!result) {
        kit.clearCookie(c);
        return undefined;
      }
      if (result.extended) kit.setCookie(c, token, result.session.expiresAt);
      return result.session;
    },
  };
  return kit;
}
