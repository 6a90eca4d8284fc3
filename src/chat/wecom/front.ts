/**
 * The WeCom front end: one HTTP route (the app's callback URL) that authenticates callbacks and
 * enqueues commands. It never probes and never sends results (the workers do, through WeCom
 * delivery); it only answers what needs no queue, as a passive reply.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Route } from '../../http/routes.js';
import type { SubmitCommand } from '../../queue/types.js';
import { RateLimiter } from '../../store/rate-limit.js';
import { createShortRefs } from '../../store/short-refs.js';
import { type Log, SILENT } from '../slack/log.js';
import type { Lang } from '../types.js';
import { callbackHandler } from './callback.js';
import { createWecomCrypto } from './crypto.js';
import { intake, type WecomCommandEvent } from './intake.js';
import { toInvocation } from './invocation.js';
import { createSeenCallbacks } from './seen.js';

export type { WecomCommandEvent, WecomOutcome } from './intake.js';

export interface WecomFrontOptions {
  corpId: string;
  /** Callback Token and EncodingAESKey, as configured in the app's 接收消息 settings. */
  token: string;
  aesKey: string;
  /** Default `/wecom/callback`. */
  callbackPath?: string;
  submit: SubmitCommand;
  /** For the rate limit, short references and retry dedupe. */
  redis: Redis | Cluster;
  prefix: string;
  rateLimitPerMinute?: number;
  lang?: Lang;
  logger?: Log;
  onCommand?: (event: WecomCommandEvent) => void;
  now?: () => number;
  bodyLimitBytes?: number;
  redisTimeoutMs?: number;
  /** Budget of submit(); with the Redis calls it must fit in WeCom's 5 s (default 2500 ms). */
  submitTimeoutMs?: number;
}

export function createWecomFront(opts: WecomFrontOptions): { route: Route } {
  const log = opts.logger ?? SILENT;
  const now = opts.now ?? Date.now;
  const redisTimeoutMs = opts.redisTimeoutMs ?? 1000;
  const deps = {
    submit: opts.submit,
    rateLimiter: new RateLimiter(opts.redis, opts.rateLimitPerMinute ?? 20, {
      prefix: opts.prefix,
      now,
    }),
    refs: createShortRefs(opts.redis, { prefix: opts.prefix }),
    redisTimeoutMs,
    submitTimeoutMs: opts.submitTimeoutMs ?? 2500,
    log,
    ...(opts.onCommand ? { onCommand: opts.onCommand } : {}),
  };
  const lang = opts.lang ?? 'zh-CN';
  const handler = callbackHandler({
    crypto: createWecomCrypto({ token: opts.token, aesKey: opts.aesKey, receiveId: opts.corpId }),
    corpId: opts.corpId,
    seen: createSeenCallbacks(opts.redis, { prefix: opts.prefix, corpId: opts.corpId }),
    log,
    now,
    redisTimeoutMs,
    ...(opts.bodyLimitBytes ? { bodyLimitBytes: opts.bodyLimitBytes } : {}),
    async onText(message) {
      const invocation = toInvocation(message, { corpId: opts.corpId, lang, now });
      return (await intake(deps, invocation)).reply;
    },
  });
  return {
    route: { path: opts.callbackPath ?? '/wecom/callback', method: ['GET', 'POST'], handler },
  };
}
