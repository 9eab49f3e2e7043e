/**
 * Encrypts the few secrets the server must read back (staff TOTP keys) with AES-256-GCM, so a
 * copy of the database alone does not give away anyone's second factor. The key comes from
 * SECRET_KEY (base64, 32 bytes) or, for a local run, from a file beside the database that is
 * made once with mode 0600. https://lucia-auth.com/tutorials/two-factor-authentication
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';

export type SecretBox = {
  seal(plain: Uint8Array): string;
  open(sealed: string): Uint8Array;
  /** A key derived from the server's secret for `label` (HMAC-SHA-256): the same label, the same key. */
  derive(label: string, bytes: number): Uint8Array;
};

export function secretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error('SECRET_KEY must be 32 bytes (base64)');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return encodeBase64(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    derive(label, bytes) {
      return new Uint8Array(createHmac('sha256', key).update(label).digest().subarray(0, bytes));
    },
    open(sealed) {
      const bytes = decodeBase64(sealed);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]));
    },
  };
}

/** The server's box: SECRET_KEY, or the key file beside the database. */
export function secretBoxFor(config: { SECRET_KEY?: string | undefined; DATABASE_FILE: string }): SecretBox {
  return secretBox(loadSecretKey(config.SECRET_KEY, join(dirname(config.DATABASE_FILE), 'secret.key')));
}

/** The key from SECRET_KEY, or from `file` (created on first use for local runs). */
export function loadSecretKey(fromEnv: string | undefined, file: string): Uint8Array {
  if (fromEnv) return decodeBase64(fromEnv);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, encodeBase64(randomBytes(32)), { mode: 0o600, flag: 'wx' });
  }
  return decodeBase64(readFileSync(file, 'utf8').trim());
}
