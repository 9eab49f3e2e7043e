/**
 * Tokens of personal calendar feeds: "id.secret", in the shape of the other tokens (tokens.ts), and
 * like them only the SHA-256 of the secret is stored and compared in constant time. The secret is
 * an HMAC of the id under a key derived from the server's secret, so the track & trace page can
 * show the owner their feed's address again (a calendar on a second device) without the database
 * holding it: a copy of the database alone opens no feed. docs/decisions/0030-calendar-feeds.md
 */
import { createHmac } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { SecretBox } from './secret-box.ts';
import { hashSecret, newId, secretMatches, splitToken } from './tokens.ts';

export type CalendarFeedTokens = DerivedTokens;

/** Tokens whose secret is derived from their id (calendar feeds, klantenpanel links): shown again without being kept. */
export type DerivedTokens = {
  /** A new id, its token and the hash to store. */
  mint(): { id: string; token: string; secretHash: string };
  /** The token of an existing id, to show or mail it again. */
  tokenOf(id: string): string;
  /** The id of a well-formed token, to look its feed up; undefined for anything else. */
  idOf(token: string): string | undefined;
  /** Whether the token's secret is the one whose hash is stored. */
  matches(token: string, storedHash: string): boolean;
};

export const calendarFeedTokens = (box: SecretBox): CalendarFeedTokens => derivedTokens(box, 'calendar-feed');

/** Per server secret and label, derived once: pages and routes ask for them on every view. */
const derived = new WeakMap<SecretBox, Map<string, DerivedTokens>>();

/** Tokens under a key derived for `label`: another label, other secrets. */
export function derivedTokens(box: SecretBox, label: string): DerivedTokens {
  let labels = derived.get(box);
  if (!labels) {
    labels = new Map();
    derived.set(box, labels);
  }
  let tokens = labels.get(label);
  if (!tokens) {
    tokens = deriveTokens(box, label);
    labels.set(label, tokens);
  }
  return tokens;
}

function deriveTokens(box: SecretBox, label: string): DerivedTokens {
  const key = box.derive(label, 32);
  // 25 bytes: the 40 base32 characters of every other token's secret.
  const secretOf = (id: string) => encodeBase32LowerCaseNoPadding(createHmac('sha256', key).update(id).digest().subarray(0, 25));
  return {
    mint() {
      const id = newId();
      const secret = secretOf(id);
      return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
    },
    tokenOf: (id) => `${id}.${secretOf(id)}`,
    idOf: (token) => splitToken(token)?.id,
    matches(token, storedHash) {
      const parts = splitToken(token);
      return !!parts && secretMatches(parts.secret, storedHash);
    },
  };
}
