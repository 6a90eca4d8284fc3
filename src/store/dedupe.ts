/**
 * Which outbound messages were delivered, and what the platform answered: `sent:<message id>` →
 * the receipt. A delivery that runs again (retried, re-added, recovered from a stalled worker)
 * returns the stored receipt instead of posting a second time.
 */
import type { Cluster, Redis } from 'ioredis';
import type { DeliveryReceipt } from '../model/index.js';

export const DEFAULT_SENT_TTL_S = 7 * 24 * 3600;

export interface SentMessages {
  /** The receipt of an earlier delivery of this message id, or null. */
  get(messageId: string): Promise<DeliveryReceipt | null>;
  record(messageId: string, receipt: DeliveryReceipt): Promise<void>;
}

export function createSentMessages(
  redis: Redis | Cluster,
  opts: { prefix: string; ttlSeconds?: number },
): SentMessages {
  const ttl = opts.ttlSeconds ?? DEFAULT_SENT_TTL_S;
  const key = (id: string) => `${opts.prefix}:sent:${id}`;
  return {
    async get(messageId) {
      const raw = await redis.get(key(messageId));
      return raw === null ? null : (JSON.parse(raw) as DeliveryReceipt);
    },
    async record(messageId, receipt) {
      await redis.set(key(messageId), JSON.stringify(receipt), 'EX', ttl);
    },
  };
}
