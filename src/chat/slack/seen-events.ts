import type { Cluster, Redis } from 'ioredis';

/**
 * Events API deliveries already handled: Slack redelivers an event (X-Slack-Retry-Num) when our
 * answer was slow or lost, with the same event_id.
 */
export class SeenEvents {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis | Cluster,
    opts: { prefix: string },
  ) {
    this.prefix = `${opts.prefix}:slack:event:`;
  }

  /** True the first time an event id is seen (for an hour; Slack retries within minutes). */
  async first(eventId: string): Promise<boolean> {
    return (await this.redis.set(this.prefix + eventId, '1', 'EX', 3600, 'NX')) === 'OK';
  }
}
