/**
 * Staff sessions (api/auth/session-kit.ts): 12 hours, sliding, at most 7 days from the sign-in,
 * with Lucia's two-factor flag. A session made after the e-mail code is only half a sign-in: until
 * its TOTP code is verified, the session opens the second-factor page and nothing else. Each step
 * up (the app's code, a recovery code) gives a new token, so one known before the step, planted
 * or seen, is worth nothing after it. The cookie is sent to /beheer only.
 */
import type { Context } from 'hono';
import type { StaffStore } from '../storage/store.ts';
import { sessionKit } from './session-kit.ts';
import { newToken } from './tokens.ts';

export const STAFF_COOKIE = 'traject_beheer';
export const staffKit = sessionKit(STAFF_COOKIE, { lifetimeMs: 12 * 3_600_000, maxAgeMs: 7 * 86_400_000, path: '/beheer' });

export type StaffSignIn = { sessionId: string; staffId: number; twoFactorVerified: boolean; createdAt: Date };

export async function createStaffSession(
  staff: StaffStore,
  staffId: number,
  {
    twoFactorVerified = false,
    now = new Date(),
    createdAt = now,
  }: { twoFactorVerified?: boolean; now?: Date; createdAt?: Date } = {},
) {
  const token = newToken();
  const expiresAt = staffKit.expiry(now, createdAt);
  await staff.addSession({ id: token.id, secretHash: token.secretHash, staffId, twoFactorVerified, createdAt, expiresAt });
  return { token: token.token, expiresAt };
}

/**
 * A new token for the member of `signIn`, replacing the old one, which stops working: at each
 * step up. The sign-in time stays, so renewing never extends the session's absolute limit.
 */
export async function renewStaffSession(staff: StaffStore, signIn: StaffSignIn, twoFactorVerified: boolean) {
  const renewed = await createStaffSession(staff, signIn.staffId, { twoFactorVerified, createdAt: signIn.createdAt });
  await staff.deleteSession(signIn.sessionId);
  return renewed;
}

const signInOf = (s: { id: string; staffId: number; twoFactorVerified: boolean; createdAt: Date }): StaffSignIn => ({
  sessionId: s.id,
  staffId: s.staffId,
  twoFactorVerified: s.twoFactorVerified,
  createdAt: s.createdAt,
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
