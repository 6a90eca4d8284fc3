/**
 * Group robots take at most 20 messages a minute each (W91770); more are refused with 45009.
 * Counted before calling, in Redis (every worker shares one count per robot), as a sliding
 * window: a message over the limit is delayed until a slot frees, never sent to be refused.
 */
import type { Cluster, Redis } from 'ioredis';
import { RateLimiter } from '../../store/rate-limit.js';

export const ROBOT_MESSAGES_PER_MINUTE = 20;

export interface RobotLimitOptions {
  prefix: string;
  perWindow?: number;
  windowMs?: number;
  now?: () => number;
}

export class RobotLimit {
  private readonly limiter: RateLimiter;

  constructor(redis: Redis | Cluster, opts: RobotLimitOptions) {
    this.limiter = new RateLimiter(redis, opts.perWindow ?? ROBOT_MESSAGES_PER_MINUTE, {
      prefix: opts.prefix,
      windowMs: opts.windowMs ?? 60_000,
      ...(opts.now ? { now: opts.now } : {}),
    });
  }

  /**
   * Takes a slot for `messageId` (a retry of the same message takes none more); null when taken,
   * else how long until one frees.
   */
  async take(robot: string, messageId: string): Promise<number | null> {
    const d = await this.limiter.hit('wecom-robot', robot, messageId);
    return d.allowed ? null : Math.max(1, d.retryAfterMs);
  }
}
