/**
 * WeCom retries a callback it got no 200 for within 5 s ("总共重试三次"). The first delivery of
 * a message claims its key (SET NX); retries find it taken. Messages by MsgId, events by
 * FromUserName + CreateTime (+ Event), as WeCom recommends.
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from '../../model/index.js';
import { createSeen } from '../../store/seen.js';
import type { InboundMessage } from './payload.js';

export interface SeenCallbacks {
  /** True the first time this message is seen, false for a retry. */
  claim(message: InboundMessage): Promise<boolean>;
}

export function dedupeKey(corpId: string, m: InboundMessage): string {
  const parts =
    m.kind === 'event'
      ? ['evt', m.from, m.createTime, m.event]
      : m.msgId
        ? ['msg', m.msgId]
        : ['evt', m.from, m.createTime, m.kind];
  return createHash('sha256')
    .update([corpId, ...parts].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

export function createSeenCallbacks(
  redis: RedisClient,
  opts: { prefix: string; corpId: string; ttlSeconds?: number },
): SeenCallbacks {
  const seen = createSeen(redis, {
    keyPrefix: `${opts.prefix}:wecom-seen:`,
    ...(opts.ttlSeconds !== undefined ? { ttlSeconds: opts.ttlSeconds } : {}),
  });
  return { claim: (message) => seen.first(dedupeKey(opts.corpId, message)) };
}
