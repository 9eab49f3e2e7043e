import { describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { openSqliteStore } from '../data/sqlite-store.ts';
import { issueLoginCode, type LoginCodeStore, MAX_ATTEMPTS, postedAttempt, redeemLoginCode } from './login-codes.ts';
import { newId } from './tokens.ts';

async function stores() {
  const store = openSqliteStore(':memory:');
  await seedDirectory(store);
  const member = await store.staff.add({
    organisation: 'netbeheer-zuid',
    role: 'viewer',
    name: 'Test',
    email: 'test@example.com',
  });
  return { store, member };
}

describe('sign-in codes, for customers and staff alike', () => {
  it('redeems a right code once, with spaces typed in it; a second time it is gone', async () => {
    const { store, member } = await stores();
    const roundTrip = async <Owner, Stored extends { codeHash: string; expiresAt: Date; attempts: number; usedAt: Date | null }>(
      codes: LoginCodeStore<Owner, Stored>,
      owner: Owner,
    ) => {
      const attempt = newId();
      const code = await issueLoginCode(codes, attempt, owner, 10);
      expect(code).toMatch(/^[0-9]{8}$/);
      const typed = `${code.slice(0, 4)} ${code.slice(4)}`;
      expect(await redeemLoginCode(codes, attempt, typed)).toMatchObject(owner as object);
      expect(await redeemLoginCode(codes, attempt, typed)).toBeUndefined();
    };
    await roundTrip(store.access, { email: 'sanne@example.com' });
    await roundTrip(store.staff, { staffId: member.id });
  });

  it(`refuses the right code after ${MAX_ATTEMPTS} wrong ones, and once expired`, async () => {
    const { store } = await stores();
    const attempt = newId();
    const code = await issueLoginCode(store.access, attempt, { email: 'sanne@example.com' }, 10);
    for (let i = 0; i < MAX_ATTEMPTS; i++) expect(await redeemLoginCode(store.access, attempt, '00000000')).toBeUndefined();
    expect(await redeemLoginCode(store.access, attempt, code)).toBeUndefined();
    const later = newId();
    const fresh = await issueLoginCode(store.access, later, { email: 'sanne@example.com' }, 10);
    expect(await redeemLoginCode(store.access, later, fresh, new Date(Date.now() + 11 * 60_000))).toBeUndefined();
  });

  it('refuses the right code when wrong guesses racing it used up the tries after it was read', async () => {
    const { store } = await stores();
    const attempt = newId();
    const code = await issueLoginCode(store.access, attempt, { email: 'sanne@example.com' }, 10);
    // The right guess reads the code (0 tries), then waits; meanwhile five wrong guesses land.
    const redeeming = redeemLoginCode(store.access, attempt, code);
    // Not awaited one by one: each update runs at once, all before the right guess goes on.
    const wrong = Array.from({ length: MAX_ATTEMPTS }, () => store.access.failLoginCode(attempt));
    expect(await redeeming).toBeUndefined();
    expect(await Promise.all(wrong)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads only a well-formed attempt id from a form', () => {
    const id = newId();
    expect(postedAttempt(id)).toBe(id);
    for (const bad of [undefined, 42, '', '1'.repeat(24), `${id}x`]) expect(postedAttempt(bad)).toBe('');
  });
});
