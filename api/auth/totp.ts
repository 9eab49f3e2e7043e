/**
 * The second factor of staff: TOTP (RFC 6238) with @oslojs/otp, the library Lucia's guidance
 * uses. 30-second steps, 6 digits, one step of grace either way for clocks that drift.
 */
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { createTOTPKeyURI, generateHOTP, generateTOTP } from '@oslojs/otp';
import { renderSVG } from 'uqr';
import type { SecretBox } from './secret-box.ts';

const PERIOD = 30;
const DIGITS = 6;
const ISSUER = 'Traject';

/**
 * The key offered while a member sets up their app: derived from the server's secret and the
 * session, so a reload or a mistyped code shows the same QR code, and the key never travels
 * in a form. It is stored (encrypted) once the first code from the app matches it.
 */
export function enrolmentKey(box: SecretBox, sessionId: string): Uint8Array {
  return box.derive(`totp-enrolment:${sessionId}`, 20);
}

/**
 * The 30-second step whose code this is (the current one, or one either side for clocks that
 * drift), or undefined. The caller keeps the last step used, so each code works once.
 */
export function totpStep(key: Uint8Array, code: string, now = Date.now()): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const current = Math.floor(now / 1000 / PERIOD);
  const typed = new TextEncoder().encode(code);
  for (const step of [current - 1, current, current + 1]) {
    if (constantTimeEqual(new TextEncoder().encode(generateHOTP(key, BigInt(step), DIGITS)), typed)) return step;
  }
  return undefined;
}

/** The code an authenticator app shows now (tests and the demo use it). */
export function currentTotp(key: Uint8Array): string {
  return generateTOTP(key, PERIOD, DIGITS);
}

/** What an authenticator app scans: the otpauth:// URI and the same as a QR code in SVG. */
export function enrolment(key: Uint8Array, account: string): { uri: string; qrSvg: string } {
  const uri = createTOTPKeyURI(ISSUER, account, key, PERIOD, DIGITS);
  return { uri, qrSvg: renderSVG(uri, { border: 2 }) };
}
