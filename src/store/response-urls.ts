import type { Cluster, Redis } from 'ioredis';

/** Slack accepts a response_url for 30 minutes after the request. */
export const RESPONSE_URL_TTL_SECONDS = 30 * 60;

/** A WeCom AI bot's response_url is valid for 1 hour: kept a little less. */
export const AIBOT_RESPONSE_URL_TTL_SECONDS = 55 * 60;

/**
 * An invocation's response_url, kept apart from job data: it is a capability (anyone holding it
 * can post into the conversation) and only the delivery fallback needs it.
 */
export class ResponseUrls {
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(
    private readonly redis: Redis | Cluster,
    /** `platform` names the key space (default `slack`; the WeCom AI bot's is `wecom-aibot`). */
    opts: { prefix: string; ttlSeconds?: number; platform?: 'slack' | 'wecom-aibot' },
  ) {
    this.prefix = `${opts.prefix}:${opts.platform ?? 'slack'}:response-url:`;
    this.ttl = opts.ttlSeconds ?? RESPONSE_URL_TTL_SECONDS;
  }

  async save(invocationId: string, url: string): Promise<void> {
    await this.redis.set(this.prefix + invocationId, url, 'EX', this.ttl);
  }

  async get(invocationId: string): Promise<string | null> {
    return this.redis.get(this.prefix + invocationId);
  }
}
