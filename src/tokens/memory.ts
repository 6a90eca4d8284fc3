/**
 * The TokenManager for one process without Redis (the `wx` CLI): the same contract, cached in
 * memory.
 */
import {
  type Cached,
  cacheEntry,
  fetchWithin,
  managerOver,
  type TokenManager,
} from './token-manager.js';

export interface MemoryTokenManagerOptions {
  now?: () => number;
  /** How long one fetch may take. Default 10 s. */
  fetchTimeoutMs?: number;
}

export function createMemoryTokenManager(opts: MemoryTokenManagerOptions = {}): TokenManager {
  const now = opts.now ?? Date.now;
  const fetchTimeoutMs = opts.fetchTimeoutMs ?? 10_000;
  const cache = new Map<string, Cached>();
  return managerOver({
    async fresh(source) {
      const hit = cache.get(source.id);
      return hit && hit.refreshAt > now() ? hit.token : null;
    },
    async refresh(source) {
      const issued = await fetchWithin(source, fetchTimeoutMs);
      cache.set(source.id, cacheEntry(issued, now()));
      return issued.token;
    },
    async drop(source, stale) {
      if (cache.get(source.id)?.token === stale) cache.delete(source.id);
    },
  });
}
