/**
 * One-time sign-in codes, for customers (/volg) and staff (/beheer) alike: 8 digits sent by mail,
 * stored hashed, valid for a few minutes, one use, MAX_ATTEMPTS tries. Each side keeps its codes
 * in a table of its own (its store offers the same methods) and words its own mail.
 */
import { hashSecret, newLoginCode, secretMatches } from './tokens.ts';

export const MAX_ATTEMPTS = 5;
/** How long a code works, in minutes: customers may have to find the mail first; staff sign in at work. */
export const CODE_MINUTES = { customer: 15, staff: 10 } as const;

type NewCode = { id: string; codeHash: string; expiresAt: Date };
type StoredCode = { codeHash: string; expiresAt: Date; attempts: number; usedAt: Date | null };

export type LoginCodeStore<Owner, Stored extends StoredCode> = {
  addLoginCode(code: Owner & NewCode): Promise<void>;
  loginCode(id: string): Promise<Stored | undefined>;
  failLoginCode(id: string): Promise<number>;
  useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean>;
};

/** Stores a new code for the sign-in attempt `id` of `owner` and returns it, to be mailed. */
export async function issueLoginCode<Owner, Stored extends StoredCode>(
  codes: LoginCodeStore<Owner, Stored>,
  id: string,
  owner: Owner,
  minutes: number,
): Promise<string> {
  const code = newLoginCode();
  await codes.addLoginCode({ ...owner, id, codeHash: hashSecret(code), expiresAt: new Date(Date.now() + minutes * 60_000) });
  return code;
}

/** The attempt id a code form posted, or '' when it is not one. */
export function postedAttempt(value: unknown): string {
  return typeof value === 'string' && /^[a-z2-7]{24}$/.test(value) ? value : '';
}

/**
 * The stored code, used up, when `typed` is its code and it is unused, unexpired and within its
 * tries; undefined otherwise, and a wrong code costs a try. Spaces in what was typed are ignored.
 */
export async function redeemLoginCode<Owner, Stored extends StoredCode>(
  codes: LoginCodeStore<Owner, Stored>,
  attempt: string,
  typed: unknown,
  now = new Date(),
): Promise<Stored | undefined> {
  const digits = typeof typed === 'string' ? typed.replace(/\s+/g, '') : '';
  const code = attempt ? await codes.loginCode(attempt) : undefined;
  if (!code || code.usedAt || code.expiresAt.getTime() < now.getTime() || code.attempts >= MAX_ATTEMPTS) return undefined;
  if (!/^[0-9]{8}$/.test(digits) || !secretMatches(digits, code.codeHash)) {
    await codes.failLoginCode(attempt);
    return undefined;
  }
  // Checked again in the update itself: guesses racing this one may have used up the tries.
  return (await codes.useLoginCode(attempt, now, MAX_ATTEMPTS)) ? code : undefined;
}
