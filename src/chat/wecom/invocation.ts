/** A WeCom text message → the Invocation every front end hands to commands/ and the queue. */
import { createHash } from 'node:crypto';
import type { Invocation, Lang } from '../../model/index.js';
import type { InboundMessage } from './payload.js';

type TextMessage = Extract<InboundMessage, { kind: 'text' }>;

/** Which callback a message came through: the self-built app's or the AI bot's (智能机器人). */
export type Via = 'app' | 'aibot';

/**
 * Where answers go, shared with WeCom delivery (address.ts): `user:<userid>` for a 1:1 app chat,
 * `chat:<chatid>` for a group; through the AI bot, `aibot:<chatid>` (a group @-mention) or
 * `aibot-user:<userid>` (its 1:1 chat), both answered through the message's response_url.
 */
export function conversationOf(m: TextMessage, via: Via = 'app'): string {
  if (via === 'aibot') return m.chatId ? `aibot:${m.chatId}` : `aibot-user:${m.from}`;
  return m.chatId ? `chat:${m.chatId}` : `user:${m.from}`;
}

/**
 * The command in what was typed: `/wx cert x`, `wx cert x`, `cert x`, each optionally after an
 * @-mention of the bot (groups). Empty when only the prefix or the mention was typed.
 */
export function commandText(content: string): string {
  let text = content.replace(/^[\s\u00a0]+/u, '');
  text = text.replace(/^@\S+[\s\u00a0\u2005]*/u, '');
  text = text.replace(/^\/?wx(?=$|[\s\u00a0])/iu, '');
  return text.trim();
}

export function toInvocation(
  m: TextMessage,
  ctx: { corpId: string; lang: Lang; now: () => number; via?: Via },
): Invocation {
  const via = ctx.via ?? 'app';
  // The AI bot's msgids are its own: kept apart from the app's.
  const scope = via === 'aibot' ? `${ctx.corpId}\u0000aibot` : ctx.corpId;
  return {
    // Derived from MsgId, so a retried delivery that got past dedupe maps to the same jobs.
    id: `wc-${createHash('sha256').update(`${scope}\u0000${m.msgId}`).digest('hex').slice(0, 32)}`,
    platform: 'wecom',
    workspace: ctx.corpId,
    conversation: conversationOf(m, via),
    user: m.from,
    text: commandText(m.content),
    lang: ctx.lang,
    receivedAt: new Date(ctx.now()).toISOString(),
  };
}
