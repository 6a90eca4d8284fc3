import type { RedisClient } from '../model/index.js';
import { createExpiring, TEXT } from './expiring.js';

/** Slack accepts a response_url for 30 minutes after the request. */
export const RESPONSE_URL_TTL_SECONDS = 30 * 60;

/** A WeCom AI bot's response_url is valid for 1 hour: kept a little less. */
export const AIBOT_RESPONSE_URL_TTL_SECONDS = 55 * 60;

/**
 * An invocation's response_url, kept apart from job data: it is a capability (anyone holding it
 * can post into the conversation) and only the delivery fallback needs it.
 */
export interface ResponseUrls {
  save(invocationId: string, url: string): Promise<void>;
  get(invocationId: string): Promise<string | null>;
}

export function createResponseUrls(
  redis: RedisClient,
  /** `platform` names the key space (default `slack`; the WeCom AI bot's is `wecom-aibot`). */
  opts: { prefix: string; ttlSeconds?: number; platform?: 'slack' | 'wecom-aibot' },
): ResponseUrls {
  const urls = createExpiring(redis, {
    key: (invocationId: string) =>
      `${opts.prefix}:${opts.platform ?? 'slack'}:response-url:${invocationId}`,
    ttlSeconds: opts.ttlSeconds ?? RESPONSE_URL_TTL_SECONDS,
    codec: TEXT,
  });
  return { save: urls.set, get: urls.get };
}
