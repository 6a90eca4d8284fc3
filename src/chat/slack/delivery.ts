/**
 * OutboundMessages → the Slack Web API. Used by the notify workers; knows Slack's failure modes
 * and turns them into what the queue understands: RateLimitedError (retry after), PermanentDeliveryError
 * (give up), anything else (retry with backoff).
 */
import * as webApi from '@slack/web-api';
import { recordWords } from '../../i18n/records.js';
import type { RedisClient } from '../../model/index.js';
import {
  type ChatDelivery,
  type DeliveryReceipt,
  type IncidentRecordContent,
  type OutboundMessage,
  PermanentDeliveryError,
  RateLimitedError,
} from '../../model/index.js';
import { type Log, SILENT } from '../../model/log.js';
import { startDeadline } from '../../probes/deadline.js';
import { DEFAULT_PREFIX } from '../../queue/names.js';
import { recordFileName, renderRecordMarkdown } from '../../render/incident-record.js';
import { renderSlack, type SlackMessage } from '../../render/slack.js';
import { createSentMessages, type SentMessages } from '../../store/dedupe.js';
import { createResponseUrls, type ResponseUrls } from '../../store/response-urls.js';
import { createThreads, type Threads } from '../../store/threads.js';
import { createWebClient, type WebClient } from './client.js';
import { nameTheKey, slackProblem } from './errors.js';

export interface SlackDeliveryOptions {
  botToken: string;
  /** Web API base (`https://slack.com/api/`), for proxies and tests. */
  apiUrl?: string;
  /** Where the front end left response_urls, and where thread parents are remembered. */
  redis: RedisClient;
  prefix?: string;
  logger?: Log;
  /** Budget of a response_url POST (default 10 s). */
  responseUrlTimeoutMs?: number;
}

/** The bot cannot post there: the person's response_url still can. */
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);
/** ok:false answers that mean "Slack had a problem", not "this message is wrong". */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);
/** ok:false rate limiting carries no Retry-After; Slack's posting limit is about 1/s per channel. */
const PLATFORM_RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);
const PLATFORM_RETRY_AFTER_MS = 5_000;
/** The verdict edit of a parent that is not ours (a person's mention) or no longer there. */
const CANNOT_EDIT = new Set(['cant_update_message', 'message_not_found', 'edit_window_closed']);

type Failure =
  | { kind: 'not-a-member'; error: string }
  | { kind: 'cannot-edit'; error: string }
  | { kind: 'throw'; error: Error };

export class SlackDelivery implements ChatDelivery {
  private readonly client: WebClient;
  private readonly responseUrls: ResponseUrls;
  private readonly threads: Threads;
  private readonly parts: SentMessages;
  private readonly log: Log;
  private readonly responseUrlTimeoutMs: number;
  private readonly apiUrl: string | undefined;

  constructor(opts: SlackDeliveryOptions) {
    this.log = opts.logger ?? SILENT;
    this.apiUrl = opts.apiUrl;
    this.client = createWebClient(opts.botToken, { apiUrl: opts.apiUrl, log: this.log });
    const prefix = opts.prefix ?? DEFAULT_PREFIX;
    this.responseUrls = createResponseUrls(opts.redis, { prefix });
    this.threads = createThreads(opts.redis, { prefix });
    this.parts = createSentMessages(opts.redis, { prefix });
    this.responseUrlTimeoutMs = opts.responseUrlTimeoutMs ?? 10_000;
  }

  async deliver(m: OutboundMessage): Promise<DeliveryReceipt> {
    if (m.platform !== 'slack')
      throw new PermanentDeliveryError(`not a Slack message: ${m.platform}`);
    const rendered = renderSlack(m.content, m.lang);
    if (m.content.type === 'incident-record' && m.action !== 'update' && m.action !== 'ephemeral') {
      return this.deliverRecord(m, m.content, rendered);
    }
    return this.send(m, rendered);
  }

  /**
   * A post-incident record: the short message, then the whole record as a Markdown file in its
   * thread (files.uploadV2). The message is remembered on its own, so a retry after a failed
   * upload does not post it twice.
   */
  private async deliverRecord(
    m: OutboundMessage,
    content: IncidentRecordContent,
    rendered: SlackMessage,
  ): Promise<DeliveryReceipt> {
    const part = `${m.id}#message`;
    let receipt = await this.parts.get(part);
    if (!receipt) {
      receipt = await this.send(m, rendered);
      await this.parts.record(part, receipt);
    }
    // Through response_url (the bot is not in the channel) there is nowhere to upload to.
    const thread = m.threadRef ?? receipt.ref;
    if (!thread) return receipt;
    const { record } = content;
    await this.attempt(m, async () => {
      await this.client.filesUploadV2({
        channel_id: m.conversation,
        thread_ts: thread,
        content: renderRecordMarkdown(record, m.lang),
        filename: recordFileName(record),
        title: recordWords(m.lang).fileTitle(record.id),
        snippet_type: 'markdown',
      });
      return {};
    });
    return receipt;
  }

  private async send(m: OutboundMessage, rendered: SlackMessage): Promise<DeliveryReceipt> {
    switch (m.action) {
      case 'post':
        return this.attempt(m, async () => {
          const r = await this.client.chat.postMessage({
            channel: m.conversation,
            ...body(rendered),
          });
          if (r.ts) await this.rememberParent(m, r.ts);
          return { ...(r.ts ? { ref: r.ts } : {}) };
        });
      case 'reply': {
        const threadTs = m.threadRef;
        // The parent went through response_url: there is no thread to reply in.
        if (!threadTs) return this.viaResponseUrl(m, 'in_channel');
        return this.attempt(m, async () => {
          const r = await this.client.chat.postMessage({
            channel: m.conversation,
            thread_ts: threadTs,
            reply_broadcast: m.broadcast === true,
            ...body(rendered),
          });
          return { ...(r.ts ? { ref: r.ts } : {}) };
        });
      }
      case 'update': {
        const ts = m.messageRef;
        // The parent went through response_url: the result there already carries the verdict.
        if (!ts) return {};
        return this.attempt(m, async () => {
          await this.client.chat.update({ channel: m.conversation, ts, ...body(rendered) });
          return { ref: ts };
        });
      }
      case 'ephemeral': {
        const user = m.user;
        if (!user) throw new PermanentDeliveryError('ephemeral message without a user');
        return this.attempt(m, async () => {
          await this.client.chat.postEphemeral({
            channel: m.conversation,
            user,
            ...(m.threadRef ? { thread_ts: m.threadRef } : {}),
            ...body(rendered),
          });
          return {};
        });
      }
    }
  }

  private async attempt(
    m: OutboundMessage,
    call: () => Promise<DeliveryReceipt>,
  ): Promise<DeliveryReceipt> {
    try {
      return await call();
    } catch (err) {
      const failure = classify(err, this.apiUrl);
      if (failure.kind === 'throw') throw failure.error;
      if (failure.kind === 'cannot-edit' && m.action === 'update') {
        this.log.info(
          { message: m.id, error: failure.error },
          'slack: parent not editable, skipped',
        );
        return {};
      }
      if (failure.kind === 'not-a-member') {
        this.log.info(
          { message: m.id, error: failure.error },
          'slack: falling back to response_url',
        );
        return this.viaResponseUrl(m, m.action === 'ephemeral' ? 'ephemeral' : 'in_channel');
      }
      throw new PermanentDeliveryError(`slack: ${failure.error}`);
    }
  }

  /** Thread parent → command, so `@wxdoctor recheck` in the thread can run it again. */
  private async rememberParent(m: OutboundMessage, ts: string): Promise<void> {
    if (!('invocation' in m.content)) return;
    try {
      await this.threads.remember(
        { workspace: m.workspace, conversation: m.conversation, ts },
        m.content.invocation.text,
      );
    } catch (err) {
      // The message is out; only `recheck` by mention in this thread is lost.
      this.log.warn({ err, message: m.id }, 'slack: could not remember the thread');
    }
  }

  private async viaResponseUrl(
    m: OutboundMessage,
    responseType: 'in_channel' | 'ephemeral',
  ): Promise<DeliveryReceipt> {
    const invocation =
      m.invocationId ?? ('invocation' in m.content ? m.content.invocation.id : undefined);
    const url = invocation ? await this.responseUrls.get(invocation) : null;
    if (!url) {
      throw new PermanentDeliveryError(
        `slack: cannot post in ${m.conversation} (bot not a member) and invocation ${invocation ?? '-'} has no live response_url`,
      );
    }
    const rendered = renderSlack(m.content, m.lang, {
      notInChannel: responseType === 'in_channel',
    });
    // The URL itself is a capability: it never appears in errors or logs.
    const timeout = startDeadline(this.responseUrlTimeoutMs);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: responseType, replace_original: false, ...rendered }),
        signal: timeout.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
    } finally {
      timeout.clear();
    }
    if (res.ok) return {};
    if (res.status === 429) {
      throw new RateLimitedError(retryAfterMs(res.headers.get('retry-after')) ?? 1000);
    }
    if (res.status >= 500) throw new Error(`slack response_url answered HTTP ${res.status}`);
    // Expired (30 min) or used up (5 posts).
    throw new PermanentDeliveryError(`slack response_url answered HTTP ${res.status}`);
  }
}

function body(m: SlackMessage) {
  return { text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false };
}

function retryAfterMs(header: string | null): number | undefined {
  const s = Number(header);
  return header !== null && Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

function classify(err: unknown, apiUrl: string | undefined): Failure {
  const code = (err as { code?: string } | null)?.code;
  if (code === webApi.ErrorCode.RateLimitedError) {
    const seconds = (err as { retryAfter?: number }).retryAfter ?? 1;
    return { kind: 'throw', error: new RateLimitedError(seconds * 1000) };
  }
  if (code === webApi.ErrorCode.PlatformError) {
    const error = String((err as { data?: { error?: string } }).data?.error ?? 'unknown_error');
    if (NOT_A_MEMBER.has(error)) return { kind: 'not-a-member', error };
    if (CANNOT_EDIT.has(error)) return { kind: 'cannot-edit', error };
    if (PLATFORM_RATE_LIMITED.has(error)) {
      return { kind: 'throw', error: new RateLimitedError(PLATFORM_RETRY_AFTER_MS) };
    }
    if (TRANSIENT.has(error)) return { kind: 'throw', error: new Error(`slack: ${error}`) };
    // A refused token names its variable in the job's failure (and so in the log line).
    const problem = slackProblem(err, 'SLACK_BOT_TOKEN', apiUrl);
    const hint = problem ? `; check ${problem.key}` : '';
    return { kind: 'throw', error: new PermanentDeliveryError(`slack: ${error}${hint}`) };
  }
  // HTTP 5xx, network errors, timeouts: the queue retries; the message names SLACK_API_URL.
  const error = err instanceof Error ? err : new Error(String(err));
  return { kind: 'throw', error: nameTheKey(error, 'SLACK_BOT_TOKEN', apiUrl) };
}
