/**
 * The WeCom front end: the app's callback URL and, when configured, the AI bot's (智能机器人), each
 * authenticating callbacks and enqueueing commands. It never probes and never sends results (the
 * workers do, through WeCom delivery); it answers as a passive reply what needs no queue, and
 * "running … #W12" for a queued command, so that its result is the one message sent for it.
 * The AI bot also answers a queued command at once ("running … #W12", a finished stream) and
 * keeps the message's response_url in Redis for the result, never in job data. Its answers are
 * markdown, so what a person typed in them is escaped (look-alikes, as in result messages).
 */
import type { Route } from '../../http/routes.js';
import { messages } from '../../i18n/index.js';
import type { Lang, RedisClient } from '../../model/index.js';
import { type Log, SILENT } from '../../model/log.js';
import type { SubmitCommand } from '../../queue/types.js';
import { inertLines } from '../../render/wecom-markdown.js';
import { createRateLimiter } from '../../store/rate-limit.js';
import { AIBOT_RESPONSE_URL_TTL_SECONDS, createResponseUrls } from '../../store/response-urls.js';
import { createShortRefs } from '../../store/short-refs.js';
import { liveRegionsFrom } from '../../store/worker-beats.js';
import { callbackHandler, type TextMessage } from './callback.js';
import { createWecomCrypto } from './crypto.js';
import { intake, type WecomCommandEvent } from './intake.js';
import { toInvocation } from './invocation.js';
import { streamReply } from './payload.js';
import { createSeenCallbacks } from './seen.js';

export type { WecomCommandEvent, WecomOutcome } from './intake.js';

export interface WecomFrontOptions {
  corpId: string;
  /**
   * Callback Token and EncodingAESKey, as configured in the app's 接收消息 settings; both or
   * neither (without them only the AI bot's route is served).
   */
  token?: string;
  aesKey?: string;
  /** Default `/wecom/callback`. */
  callbackPath?: string;
  /** The AI bot's callback (its own Token and EncodingAESKey; receiveid ""), when configured. */
  aibot?: { token: string; aesKey: string; path?: string };
  submit: SubmitCommand;
  /** For the rate limit, short references and retry dedupe. */
  redis: RedisClient;
  prefix: string;
  rateLimitPerMinute?: number;
  lang?: Lang;
  logger?: Log;
  onCommand?: (event: WecomCommandEvent) => void;
  /** The configured app aliases: a command naming another is a usage error, answered at once. */
  appAliases?: readonly string[];
  /** WX_ADMINS (`wecom:USERID`): who may recheck another conversation's reference. */
  admins?: readonly string[];
  now?: () => number;
  bodyLimitBytes?: number;
  redisTimeoutMs?: number;
  /** Budget of submit(); with the Redis calls it must fit in WeCom's 5 s (default 2500 ms). */
  submitTimeoutMs?: number;
}

/** AI bot markdown (robot limit); the passive stream is cut there too. */
const AIBOT_REPLY_BYTES = 4096;

export interface WecomFront {
  /** Every route to serve: the app's and the AI bot's, as configured. */
  routes: Route[];
  /** The self-built app's callback, when its Token and EncodingAESKey are given. */
  route?: Route;
  /** The AI bot's callback, when configured. */
  aibotRoute?: Route;
}

export function createWecomFront(opts: WecomFrontOptions): WecomFront {
  if ((opts.token === undefined) !== (opts.aesKey === undefined)) {
    throw new Error('wecom front: give the app callback Token and EncodingAESKey together');
  }
  const log = opts.logger ?? SILENT;
  const now = opts.now ?? Date.now;
  const redisTimeoutMs = opts.redisTimeoutMs ?? 1000;
  const deps = {
    submit: opts.submit,
    rateLimiter: createRateLimiter(opts.redis, opts.rateLimitPerMinute ?? 20, {
      prefix: opts.prefix,
      now,
    }),
    refs: createShortRefs(opts.redis, { prefix: opts.prefix }),
    redisTimeoutMs,
    submitTimeoutMs: opts.submitTimeoutMs ?? 2500,
    log,
    ...(opts.onCommand ? { onCommand: opts.onCommand } : {}),
    ...(opts.appAliases ? { appAliases: opts.appAliases } : {}),
    liveRegions: liveRegionsFrom(opts.redis, opts.prefix),
    ...(opts.admins ? { admins: opts.admins } : {}),
  };
  const lang = opts.lang ?? 'zh-CN';
  /** What both callbacks (the app's, the AI bot's) share. */
  const common = {
    corpId: opts.corpId,
    log,
    now,
    redisTimeoutMs,
    ...(opts.bodyLimitBytes ? { bodyLimitBytes: opts.bodyLimitBytes } : {}),
  };
  const routes: Route[] = [];
  let route: Route | undefined;
  if (opts.token !== undefined && opts.aesKey !== undefined) {
    const handler = callbackHandler({
      ...common,
      crypto: createWecomCrypto({ token: opts.token, aesKey: opts.aesKey, receiveId: opts.corpId }),
      seen: createSeenCallbacks(opts.redis, { prefix: opts.prefix, corpId: opts.corpId }),
      async onText(message) {
        const invocation = toInvocation(message, { corpId: opts.corpId, lang, now });
        const result = await intake(deps, invocation);
        if (result.reply !== undefined || result.outcome !== 'queued') return result.reply;
        // "Running" goes in the passive reply (free, no per-member limit): the one app message
        // the command gets is its result.
        const queued = result.invocation;
        return messages(queued.lang).runningCommand(queued.text.replace(/`/g, "'"), queued.ref);
      },
    });
    route = { path: opts.callbackPath ?? '/wecom/callback', method: ['GET', 'POST'], handler };
    routes.push(route);
  }
  if (!opts.aibot) return { routes, ...(route ? { route } : {}) };

  const responseUrls = createResponseUrls(opts.redis, {
    prefix: opts.prefix,
    platform: 'wecom-aibot',
    ttlSeconds: AIBOT_RESPONSE_URL_TTL_SECONDS,
  });
  const t = messages(lang);
  const onAibotText = async (message: TextMessage): Promise<string> => {
    const invocation = toInvocation(message, { corpId: opts.corpId, lang, now, via: 'aibot' });
    const url = message.responseUrl;
    const result = await intake(
      {
        ...deps,
        async beforeSubmit(inv) {
          // Without it the result could not be answered: better say so now than run the command.
          if (!url) throw new Error('AI bot message without a response_url');
          await responseUrls.save(inv.id, url);
        },
      },
      invocation,
    );
    // The stream is markdown shown to the whole group: what the person typed is made inert.
    if (result.reply) return inertLines(result.reply);
    const queued = result.invocation;
    return inertLines(t.runningCommand(queued.text.replace(/`/g, "'"), queued.ref));
  };
  const aibotHandler = callbackHandler({
    crypto: createWecomCrypto({
      token: opts.aibot.token,
      aesKey: opts.aibot.aesKey,
      receiveId: '',
    }),
    ...common,
    seen: createSeenCallbacks(opts.redis, { prefix: opts.prefix, corpId: `${opts.corpId}:aibot` }),
    maxReplyBytes: AIBOT_REPLY_BYTES,
    replyPlain: (message, text) => streamReply({ id: streamId(message), content: text }),
    onText: onAibotText,
  });
  const aibotRoute: Route = {
    path: opts.aibot.path ?? '/wecom/aibot',
    method: ['GET', 'POST'],
    handler: aibotHandler,
  };
  return { routes: [...routes, aibotRoute], ...(route ? { route } : {}), aibotRoute };
}

/** One stream per message, named after it. */
function streamId(m: TextMessage): string {
  return `wx-${m.msgId}`.slice(0, 64);
}
