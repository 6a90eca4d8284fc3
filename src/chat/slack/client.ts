import * as webApi from '@slack/web-api';
import type { Log } from '../../model/log.js';
import { boltLogger } from './bolt-logger.js';

export type WebClient = InstanceType<typeof webApi.WebClient>;
export type WebClientOptions = NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>;

/**
 * Web API client settings for both the front end and delivery: no retries and no waiting out a
 * 429 inside the client (its pause would stall every call of the process); the notify queue
 * retries with backoff and honours Retry-After.
 */
export function clientOptions(opts: { apiUrl?: string; log: Log }): WebClientOptions {
  return {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logger: boltLogger(opts.log),
  };
}

export function createWebClient(token: string, opts: { apiUrl?: string; log: Log }): WebClient {
  return new webApi.WebClient(token, clientOptions(opts));
}

/**
 * For the Socket Mode client's own calls (apps.connections.open at start-up and on every
 * reconnect): no retries inside the client either, and no log lines of its own; the socket link
 * (socket-link.ts) retries with backoff, waits out a 429 and logs each failed attempt once.
 */
export function socketClientOptions(opts: { apiUrl?: string; log: Log }): WebClientOptions {
  return { ...clientOptions(opts), logger: boltLogger(opts.log, { quiet: true }) };
}
