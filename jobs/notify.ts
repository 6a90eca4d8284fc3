/**
 * The `notify` job: deliver one OutboundMessage through its platform's adapter, at most once per
 * message id. Rate limits delay the job by exactly Retry-After without using up an attempt;
 * permanent refusals fail it without retries; anything else is retried with backoff.
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import {
  type ChatDelivery,
  PermanentDeliveryError,
  type Platform,
  RateLimitedError,
} from '../src/chat/types.js';
import type { NotifyJobData, NotifyJobResult } from '../src/queue/job-data.js';
import type { SentMessages } from '../src/store/dedupe.js';

export interface NotifyJobOptions {
  deliveries: Partial<Record<Platform, ChatDelivery>>;
  sent: SentMessages;
}

export function createNotifyProcessor({ deliveries, sent }: NotifyJobOptions) {
  return async (
    job: Job<NotifyJobData, NotifyJobResult>,
    token?: string,
  ): Promise<NotifyJobResult> => {
    const message = job.data;
    const earlier = await sent.get(message.id);
    if (earlier) return earlier;

    const delivery = deliveries[message.platform];
    if (!delivery) throw new UnrecoverableError(`no chat delivery for ${message.platform}`);
    let receipt: NotifyJobResult;
    try {
      receipt = await delivery.deliver(message);
    } catch (err) {
      if (err instanceof RateLimitedError) {
        await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
        throw new DelayedError();
      }
      if (err instanceof PermanentDeliveryError) throw new UnrecoverableError(err.message);
      throw err;
    }
    // Exactly-once has one gap left: a worker that dies after the platform accepted the message
    // and before this line records it will deliver it again when the job is recovered. Closing
    // it needs an idempotency key on the platform's side (Slack has none for chat.postMessage);
    // keeping nothing but this single write in between keeps the window as small as it can be.
    await sent.record(message.id, receipt);
    return receipt;
  };
}

/** Exponential backoff for the `delivery` type: "equal jitter" (half fixed, half random), capped. */
export function deliveryBackoff(baseMs: number, capMs = 5 * 60_000) {
  return (attemptsMade: number): number => {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  };
}
