/**
 * OutboundMessages → WeCom: app messages to a person (message/send), the app's group chats
 * (appchat/send) and group robots (webhook/send), in WeCom markdown. Used by the notify workers;
 * turns WeCom's failure modes into what the queue understands (see errors.ts).
 *
 * WeCom has no threads and no edits: `post` and `reply` both send a new message carrying the short
 * reference (`#W12`); `pending` ("running", said in the passive reply) and `update` (Slack's
 * parent edited to a verdict) send nothing, so a command gets one message, its result;
 * `ephemeral` goes to the person as an app message.
 *
 * AI bot conversations (`aibot:<chatid>`, `aibot-user:<userid>`) are answered once, through the
 * invocation's response_url (stored by the front end): `pending` and `update` send nothing (the
 * passive reply already said "running"); anything else is POSTed there as one folded markdown.
 */
import type { RedisClient } from '../../model/index.js';
import {
  type ChatDelivery,
  type DeliveryReceipt,
  type OutboundMessage,
  PermanentDeliveryError,
  RateLimitedError,
} from '../../model/index.js';
import { type Log, SILENT } from '../../model/log.js';
import { tokenInvalid } from '../../probes/wechat/errcodes.js';
import type { TokenSource } from '../../probes/wechat/types.js';
import { DEFAULT_PREFIX } from '../../queue/names.js';
import { renderWecom, WECOM_MARKDOWN_LIMITS } from '../../render/wecom.js';
import { createSentMessages, type SentMessages } from '../../store/dedupe.js';
import {
  AIBOT_RESPONSE_URL_TTL_SECONDS,
  createResponseUrls,
  type ResponseUrls,
} from '../../store/response-urls.js';
import { createTokenManager, type TokenManager } from '../../tokens/token-manager.js';
import { isUserid, parseAddress, type WecomAddress } from './address.js';
import {
  AIBOT_RESPONSE_API,
  AIBOT_RESPONSE_PATH,
  aibotResponseCode,
} from './aibot-response-url.js';
import { type WecomAnswer, WecomApi, WecomApiError, wecomTokenSource } from './api.js';
import { ipNotTrusted, toDeliveryError, untrustedIpAdvice } from './errors.js';
import { memberSendLimit, robotSendLimit, type SendLimit } from './send-limit.js';

export interface WecomDeliveryOptions {
  corpId: string;
  /**
   * The app that answers `user:` and `chat:` (with its secret: gettoken; never logged, cached by
   * fingerprint only). Both or neither: without them (an AI-bot-only setup) app messages fail
   * permanently, while group robots and the AI bot still answer.
   */
  agentId?: number;
  secret?: string;
  /** Origin without `/cgi-bin` (config.wecom.apiUrl). */
  apiUrl: string;
  /** Group robots by name → webhook key. */
  robots: Readonly<Record<string, string>>;
  /** Token cache, robot counters, parts already sent. */
  redis: RedisClient;
  prefix?: string;
  logger?: Log;
  /** Budget of one API call (default 10 s). */
  timeoutMs?: number;
  /** Group robot messages per window per robot (default 20 a minute). */
  robotLimit?: { perWindow?: number; windowMs?: number };
  /** App messages per member (default 30 a minute and 1000 an hour). */
  memberLimit?: { perMinute?: number; perHour?: number; minuteMs?: number };
  /** The clock of the robot window and of WeCom's per-minute back-off. */
  now?: () => number;
  /** A token manager shared with other users of the same Redis (default: one of its own). */
  tokens?: TokenManager;
}

type Target =
  | { kind: 'user'; userid: string }
  | { kind: 'chat'; chatid: string }
  | { kind: 'robot'; name: string; key: string }
  | { kind: 'aibot'; responseCode: string };

/** The API each target is sent through, below `/cgi-bin/`. */
const API: Record<Target['kind'], string> = {
  user: 'message/send',
  chat: 'appchat/send',
  robot: 'webhook/send',
  aibot: AIBOT_RESPONSE_API,
};

export class WecomDelivery implements ChatDelivery {
  private readonly api: WecomApi;
  private readonly tokens: TokenManager;
  private readonly app: { source: TokenSource; agentId: number } | null;
  private readonly robots: Readonly<Record<string, string>>;
  private readonly robotLimit: SendLimit;
  private readonly memberLimit: SendLimit;
  private readonly parts: SentMessages;
  private readonly responseUrls: ResponseUrls;
  private readonly apiOrigin: string;
  private readonly log: Log;
  private readonly now: () => number;

  constructor(opts: WecomDeliveryOptions) {
    const prefix = opts.prefix ?? DEFAULT_PREFIX;
    this.log = opts.logger ?? SILENT;
    this.now = opts.now ?? Date.now;
    this.api = new WecomApi({
      apiUrl: opts.apiUrl,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
    this.tokens = opts.tokens ?? createTokenManager(opts.redis, { prefix });
    this.app =
      opts.secret !== undefined && opts.agentId !== undefined
        ? { source: wecomTokenSource(this.api, opts.corpId, opts.secret), agentId: opts.agentId }
        : null;
    this.robots = opts.robots;
    this.robotLimit = robotSendLimit(opts.redis, prefix, opts.robotLimit ?? {}, this.now);
    this.memberLimit = memberSendLimit(opts.redis, prefix, opts.memberLimit ?? {}, this.now);
    this.parts = createSentMessages(opts.redis, { prefix });
    this.responseUrls = createResponseUrls(opts.redis, {
      prefix,
      platform: 'wecom-aibot',
      ttlSeconds: AIBOT_RESPONSE_URL_TTL_SECONDS,
    });
    this.apiOrigin = new URL(opts.apiUrl).origin;
  }

  async deliver(m: OutboundMessage): Promise<DeliveryReceipt> {
    if (m.platform !== 'wecom') {
      throw new PermanentDeliveryError(`not a WeCom message: ${m.platform}`);
    }
    // The passive reply to the callback said "running … #W12": a command's one app message is
    // its result. An edit has nothing to edit (the result already says it).
    if (m.action === 'update' || m.content.type === 'pending') return {};
    if (/^aibot(?:-user)?:/.test(m.conversation) && m.action !== 'ephemeral') {
      return this.deliverAibot(m);
    }
    const target = this.targetOf(m);
    const robot = target.kind === 'robot';
    const parts = renderWecom(m.content, m.lang, {
      maxBytes: robot ? WECOM_MARKDOWN_LIMITS.robot : WECOM_MARKDOWN_LIMITS.app,
      ...(robot && m.mentions ? { mentions: m.mentions } : {}),
    });
    let first: DeliveryReceipt | undefined;
    for (const [i, markdown] of parts.entries()) {
      // Parts of a split result are remembered one by one: a retry after part 2 failed does not
      // send part 1 again. A single message is remembered by the notify job itself.
      const partId = parts.length > 1 ? `${m.id}#${i + 1}/${parts.length}` : m.id;
      let receipt = parts.length > 1 ? await this.parts.get(partId) : null;
      if (!receipt) {
        receipt = await this.send(target, markdown, m, partId);
        if (parts.length > 1) await this.parts.record(partId, receipt);
      }
      first ??= receipt;
    }
    return first ?? {};
  }

  /** The one answer an AI bot message allows: the result, folded into one markdown. */
  private async deliverAibot(m: OutboundMessage): Promise<DeliveryReceipt> {
    parseAddress(m.conversation);
    if (m.content.type === 'pending') return {};
    const url = m.invocationId ? await this.responseUrls.get(m.invocationId) : null;
    if (!url) {
      throw new PermanentDeliveryError(
        'wecom: the AI bot can no longer be answered: its response_url is missing or expired (valid 1 hour)',
      );
    }
    const responseCode = aibotResponseCode(url, this.apiOrigin);
    if (!responseCode) {
      // Never the URL itself: it is a capability.
      this.log.error(
        { message: m.id, invocation: m.invocationId },
        'wecom: AI bot response_url is not a WeCom API address; not sent',
      );
      throw new PermanentDeliveryError(
        `wecom: the AI bot's response_url is not on ${this.apiOrigin}${AIBOT_RESPONSE_PATH}; not sent`,
      );
    }
    const [markdown = ''] = renderWecom(m.content, m.lang, {
      maxBytes: WECOM_MARKDOWN_LIMITS.robot,
      maxParts: 1,
    });
    return this.send({ kind: 'aibot', responseCode }, markdown, m, m.id);
  }

  private targetOf(m: OutboundMessage): Target {
    if (m.action === 'ephemeral') {
      const address = m.conversation.startsWith('user:') ? parseAddress(m.conversation) : null;
      const userid = m.user ?? (address?.kind === 'user' ? address.userid : undefined);
      if (!userid || !isUserid(userid)) {
        throw new PermanentDeliveryError('wecom: ephemeral message without a valid userid');
      }
      return this.appTarget({ kind: 'user', userid });
    }
    const address: WecomAddress = parseAddress(m.conversation);
    if (address.kind === 'aibot' || address.kind === 'aibot-user') {
      throw new PermanentDeliveryError(
        'wecom: an AI bot conversation is answered via response_url',
      );
    }
    if (address.kind !== 'robot') return this.appTarget(address);
    const key = Object.hasOwn(this.robots, address.name) ? this.robots[address.name] : undefined;
    if (!key) {
      throw new PermanentDeliveryError(
        `wecom: no group robot named ${JSON.stringify(address.name)} is configured (WECOM_ROBOTS)`,
      );
    }
    return { kind: 'robot', name: address.name, key };
  }

  private appTarget<T extends Target>(target: T): T {
    if (!this.app) {
      throw new PermanentDeliveryError(
        `wecom: ${target.kind}: messages are sent as the self-built app, and WECOM_AGENT_ID / WECOM_SECRET are not configured`,
      );
    }
    return target;
  }

  private async send(
    target: Target,
    markdown: string,
    m: OutboundMessage,
    slotId: string,
  ): Promise<DeliveryReceipt> {
    const content = { msgtype: 'markdown', markdown: { content: markdown } };
    let answer: WecomAnswer;
    try {
      switch (target.kind) {
        case 'user':
          await this.slot(this.memberLimit, target.userid, slotId, m, { member: target.userid });
          answer = await this.withToken(API.user, {
            touser: target.userid,
            agentid: this.requireApp().agentId,
            ...content,
          });
          break;
        case 'chat':
          answer = await this.withToken(API.chat, { chatid: target.chatid, ...content });
          break;
        case 'robot':
          await this.slot(this.robotLimit, target.name, slotId, m, { robot: target.name });
          answer = await this.api.post(API.robot, { key: target.key }, content);
          break;
        case 'aibot':
          answer = await this.api.post(API.aibot, { response_code: target.responseCode }, content);
          break;
      }
      if (answer.errcode !== 0) {
        throw new WecomApiError(`/cgi-bin/${API[target.kind]}`, answer);
      }
    } catch (err) {
      throw this.failure(err, m, target);
    }
    return typeof answer.msgid === 'string' && answer.msgid ? { ref: answer.msgid } : {};
  }

  /** A sending slot for this recipient, or RateLimitedError: the notify job waits for one. */
  private async slot(
    limit: SendLimit,
    recipient: string,
    slotId: string,
    m: OutboundMessage,
    who: Record<string, string>,
  ): Promise<void> {
    const waitMs = await limit.take(recipient, slotId);
    if (waitMs === null) return;
    this.log.info(
      { message: m.id, ...who, retryAfterMs: waitMs },
      'wecom: recipient at its sending limit, delivery delayed',
    );
    throw new RateLimitedError(waitMs);
  }

  /** An app API call with the app's token, refreshed once if WeCom says it expired. */
  private withToken(api: string, body: object): Promise<WecomAnswer> {
    return this.tokens.use(
      this.requireApp().source,
      (token) => this.api.post(api, { access_token: token }, body),
      (answer) => tokenInvalid(answer.errcode),
    );
  }

  private requireApp(): { source: TokenSource; agentId: number } {
    if (!this.app) throw new PermanentDeliveryError('wecom: no self-built app is configured');
    return this.app;
  }

  private failure(err: unknown, m: OutboundMessage, target: Target): Error {
    if (err instanceof RateLimitedError || err instanceof PermanentDeliveryError) return err;
    const out = toDeliveryError(err, this.now());
    const where = target.kind === 'robot' ? { robot: target.name } : { to: target.kind };
    if (ipNotTrusted(err)) {
      // The one failure only the operator can fix, in words they can act on.
      this.log.error(
        { message: m.id, ...where, ip: err.fromIp, errcode: err.errcode, hint: err.hint },
        untrustedIpAdvice(err.fromIp),
      );
    } else if (err instanceof WecomApiError) {
      this.log.warn({ message: m.id, ...where, errcode: err.errcode, hint: err.hint }, out.message);
    }
    return out;
  }
}
