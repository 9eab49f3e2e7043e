/**
 * The one rule for text that people type or systems send: no control characters (NUL, ESC, DEL,
 * the C1 range) and no lone surrogates, which would be stored and shown raw. Tab and line breaks
 * stay allowed: summaries and free-text answers have several lines.
 */
import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this rule's purpose.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** True when the text holds a control character or a lone surrogate. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value) || !value.isWellFormed();
}

export const CONTROL_CHARACTERS_MESSAGE = 'mag geen stuurtekens bevatten (zoals NUL of ESC)';

/** A string schema that refuses control characters, with the Dutch message that names them; `params` as for z.string(). */
export const plainString = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine((v) => !hasControlCharacters(v), CONTROL_CHARACTERS_MESSAGE);
