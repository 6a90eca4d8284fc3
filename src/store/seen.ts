/**
 * Deliveries already handled, for platforms that deliver again when our answer was slow or lost
 * (Slack's X-Slack-Retry-Num, WeCom's three retries): the first delivery claims its key (SET NX),
 * a redelivery finds it taken.
 */
import type { RedisClient } from '../model/index.js';

/** Longer than any platform's retries take; short enough to keep Redis small. */
export const SEEN_TTL_SECONDS = 3600;

export interface Seen {
  /** True the first time `id` is seen (within the TTL), false for a redelivery. */
  first(id: string): Promise<boolean>;
}

export function createSeen(
  redis: RedisClient,
  opts: { keyPrefix: string; ttlSeconds?: number },
): Seen {
  const ttl = opts.ttlSeconds ?? SEEN_TTL_SECONDS;
  return {
    async first(id) {
      return (await redis.set(opts.keyPrefix + id, '1', 'EX', ttl, 'NX')) === 'OK';
    },
  };
}
