import type { RedisClient } from '../model/index.js';

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until the oldest counted command leaves the window. */
  retryAfterMs: number;
}

// A sliding-window log: one sorted-set member per accepted command, scored by time. Refused
// attempts are not counted, so waiting out the window always helps. A repeated member (the same
// invocation delivered twice) is counted once.
const SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return {1, 0} end
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
`;

/** Commands per person per window (default: a minute), shared by every bot process. */
export interface RateLimiter {
  readonly limit: number;
  /** Counts `commandId` for workspace+user unless that would exceed the limit. */
  hit(workspace: string, user: string, commandId: string): Promise<RateDecision>;
}

export function createRateLimiter(
  redis: RedisClient,
  limit: number,
  opts: { prefix: string; windowMs?: number; now?: () => number },
): RateLimiter {
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  return {
    limit,
    async hit(workspace, user, commandId) {
      const [allowed, retryAfterMs] = (await redis.eval(
        SCRIPT,
        1,
        `${opts.prefix}:rate:${workspace}:${user}`,
        now(),
        windowMs,
        limit,
        commandId,
      )) as [number, number];
      return { allowed: allowed === 1, retryAfterMs: Math.max(0, retryAfterMs) };
    },
  };
}
