/**
 * access_token management for WeCom and WeChat apps: one cache in Redis shared by every process,
 * refreshed before expiry, single-flight (in the process by a shared promise, across processes by
 * a Redis lock), and refreshed once when the platform says a token is invalid or expired.
 *
 * Tokens live only in Redis and in memory; they never enter job data, logs or chat. Callers log
 * `fingerprint(token)` (src/probes/wechat/scrub.ts) at most.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../model/index.js';
import { startDeadline } from '../probes/deadline.js';
import type { IssuedToken, TokenCache, TokenSource } from '../probes/wechat/types.js';

export interface TokenManagerOptions {
  prefix: string;
  now?: () => number;
  /** How long one fetch may take; also the cross-process lock's lifetime. Default 10 s. */
  fetchTimeoutMs?: number;
  /** How often a process waiting on another's fetch looks for its token. Default 50 ms. */
  pollMs?: number;
}

/** The library's TokenCache (`use`), with the two steps it is made of. */
export interface TokenManager extends TokenCache {
  /** A token valid for a while yet: cached, or fetched once however many callers ask at once. */
  get(source: TokenSource): Promise<string>;
  /** Forget `stale` (only if it is still the cached one, so a burst of failures refreshes once). */
  invalidate(source: TokenSource, stale: string): Promise<void>;
}

export interface Cached {
  token: string;
  /** Epoch ms after which the token is refreshed (before it really expires). */
  refreshAt: number;
}

/** Deletes the key only if it still holds this token. */
const DELETE_IF_SAME = `
local raw = redis.call('GET', KEYS[1])
if raw and cjson.decode(raw).token == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Deletes the lock only if it still holds this holder's value: a fetch that outlived its lock
 * must not release the lock another process has taken since.
 */
const RELEASE_IF_MINE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Refresh a quarter of the lifetime early, at most five minutes: a 7200 s token is refreshed
 * after 6900 s; a stable_token handed out near the end of its window (expires_in ≥ 300) still
 * gets used for most of what is left.
 */
export function refreshMarginMs(expiresInS: number): number {
  return Math.min(300_000, Math.floor((expiresInS * 1000) / 4));
}

/** Where tokens live: Redis for the bot's processes, memory for the `wx` CLI. */
export interface TokenStore {
  /** The cached token, unless it is due for refresh. */
  fresh(source: TokenSource): Promise<string | null>;
  /** Fetches a new token and caches it (agreeing with other processes, where there are any). */
  refresh(source: TokenSource): Promise<string>;
  /** Forgets `stale` if it is still the cached token. */
  drop(source: TokenSource, stale: string): Promise<void>;
}

/** The manager's contract over any store: single-flight in the process, one retry on expiry. */
export function managerOver(store: TokenStore): TokenManager {
  const inFlight = new Map<string, Promise<string>>();
  const manager: TokenManager = {
    async get(source) {
      const hit = await store.fresh(source);
      if (hit) return hit;
      let pending = inFlight.get(source.id);
      if (!pending) {
        pending = store.refresh(source).finally(() => inFlight.delete(source.id));
        inFlight.set(source.id, pending);
      }
      return pending;
    },
    invalidate: (source, stale) => store.drop(source, stale),
    async use(source, call, expired) {
      const token = await manager.get(source);
      const first = await call(token);
      if (!expired(first)) return first;
      await manager.invalidate(source, token);
      return call(await manager.get(source));
    },
  };
  return manager;
}

/** The cache entry for a token just issued. */
/** One fetch of a token, given `ms` at most. */
export async function fetchWithin(source: TokenSource, ms: number): Promise<IssuedToken> {
  const deadline = startDeadline(ms);
  try {
    return await source.fetch(deadline.signal);
  } finally {
    deadline.clear();
  }
}

export function cacheEntry(issued: IssuedToken, now: number): Cached {
  return {
    token: issued.token,
    refreshAt: now + issued.expiresInS * 1000 - refreshMarginMs(issued.expiresInS),
  };
}

export function createTokenManager(redis: RedisClient, opts: TokenManagerOptions): TokenManager {
  const now = opts.now ?? Date.now;
  const fetchTimeoutMs = opts.fetchTimeoutMs ?? 10_000;
  const pollMs = opts.pollMs ?? 50;
  const key = (s: TokenSource) => `${opts.prefix}:token:${s.id}`;
  const lockKey = (s: TokenSource) => `${opts.prefix}:token-lock:${s.id}`;

  async function fresh(source: TokenSource): Promise<string | null> {
    const raw = await redis.get(key(source));
    if (raw === null) return null;
    const entry = JSON.parse(raw) as Cached;
    return entry.refreshAt > now() ? entry.token : null;
  }

  async function fetchFresh(source: TokenSource): Promise<string> {
    const issued = await fetchWithin(source, fetchTimeoutMs);
    const lifetimeMs = Math.max(1, issued.expiresInS * 1000);
    await redis.set(key(source), JSON.stringify(cacheEntry(issued, now())), 'PX', lifetimeMs);
    return issued.token;
  }

  /** One process fetches; the others wait for its token (or for its lock to lapse). */
  async function refresh(source: TokenSource): Promise<string> {
    const deadline = now() + fetchTimeoutMs * 2;
    for (;;) {
      const hit = await fresh(source);
      if (hit) return hit;
      const mine = randomUUID();
      const locked = await redis.set(lockKey(source), mine, 'PX', fetchTimeoutMs, 'NX');
      if (locked === 'OK') {
        try {
          // Another process may have stored a token between our look and our lock.
          return (await fresh(source)) ?? (await fetchFresh(source));
        } finally {
          await redis.eval(RELEASE_IF_MINE, 1, lockKey(source), mine).catch(() => {});
        }
      }
      // Another process is fetching. Its lock lapses after fetchTimeoutMs at worst.
      if (now() > deadline) return fetchFresh(source);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  return managerOver({
    fresh,
    refresh,
    drop: async (source, stale) => {
      await redis.eval(DELETE_IF_SAME, 1, key(source), stale);
    },
  });
}
