import { API_TOKEN_PERMISSIONS, type Permission } from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { hashApiToken, isWellFormedApiToken } from './api-token-secret.ts';
import { type ApiTokenAuthRow, findApiTokenForAuth, touchApiTokenUse } from './api-tokens.repository.ts';

/**
 * Bearer verification without a database round trip on the hot path: verified tokens are kept in memory by
 * hash for `POSITIVE_TTL_MS`; unknown hashes are remembered for `NEGATIVE_TTL_MS` so guessing costs no query
 * either. Expiry is checked on every request against the cached expiry. A revocation in this process drops
 * the entry at once (`forgetApiToken`); another server process notices it within `POSITIVE_TTL_MS`.
 * `last_used_at` is written at most once per `TOUCH_INTERVAL_MS` per token, off the request path.
 */
const POSITIVE_TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 10_000;
const NEGATIVE_MAX_ENTRIES = 10_000;
const TOUCH_INTERVAL_MS = 60_000;

/** The role a token acts in: a hospital clerk of its institution, further limited to the token's permissions. */
export const API_TOKEN_ROLE = 'hospital_clerk' as const;

type CachedToken = {
  row: ApiTokenAuthRow;
  permissions: readonly Permission[];
  loadedAt: number;
  touchedAt: number;
};
type TokenCache = {
  byHash: Map<string, CachedToken>;
  unknown: Map<string, number>;
  /** Revoked in this process: refused even if a lookup that began before the revocation caches the old row. */
  revoked: Map<string, number>;
};

const caches = new WeakMap<Kysely<DB>, TokenCache>();

function cacheFor(db: Kysely<DB>): TokenCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { byHash: new Map(), unknown: new Map(), revoked: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

export type ApiTokenVerification =
  | { ok: true; actor: Actor; tokenId: number }
  | {
      ok: false;
      reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'institution_inactive';
      tokenId: number | null;
    };

export type VerifyOptions = {
  clientIp: string;
  now?: number;
  /** Errors of the background last-used update (logged by the caller). */
  onBackgroundError?: (error: unknown) => void;
};

function actorOfToken(row: ApiTokenAuthRow, permissions: readonly Permission[]): Actor {
  return {
    userId: 0,
    username: `api:${row.institution_code}#${row.id}`,
    displayName: row.name,
    role: API_TOKEN_ROLE,
    regionCode: row.region_code,
    institutionCode: row.institution_code,
    sessionId: null,
    mustChangePassword: false,
    apiToken: { id: row.id, name: row.name, permissions },
  };
}

async function load(
  db: Kysely<DB>,
  cache: TokenCache,
  hash: string,
  now: number,
): Promise<CachedToken | null> {
  const row = await findApiTokenForAuth(db, hash);
  if (!row) {
    if (cache.unknown.size >= NEGATIVE_MAX_ENTRIES) {
      cache.unknown.clear();
    }
    cache.unknown.set(hash, now + NEGATIVE_TTL_MS);
    return null;
  }
  // Only permissions a token may hold at all count, whatever the row says.
  const permissions = API_TOKEN_PERMISSIONS.filter((p) => row.permissions.includes(p));
  const entry: CachedToken = {
    row,
    permissions,
    loadedAt: now,
    touchedAt: row.last_used_at ? row.last_used_at.getTime() : 0,
  };
  cache.byHash.set(hash, entry);
  return entry;
}

/** Checks a bearer token and returns the actor it acts as. */
export async function verifyApiToken(
  db: Kysely<DB>,
  token: string,
  options: VerifyOptions,
): Promise<ApiTokenVerification> {
  const now = options.now ?? Date.now();
  if (!isWellFormedApiToken(token)) {
    return { ok: false, reason: 'malformed', tokenId: null };
  }
  const hash = hashApiToken(token);
  const cache = cacheFor(db);
  const revokedId = cache.revoked.get(hash);
  if (revokedId !== undefined) {
    return { ok: false, reason: 'revoked', tokenId: revokedId };
  }
  let entry = cache.byHash.get(hash) ?? null;
  if (entry && now - entry.loadedAt > POSITIVE_TTL_MS) {
    cache.byHash.delete(hash);
    entry = null;
  }
  if (!entry) {
    const unknownUntil = cache.unknown.get(hash);
    if (unknownUntil !== undefined && unknownUntil > now) {
      return { ok: false, reason: 'unknown', tokenId: null };
    }
    cache.unknown.delete(hash);
    entry = await load(db, cache, hash, now);
    if (!entry) {
      return { ok: false, reason: 'unknown', tokenId: null };
    }
  }
  const { row } = entry;
  if (row.revoked_at !== null) {
    return { ok: false, reason: 'revoked', tokenId: row.id };
  }
  if (row.expires_at.getTime() <= now) {
    return { ok: false, reason: 'expired', tokenId: row.id };
  }
  if (row.institution_active === false) {
    return { ok: false, reason: 'institution_inactive', tokenId: row.id };
  }
  if (now - entry.touchedAt >= TOUCH_INTERVAL_MS) {
    entry.touchedAt = now;
    void touchApiTokenUse(db, row.id, new Date(now), options.clientIp).catch((error: unknown) =>
      options.onBackgroundError?.(error),
    );
  }
  return { ok: true, actor: actorOfToken(row, entry.permissions), tokenId: row.id };
}

/** Refuses a revoked token in this process from now on (call once the revocation has committed). */
export function forgetApiToken(db: Kysely<DB>, tokenHash: string, tokenId: number): void {
  const cache = cacheFor(db);
  cache.revoked.set(tokenHash, tokenId);
  cache.byHash.delete(tokenHash);
}
