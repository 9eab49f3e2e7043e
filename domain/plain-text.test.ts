import { describe, expect, it } from 'vitest';
import { hasControlCharacters, plainString } from './plain-text.ts';

describe('plain text', () => {
  it('refuses NUL, ESC, DEL, C1 controls and lone surrogates', () => {
    for (const bad of ['a\u0000b', '\u001b[31mrood', 'x\u007f', 'x\u0085', 'half \ud800', '\udc00 half'])
      expect(hasControlCharacters(bad), JSON.stringify(bad)).toBe(true);
  });
  it('allows tabs, line breaks, accents and emoji', () => {
    for (const good of ['Één regel', 'twee\nregels\r\n', 'met\ttab', 'blij 😀', 'Straße'])
      expect(hasControlCharacters(good), JSON.stringify(good)).toBe(false);
  });
  it('gives a Dutch message through zod', () => {
    const result = plainString().safeParse('a\u0000');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/stuurtekens/);
  });
});
