import type { Lang, Platform } from './lang.js';

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

/** Where something was said: the platform, workspace and conversation of an Invocation. */
export type ConversationKey = Pick<Invocation, 'platform' | 'workspace' | 'conversation'>;

/** The very same conversation, workspace included (no wildcard: a result is shown only there). */
export function isSameConversation(a: ConversationKey, b: ConversationKey): boolean {
  return (
    a.platform === b.platform && a.workspace === b.workspace && a.conversation === b.conversation
  );
}
