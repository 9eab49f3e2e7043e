/**
 * Recovery codes: ten one-use codes, shown once when a member links an authenticator app, that
 * stand in for the app when it is lost. Using one resets the second factor, so the member links a
 * new app at once (api/routes/staff.ts). 80 random bits each; only their SHA-256 is stored.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { hashSecret } from './tokens.ts';

const RECOVERY_CODES = 10;

/** New codes as shown: "abcd-efgh-ijkl-mnop". */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const code = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
    return code.match(/.{4}/g)?.join('-') ?? code;
  });
}

/** The hash a code is stored and looked up by, however it was typed (case, spaces, dashes). */
export function recoveryCodeHash(typed: unknown): string | undefined {
  const code = typeof typed === 'string' ? typed.toLowerCase().replace(/[\s-]+/g, '') : '';
  return /^[a-z2-7]{16}$/.test(code) ? hashSecret(code) : undefined;
}
