import { describe, expect, it } from 'vitest';
import { POP_UP_TOKEN_TTL_SECONDS, popUpTokens } from './popup-token.ts';

const key = new Uint8Array(32).fill(3);
const offerte = { survey: 'offerte', requestNumber: 'MA-2026-0000123', trigger: 'offerte-afgewezen' };
const at = (iso: string) => () => new Date(iso);

describe('pop-up tokens', () => {
  it('hold for their own pop-up for an hour, and no longer', () => {
    const { token, expiresAt } = popUpTokens(key, at('2026-12-06T10:00:00Z')).mint(offerte);
    expect(token).toMatch(/^[0-9]{10}\.[A-Za-z0-9_-]{22}$/);
    expect(expiresAt.toISOString()).toBe('2026-12-06T11:00:00.000Z');
    expect(POP_UP_TOKEN_TTL_SECONDS).toBe(3600);
    expect(popUpTokens(key, at('2026-12-06T10:59:59Z')).valid(token, offerte)).toBe(true);
    expect(popUpTokens(key, at('2026-12-06T11:00:00Z')).valid(token, offerte)).toBe(false);
  });

  it('hold for nothing else: another survey, aanvraag, trigger, key, expiry or signature', () => {
    const tokens = popUpTokens(key, at('2026-12-06T10:00:00Z'));
    const { token } = tokens.mint(offerte);
    const [expires, signature] = token.split('.') as [string, string];
    expect(tokens.valid(token, { ...offerte, survey: 'webfeedback' })).toBe(false);
    expect(tokens.valid(token, { ...offerte, requestNumber: 'MA-2026-0000124' })).toBe(false);
    expect(tokens.valid(token, { ...offerte, trigger: 'offerte-geaccepteerd' })).toBe(false);
    expect(popUpTokens(new Uint8Array(32).fill(4), at('2026-12-06T10:00:00Z')).valid(token, offerte)).toBe(false);
    expect(tokens.valid(`${Number(expires) + 3600}.${signature}`, offerte)).toBe(false);
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    expect(tokens.valid(`${expires}.${flipped}`, offerte)).toBe(false);
    for (const bad of [undefined, '', 'x', `${expires}.${signature}=`, ` ${token}`, `${token}.x`])
      expect(tokens.valid(bad, offerte), String(bad)).toBe(false);
  });
});
