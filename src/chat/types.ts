/**
 * The chat boundary: every front end (Slack, WeCom) turns platform input into an Invocation and
 * delivers OutboundMessages. Platform quirks stay inside the adapters.
 */
import type { CombinedReport } from '../probes/combine.js';
import type { AnyProbeResult, Status } from '../probes/index.js';

export type Lang = 'en' | 'zh-CN';
export type Platform = 'slack' | 'wecom';

/** Who asked what, where. Plain JSON: it travels in job data (no secrets, no response_url). */
export interface Invocation {
  /** Unique per command typed or button pressed; every job id and dedupe key derives from it. */
  id: string;
  platform: Platform;
  /** Slack team id / WeCom corp id. */
  workspace: string;
  /** Slack channel id / WeCom chat or user id. */
  conversation: string;
  /** Slack user id / WeCom userid. */
  user: string;
  /** The arguments after `/wx`: `cert api.example.com`. Untrusted text. */
  text: string;
  /** Reference of an existing thread parent (re-check, a mention inside a thread). */
  thread?: string;
  /**
   * Short reference (`W12`, shown as `#W12`) on platforms without threads (WeCom): every message
   * of this command carries it, and `wx recheck #W12` runs the command again under the same one.
   */
  ref?: string;
  lang: Lang;
  receivedAt: string;
}

/** What to say; adapters render it (Block Kit, WeCom markdown). */
export type MessageContent =
  /** The parent message: who asked what, still running. */
  | { type: 'pending'; invocation: Invocation }
  /** The full result, in the thread. */
  | { type: 'result'; invocation: Invocation; results: AnyProbeResult[]; combined?: CombinedReport }
  /** The parent, edited to a one-line verdict once the result is in. */
  | { type: 'verdict'; invocation: Invocation; status: Status; summary: string }
  /** A short notice: usage help, rate limit, queue unavailable. */
  | { type: 'notice'; level: 'info' | 'error'; text: string };

export interface OutboundMessage {
  /** Deterministic (derived from the invocation): a retried delivery with the same id is not repeated. */
  id: string;
  platform: Platform;
  workspace: string;
  conversation: string;
  /** post: new message; reply: in `threadRef`'s thread; update: edit `messageRef`; ephemeral: only `user` sees it. */
  action: 'post' | 'reply' | 'update' | 'ephemeral';
  threadRef?: string;
  messageRef?: string;
  user?: string;
  /** Slack: also show a thread reply in the channel. */
  broadcast?: boolean;
  /** WeCom group robots (`robot:<name>`): userids to @mention at the end; ignored elsewhere. */
  mentions?: string[];
  /** The invocation this message answers (for adapters' fallbacks, e.g. Slack's response_url). */
  invocationId?: string;
  content: MessageContent;
  lang: Lang;
}

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
