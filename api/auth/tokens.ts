/**
 * Secrets for sessions, personal links and sign-in codes, after Lucia's guidance: a public id plus
 * a random secret; only the SHA-256 of the secret is stored and compared in constant time.
 * https://lucia-auth.com/sessions/basic
 */
import { createHash } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

// Random bytes from the CSPRNG in blocks: ingestion makes two tokens per mail, and one call
// per token costs more than the hashing.
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolOffset = 0;

function randomBytes(count: number): Uint8Array {
  if (poolOffset + count > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

function randomString(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

/** SHA-256, hex. Node's native hash: ingestion makes two personal links per mail, at thousands a second. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = new TextEncoder().encode(hashSecret(secret));
  const b = new TextEncoder().encode(storedHash);
  return a.length === b.length && constantTimeEqual(a, b);
}

/** A new token "id.secret": 120 bits of id, 200 bits of secret. */
export function newToken(): { id: string; secret: string; token: string; secretHash: string } {
  const id = randomString(15);
  const secret = randomString(25);
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function splitToken(token: string): { id: string; secret: string } | undefined {
  const match = /^([a-z2-7]{24})\.([a-z2-7]{40})$/.exec(token);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
}

/** A sign-in code people can type: 8 digits, unbiased. */
export function newLoginCode(): string {
  const digits: number[] = [];
  while (digits.length < 8) {
    const [byte] = randomBytes(1);
    if (byte !== undefined && byte < 250) digits.push(byte % 10);
  }
  return digits.join('');
}

export function newId(): string {
  return randomString(15);
}
