/**
 * Pop-up tokens: the proof that a pop-up answer comes from the page that showed the pop-up to the
 * aanvraag's applicant. The server signs (survey, aanvraagnummer, aanleiding, expiry) with a key
 * derived from its secret (api/auth/secret-box.ts); whoever may show the pop-up gets a token for
 * exactly that pop-up (POST /api/v1/enquetes/{enquete}/pop-up-tokens, for an organisation that
 * takes part in the aanvraag) and hands it to the widget loader. Nothing is stored: the answer
 * carries its context, and the server checks the signature over it in constant time.
 * docs/decisions/0017-pop-up-tokens.md
 *
 *   const tokens = popUpTokensFor(box);
 *   const { token } = tokens.mint({ survey: 'offerte', requestNumber: 'MA-2026-0000123', trigger: 'offerte-afgewezen' });
 *   tokens.valid(token, { survey: 'offerte', requestNumber: 'MA-2026-0000123', trigger: 'offerte-afgewezen' }); // true
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { SecretBox } from './secret-box.ts';

/** Long enough to answer four questions at leisure; short enough that a token seen later is useless. */
export const POP_UP_TOKEN_TTL_SECONDS = 60 * 60;

/** The one pop-up a token is for. Ids and numbers have no line breaks: the fields cannot run into each other. */
export type PopUpBinding = { survey: string; requestNumber: string; trigger: string };

export type PopUpTokens = {
  mint(binding: PopUpBinding): { token: string; expiresAt: Date };
  /** True for a token minted for this very binding that has not expired. */
  valid(token: string | undefined, binding: PopUpBinding): boolean;
};

/** `<expiry in unix seconds>.<128 bits of HMAC-SHA-256, base64url>`: 33 characters, safe in a URL. */
const FORMAT = /^([0-9]{10})\.([A-Za-z0-9_-]{22})$/;

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

export function popUpTokens(key: Uint8Array, now: () => Date = () => new Date()): PopUpTokens {
  const signature = ({ survey, requestNumber, trigger }: PopUpBinding, expires: string) =>
    encodeBase64urlNoPadding(
      createHmac('sha256', key).update(`pop-up\n${survey}\n${requestNumber}\n${trigger}\n${expires}`).digest().subarray(0, 16),
    );
  return {
    mint(binding) {
      const expires = String(Math.floor(now().getTime() / 1000) + POP_UP_TOKEN_TTL_SECONDS);
      return { token: `${expires}.${signature(binding, expires)}`, expiresAt: new Date(Number(expires) * 1000) };
    },
    valid(token, binding) {
      const [, expires = '', given = ''] = FORMAT.exec(token ?? '') ?? [];
      if (!expires) return false;
      // Both checks always run: the answer takes as long for a wrong signature as for an old token.
      const signed = constantTimeEqual(bytes(given), bytes(signature(binding, expires)));
      return signed && Number(expires) * 1000 > now().getTime();
    },
  };
}

/** The server's pop-up tokens, with a key of their own derived from its secret. */
export const popUpTokensFor = (box: SecretBox, now?: () => Date): PopUpTokens => popUpTokens(box.derive('pop-up-token', 32), now);
