/**
 * API keys for back-office systems: one organisation per key. The key is shown once; only its
 * SHA-256 hash is stored, so a leaked database does not leak usable keys.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { hashSecret } from '../auth/tokens.ts';
import type { OrganisationRecord, Store } from '../storage/store.ts';
import { problem, problemAnswer } from './problem.ts';
import { requestHeader } from './request-header.ts';

const PREFIX = 'trj_';

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(25));
  const key = `${PREFIX}${encodeBase32LowerCaseNoPadding(bytes)}`;
  return { key, prefix: key.slice(0, PREFIX.length + 6), hash: hashSecret(key) };
}

/** The OpenAPI answer of every route behind an API key when the key is missing or wrong. */
export const UNAUTHORISED = {
  401: {
    ...problemAnswer('Geen, een onbekende of een ingetrokken API-sleutel.'),
    headers: { 'WWW-Authenticate': { description: 'Bearer realm="traject"', schema: { type: 'string' as const } } },
  },
} as const;

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
 * The organisation of the request's API key, or the 401 answer. A key checked less than
 * KEY_CACHE_MS ago is answered from memory, without a promise: the status look-up's fast path.
 */
export function identifyApiKey(store: Store, c: Context): OrganisationRecord | Response | Promise<OrganisationRecord | Response> {
  return keyCheckOf(store).identify(c);
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="traject"' };

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
  const identify = (c: Context): OrganisationRecord | Response | Promise<OrganisationRecord | Response> => {
    const key = BEARER.exec(requestHeader(c, 'authorization') ?? '')?.[1];
    if (!key) {
      return problem(c, 401, 'Geen geldige API-sleutel: stuur de header Authorization: Bearer <sleutel>', undefined, CHALLENGE);
    }
    const hit = cached(key);
    if (hit) return hit;
    return store.organisationByKeyHash(hashSecret(key)).then((organisation) => {
      if (!organisation) return problem(c, 401, 'Deze API-sleutel is onbekend of ingetrokken', undefined, CHALLENGE);
      // Bounded: a flood of distinct valid keys cannot grow it without end.
      if (checked.size > 10_000) checked.clear();
      checked.set(key, { organisation, until: Date.now() + KEY_CACHE_MS });
      return organisation;
    });
  };
  const middleware = createMiddleware<OrganisationEnv>(async (c, next) => {
    const who = await identify(c);
    if (who instanceof Response) return who;
    c.set('organisation', who);
    await next();
  });
  return { middleware, identify };
}
