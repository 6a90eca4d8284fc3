/**
 * WeCom's per-recipient sending limits, counted before calling, in Redis (every worker shares one
 * count), as sliding windows: a message over a limit is delayed until a slot frees, never sent to
 * be refused or, worse, accepted and silently dropped.
 * - Group robots: 20 messages a minute each (W91770); more are refused with 45009.
 * - App messages: 30 a minute and 1000 an hour per member (W90236/W90454); more are dropped
 *   without an error, so only counting before the call can keep them.
 */
import type { RedisClient } from '../../model/index.js';
import { createRateLimiter, type RateLimiter } from '../../store/rate-limit.js';

const ROBOT_MESSAGES_PER_MINUTE = 20;
const MEMBER_MESSAGES_PER_MINUTE = 30;
const MEMBER_MESSAGES_PER_HOUR = 1000;

export interface Window {
  perWindow: number;
  windowMs: number;
}

export interface SendLimitOptions {
  prefix: string;
  /** Names the counters: `wecom-robot`, `wecom-member`. */
  scope: string;
  /** Every window must have a free slot. */
  windows: Window[];
  now?: () => number;
}

export class SendLimit {
  private readonly limiters: RateLimiter[];

  constructor(
    redis: RedisClient,
    private readonly opts: SendLimitOptions,
  ) {
    this.limiters = opts.windows.map((w) =>
      createRateLimiter(redis, w.perWindow, {
        prefix: opts.prefix,
        windowMs: w.windowMs,
        ...(opts.now ? { now: opts.now } : {}),
      }),
    );
  }

  /**
   * Takes a slot for `messageId` in every window (a retry of the same message takes none more);
   * null when taken, else how long until one frees in the fullest window.
   */
  async take(recipient: string, messageId: string): Promise<number | null> {
    let waitMs = 0;
    for (const [i, limiter] of this.limiters.entries()) {
      const d = await limiter.hit(`${this.opts.scope}:${i}`, recipient, messageId);
      if (!d.allowed) waitMs = Math.max(waitMs, d.retryAfterMs, 1);
    }
    return waitMs > 0 ? waitMs : null;
  }
}

/** A group robot's window (default 20 a minute), per robot. */
export function robotSendLimit(
  redis: RedisClient,
  prefix: string,
  limit: { perWindow?: number; windowMs?: number },
  now: () => number,
): SendLimit {
  return new SendLimit(redis, {
    prefix,
    scope: 'wecom-robot',
    windows: [
      {
        perWindow: limit.perWindow ?? ROBOT_MESSAGES_PER_MINUTE,
        windowMs: limit.windowMs ?? 60_000,
      },
    ],
    now,
  });
}

/** App messages' windows (default 30 a minute and 1000 an hour), per member. */
export function memberSendLimit(
  redis: RedisClient,
  prefix: string,
  limit: { perMinute?: number; perHour?: number; minuteMs?: number },
  now: () => number,
): SendLimit {
  const minuteMs = limit.minuteMs ?? 60_000;
  return new SendLimit(redis, {
    prefix,
    scope: 'wecom-member',
    windows: [
      { perWindow: limit.perMinute ?? MEMBER_MESSAGES_PER_MINUTE, windowMs: minuteMs },
      { perWindow: limit.perHour ?? MEMBER_MESSAGES_PER_HOUR, windowMs: minuteMs * 60 },
    ],
    now,
  });
}
