/**
 * Which outbound messages were delivered, and what the platform answered: `sent:<message id>` →
 * the receipt. A delivery that runs again (retried, re-added, recovered from a stalled worker)
 * returns the stored receipt instead of posting a second time.
 */
import type { DeliveryReceipt, RedisClient } from '../model/index.js';
import { createExpiring, json } from './expiring.js';

export const DEFAULT_SENT_TTL_S = 7 * 24 * 3600;

export interface SentMessages {
  /** The receipt of an earlier delivery of this message id, or null. */
  get(messageId: string): Promise<DeliveryReceipt | null>;
  record(messageId: string, receipt: DeliveryReceipt): Promise<void>;
}

export function createSentMessages(
  redis: RedisClient,
  opts: { prefix: string; ttlSeconds?: number },
): SentMessages {
  const sent = createExpiring(redis, {
    key: (id: string) => `${opts.prefix}:sent:${id}`,
    ttlSeconds: opts.ttlSeconds ?? DEFAULT_SENT_TTL_S,
    codec: json<DeliveryReceipt>(),
  });
  return { get: sent.get, record: sent.set };
}
