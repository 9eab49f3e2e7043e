/**
 * The limits on asking for a sign-in code, for customers (per e-mail address or aanvraagnummer)
 * and staff (per e-mail address) alike. They slow whoever asks, not whoever is asked about: a
 * stranger who names someone's account five times must not lock its owner out.
 *  - per source address: 20 a window, whatever the accounts;
 *  - per source address and account: 5 a window;
 *  - per account, from all sources together: a budget of 20 a window. Past it, a source that
 *    already asked for this account waits, while a source new to it still gets its code: an
 *    attacker with many addresses cannot flood the account's mailbox without end, and its owner,
 *    asking from their own address, still signs in.
 * The tries of a code stay limited per code (api/auth/login-codes.ts). Why: decision 0020.
 */
import type { RateLimitStore } from '../storage/store.ts';
import { type Hit, rateLimiter } from './rate-limit.ts';

const SIGN_IN_LIMITS = { perSource: 20, perSourceAndAccount: 5, perAccount: 20 } as const;

/** Whether `source` may ask for a code for `account` now; a refusal says when to try again. */
export type SignInLimit = (source: string, account: string) => Promise<Hit>;

/** `name` keeps the counts of customers' and staff's sign-in apart. */
export function signInLimits(name: string, windowMs: number, counts: RateLimitStore): SignInLimit {
  const limit = (part: keyof typeof SIGN_IN_LIMITS) =>
    rateLimiter({ name: `${name}:${part}`, max: SIGN_IN_LIMITS[part], windowMs, counts });
  const perSource = limit('perSource');
  const perSourceAndAccount = limit('perSourceAndAccount');
  const perAccount = limit('perAccount');
  return async (source, account) => {
    const bySource = await perSource.hit(source);
    if (!bySource.ok) return bySource;
    const byPair = await perSourceAndAccount.hit(`${source} ${account}`);
    if (!byPair.ok) return byPair;
    const byAccount = await perAccount.hit(account);
    return byAccount.ok || byPair.count === 1 ? byPair : byAccount;
  };
}
