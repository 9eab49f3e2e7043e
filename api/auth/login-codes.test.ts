import { afterEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import type { LoginCode, Store } from '../storage/store.ts';
import { openTestStore } from '../storage/testing/test-store.ts';
import { issueLoginCode, type LoginCodeStore, MAX_ATTEMPTS, postedAttempt, redeemLoginCode } from './login-codes.ts';
import { newId } from './tokens.ts';

let opened: Store | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** A store on a fresh database of the test project's kind (SQLite or PostgreSQL). */
async function stores() {
  const store = await openTestStore();
  opened = store;
  await seedDirectory(store);
  return { store };
}

describe('sign-in codes, for customers and staff alike', () => {
  it('redeems a right code once, with spaces typed in it; a second time it is gone', async () => {
    const { store } = await stores();
    const member = await store.staff.add({
      organisation: 'netbeheer-zuid',
      role: 'viewer',
      name: 'Test',
      email: 'test@example.com',
    });
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
    // The right guess reads the code (0 tries), then waits until five wrong guesses have landed.
    const { promise: read, resolve: hasRead } = Promise.withResolvers<void>();
    const { promise: landed, resolve: haveLanded } = Promise.withResolvers<void>();
    const access = store.access;
    const paused: LoginCodeStore<{ email: string }, LoginCode> = {
      addLoginCode: (c) => access.addLoginCode(c),
      failLoginCode: (id) => access.failLoginCode(id),
      useLoginCode: (id, at, max) => access.useLoginCode(id, at, max),
      loginCode: async (id) => {
        const stored = await access.loginCode(id);
        hasRead();
        await landed;
        return stored;
      },
    };
    const redeeming = redeemLoginCode(paused, attempt, code);
    await read;
    // Not awaited one by one: they run at once (on several connections, on PostgreSQL).
    const wrong = await Promise.all(Array.from({ length: MAX_ATTEMPTS }, () => access.failLoginCode(attempt)));
    haveLanded();
    expect(await redeeming).toBeUndefined();
    expect(wrong.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads only a well-formed attempt id from a form', () => {
    const id = newId();
    expect(postedAttempt(id)).toBe(id);
    for (const bad of [undefined, 42, '', '1'.repeat(24), `${id}x`]) expect(postedAttempt(bad)).toBe('');
  });
});
