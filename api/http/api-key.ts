/**
 * API keys for back-office systems: one organisation per key. The key is shown once; only its
 * SHA-256 hash is stored, so a leaked database does not leak usable keys.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { createMiddleware } from 'hono/factory';
import { hashSecret } from '../auth/tokens.ts';
import type { OrganisationRecord, Store } from '../data/store.ts';
import { problem } from './problem.ts';

const PREFIX = 'trj_';

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(25));
  const key = `${PREFIX}${encodeBase32LowerCaseNoPadding(bytes)}`;
  return { key, prefix: key.slice(0, PREFIX.length + 6), hash: hashSecret(key) };
}

export type OrganisationEnv = { Variables: { organisation: OrganisationRecord } };

/** How long a checked key is trusted without asking the database again (a revocation voids it at once). */
const KEY_CACHE_MS = 30_000;

const perStore = new WeakMap<Store, ReturnType<typeof keyCheck>>();

/**
 * Requires `Authorization: Bearer trj_…` with an active key; sets the organisation. Every router
 * of a store shares one check and its cache, so a key is looked up once, not once per router.
 */
export function requireApiKey(store: Store) {
  let check = perStore.get(store);
  if (!check) {
    check = keyCheck(store);
    perStore.set(store, check);
  }
  return check;
}

function keyCheck(store: Store) {
  const checked = new Map<string, { organisation: OrganisationRecord; until: number }>();
  let generation = store.apiKeyGeneration();
  const lookUp = async (key: string) => {
    if (store.apiKeyGeneration() !== generation) {
      checked.clear();
      generation = store.apiKeyGeneration();
    }
    const hit = checked.get(key);
    if (hit && hit.until > Date.now()) return hit.organisation;
    const organisation = await store.organisationByKeyHash(hashSecret(key));
    if (organisation) {
      if (checked.size > 10_000) checked.clear();
      checked.set(key, { organisation, until: Date.now() + KEY_CACHE_MS });
    }
    return organisation;
  };
  return createMiddleware<OrganisationEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(trj_[a-z2-7]{20,64})\s*$/.exec(header);
    const challenge = { 'www-authenticate': 'Bearer realm="traject"' };
    if (!match?.[1]) {
      return problem(c, 401, 'Geen geldige API-sleutel: stuur de header Authorization: Bearer <sleutel>', undefined, challenge);
    }
    const organisation = await lookUp(match[1]);
    if (!organisation) return problem(c, 401, 'Deze API-sleutel is onbekend of ingetrokken', undefined, challenge);
    c.set('organisation', organisation);
    await next();
  });
}
