/**
 * Staff sessions (api/auth/session-kit.ts): 12 hours, sliding, with Lucia's two-factor flag. A
 * session made after the e-mail code is only half a sign-in: until its TOTP code is verified,
 * the session opens the second-factor page and nothing else. The cookie is sent to /beheer only.
 */
import type { Context } from 'hono';
import type { StaffStore } from '../data/store.ts';
import { sessionKit } from './session-kit.ts';
import { newToken } from './tokens.ts';

export const STAFF_COOKIE = 'traject_beheer';
export const staffKit = sessionKit(STAFF_COOKIE, 12 * 3_600_000, '/beheer');

export type StaffSignIn = { sessionId: string; staffId: number; twoFactorVerified: boolean };

export async function createStaffSession(
  staff: StaffStore,
  staffId: number,
  { twoFactorVerified = false, now = new Date() }: { twoFactorVerified?: boolean; now?: Date } = {},
) {
  const token = newToken();
  const expiresAt = staffKit.expiry(now);
  await staff.addSession({ id: token.id, secretHash: token.secretHash, staffId, twoFactorVerified, expiresAt });
  return { token: token.token, expiresAt };
}

const signInOf = (s: { id: string; staffId: number; twoFactorVerified: boolean }): StaffSignIn => ({
  sessionId: s.id,
  staffId: s.staffId,
  twoFactorVerified: s.twoFactorVerified,
});

/** The staff session behind a Cookie header (the Astro pages), and the Set-Cookie when it was extended. */
export async function staffFromCookie(staff: StaffStore, cookieHeader: string | undefined, now = new Date()) {
  const { session, setCookie } = await staffKit.fromCookieHeader(staff, cookieHeader, now);
  return { signIn: session && signInOf(session), setCookie };
}

/** The staff session of this request (Hono routes), if any. */
export async function currentStaff(c: Context, staff: StaffStore): Promise<StaffSignIn | undefined> {
  const session = await staffKit.current(c, staff);
  return session && signInOf(session);
}
