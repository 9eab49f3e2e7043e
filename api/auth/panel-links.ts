/**
 * The personal link of a klantenpanel invitee (/klantenpanel/{id.secret}): the secret is an HMAC
 * of the id with a key derived from the server's secret (api/auth/secret-box.ts), so every later
 * mail (a place freed, the questionnaire, the summary) carries the same link without keeping the
 * secret; the database keeps only its SHA-256, as for the other personal links (api/auth/tokens.ts).
 */
import { createHmac } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { SecretBox } from './secret-box.ts';
import { hashSecret, newId, secretMatches, splitToken } from './tokens.ts';

export type PanelLinks = {
  /** A new invitee's id, the token of their link and the hash to keep. */
  mint(): { id: string; token: string; secretHash: string };
  /** The token of an invitee's link, again. */
  tokenOf(id: string): string;
  /** The id a token names, when its secret is the one kept for it. */
  check(token: string, secretHashOf: (id: string) => Promise<string | undefined>): Promise<string | undefined>;
};

export function panelLinks(box: SecretBox): PanelLinks {
  const key = box.derive('panel-link', 32);
  // 25 bytes in base32: 40 characters, the shape of every personal link's secret.
  const secretOf = (id: string) => encodeBase32LowerCaseNoPadding(createHmac('sha256', key).update(id).digest().subarray(0, 25));
  return {
    mint() {
      const id = newId();
      const secret = secretOf(id);
      return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
    },
    tokenOf: (id) => `${id}.${secretOf(id)}`,
    async check(token, secretHashOf) {
      const parts = splitToken(token);
      if (!parts) return undefined;
      const hash = await secretHashOf(parts.id);
      return hash && secretMatches(parts.secret, hash) ? parts.id : undefined;
    },
  };
}
