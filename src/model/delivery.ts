import type { OutboundMessage } from './message.js';

export interface DeliveryReceipt {
  /** The platform's reference of the message posted (Slack ts), when there is one. */
  ref?: string;
}

/** One adapter's way out. Throws RateLimitedError or PermanentDeliveryError; other errors are retried. */
export interface ChatDelivery {
  deliver(message: OutboundMessage): Promise<DeliveryReceipt>;
}

/** The platform asked us to slow down: retry this delivery after `retryAfterMs`, not before. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited: retry after ${retryAfterMs} ms`);
    this.name = 'RateLimitedError';
  }
}

/** Retrying cannot help (channel archived, message too long, bad auth). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
