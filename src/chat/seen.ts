import type { Cluster, Redis } from 'ioredis';
import { within } from './within.js';

/**
 * Deliveries already handled, for platforms that deliver again when our answer was slow or lost
 * (Slack's X-Slack-Retry-Num, WeCom's three retries): the first delivery claims its key (SET NX),
 * a redelivery finds it taken.
 */
export class Seen {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly opts: { keyPrefix: string; ttlSeconds: number },
  ) {}

  /** True the first time `id` is seen (within the TTL), false for a redelivery. */
  async first(id: string): Promise<boolean> {
    const key = this.opts.keyPrefix + id;
    return (await this.redis.set(key, '1', 'EX', this.opts.ttlSeconds, 'NX')) === 'OK';
  }
}

/**
 * Whether to handle a delivery: `first` within `ms`, or, when Redis cannot tell in time, true
 * (`unavailable` says so): better a rare duplicate than a lost command, and the invocation id,
 * derived from the delivery, still keeps its jobs from running twice.
 */
export function firstOrUnsure(
  first: Promise<boolean>,
  ms: number,
  what: string,
  unavailable: (err: Error) => void,
): Promise<boolean> {
  return within(first, ms, what).catch((err: Error) => {
    unavailable(err);
    return true;
  });
}
