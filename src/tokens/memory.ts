/**
 * The TokenManager for one process without Redis (the `wx` CLI): the same contract, cached in
 * memory, single-flight by a shared promise.
 */
import {
  type IssuedToken,
  refreshMarginMs,
  type TokenManager,
  type TokenSource,
} from './token-manager.js';

export interface MemoryTokenManagerOptions {
  now?: () => number;
  /** How long one fetch may take. Default 10 s. */
  fetchTimeoutMs?: number;
}

export function createMemoryTokenManager(opts: MemoryTokenManagerOptions = {}): TokenManager {
  const now = opts.now ?? Date.now;
  const fetchTimeoutMs = opts.fetchTimeoutMs ?? 10_000;
  const cache = new Map<string, { token: string; refreshAt: number }>();
  const inFlight = new Map<string, Promise<string>>();

  function store(source: TokenSource, issued: IssuedToken): string {
    const lifetimeMs = issued.expiresInS * 1000;
    cache.set(source.id, {
      token: issued.token,
      refreshAt: now() + lifetimeMs - refreshMarginMs(issued.expiresInS),
    });
    return issued.token;
  }

  const manager: TokenManager = {
    async get(source) {
      const hit = cache.get(source.id);
      if (hit && hit.refreshAt > now()) return hit.token;
      let pending = inFlight.get(source.id);
      if (!pending) {
        pending = source
          .fetch(AbortSignal.timeout(fetchTimeoutMs))
          .then((issued) => store(source, issued))
          .finally(() => inFlight.delete(source.id));
        inFlight.set(source.id, pending);
      }
      return pending;
    },

    async invalidate(source, stale) {
      if (cache.get(source.id)?.token === stale) cache.delete(source.id);
    },

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
