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

/** The OpenAPI answer of every route behind an API key when the key is missing or wrong. */
export const UNAUTHORISED = { 401: { description: 'Geen of een ongeldige API-sleutel.' } } as const;

export type OrganisationEnv = { Variables: { organisation: OrganisationRecord } };

/** How long a checked key is trusted without asking the database again (a revocation voids it at once). */
const KEY_CACHE_MS = 30_000;

const BEARER = /^Bearer\s+(trj_[a-z2-7]{20,64})\s*$/;

type KeyCheck = ReturnType<typeof keyCheck>;
const perStore = new WeakMap<Store, KeyCheck>();

/** Every router of a store shares one check and its cache, so a key is looked up once, not once per router. */
function keyCheckOf(store: Store): KeyCheck {
  let check = perStore.get(store);
  if (!check) {
    check = keyCheck(store);
    perStore.set(store, check);
  }
  return check;
}

/** Requires `Authorization: Bearer trj_…` with an active key; sets the organisation. */
export function requireApiKey(store: Store) {
  return keyCheckOf(store).middleware;
}

/**
 * The organisation of a key that was checked less than KEY_CACHE_MS ago, from memory only;
 * undefined when it is not known (yet), in which case requireApiKey decides.
 */
export function knownApiKey(store: Store, authorization: string | undefined): OrganisationRecord | undefined {
  return keyCheckOf(store).known(authorization);
}

function keyCheck(store: Store) {
  const checked = new Map<string, { organisation: OrganisationRecord; until: number }>();
  let generation = store.apiKeyGeneration();
  const cached = (key: string) => {
    if (store.apiKeyGeneration() !== generation) {
      checked.clear();
      generation = store.apiKeyGeneration();
    }
    const hit = checked.get(key);
    return hit && hit.until > Date.now() ? hit.organisation : undefined;
  };
  const lookUp = async (key: string) => {
    const hit = cached(key);
    if (hit) return hit;
    const organisation = await store.organisationByKeyHash(hashSecret(key));
    if (organisation) {
      if (checked.size > 10_000) checked.clear();
      checked.set(key, { organisation, until: Date.now() + KEY_CACHE_MS });
    }
    return organisation;
  };
  const middleware = createMiddleware<OrganisationEnv>(async (c, next) => {
    const key = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    const challenge = { 'www-authenticate': 'Bearer realm="traject"' };
    if (!key) {
      return problem(c, 401, 'Geen geldige API-sleutel: stuur de header Authorization: Bearer <sleutel>', undefined, challenge);
    }
    const organisation = await lookUp(key);
    if (!organisation) return problem(c, 401, 'Deze API-sleutel is onbekend of ingetrokken', undefined, challenge);
    c.set('organisation', organisation);
    await next();
  });
  const known = (authorization: string | undefined) => {
    const key = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    return key === undefined ? undefined : cached(key);
  };
  return { middleware, known };
}
