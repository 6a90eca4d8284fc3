/**
 * The latest result of every watch that still exists (for /metrics and the status page): the
 * snapshots the workers keep in Redis (src/store/last-results.ts), less those of removed watches,
 * which are dropped from Redis on the way (a check that ended after its watch was removed left one).
 */
import type { RedisClient } from '../model/index.js';
import { createLastResults } from '../store/last-results.js';
import type { ResultSnapshot } from '../store/result-snapshot.js';
import { createWatchStore } from './store.js';

export type LatestResults = () => Promise<ResultSnapshot[]>;

export function latestResults(redis: RedisClient, prefix: string): LatestResults {
  const results = createLastResults(redis, { prefix });
  const watches = createWatchStore(redis, { prefix });
  return async () => {
    const [snapshots, ids] = await Promise.all([results.all(), watches.ids()]);
    const live = new Set(ids);
    const orphans = new Set(snapshots.filter((s) => !live.has(s.id)).map((s) => s.id));
    if (orphans.size > 0) await results.forget(orphans);
    return snapshots.filter((s) => live.has(s.id));
  };
}
