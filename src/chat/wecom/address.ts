/**
 * Where a WeCom message goes, as OutboundMessage.conversation spells it. Shared with the intake
 * (replies) and the watches (alerts): `user:<userid>` (app message to one person),
 * `chat:<chatid>` (a group chat this app created), `robot:<name>` (a configured group robot),
 * `aibot:<chatid>` (a group where someone @-mentioned the AI bot, 智能机器人) and
 * `aibot-user:<userid>` (the AI bot's 1:1 chat). The two aibot kinds are answered only through
 * the invocation's one-shot response_url (stored apart, see store/response-urls.ts), so they name
 * the conversation for logs and metrics rather than address it.
 */
import { PermanentDeliveryError } from '../../model/index.js';

export type WecomAddress =
  | { kind: 'user'; userid: string }
  | { kind: 'chat'; chatid: string }
  | { kind: 'robot'; name: string }
  | { kind: 'aibot'; chatid: string }
  | { kind: 'aibot-user'; userid: string };

/**
 * WeCom's own rules: a userid starts with a letter or digit (so `@all`, which would reach everyone
 * who can see the app, is not one) and has no `|` (message/send's list separator).
 */
const USERID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
/** Ours are ≤32 letters and digits; ids WeCom made itself are not documented: lenient, no `|`. */
const CHATID = /^[A-Za-z0-9_.-]{1,64}$/;
/** The AI bot's from.userid may be an encrypted open_userid: lenient, no separators of ours. */
const AIBOT_USERID = /^[A-Za-z0-9_.@=+/-]{1,128}$/;
const NAME = /^[A-Za-z0-9_.@-]+$/;

export function isUserid(text: string): boolean {
  return USERID.test(text);
}

export function formatAddress(a: WecomAddress): string {
  switch (a.kind) {
    case 'user':
      return `user:${a.userid}`;
    case 'chat':
      return `chat:${a.chatid}`;
    case 'robot':
      return `robot:${a.name}`;
    case 'aibot':
      return `aibot:${a.chatid}`;
    case 'aibot-user':
      return `aibot-user:${a.userid}`;
  }
}

/** Throws PermanentDeliveryError for anything else: retrying cannot make it an address. */
export function parseAddress(conversation: string): WecomAddress {
  const at = conversation.indexOf(':');
  const kind = conversation.slice(0, at);
  const id = conversation.slice(at + 1);
  if (kind === 'user' && USERID.test(id)) return { kind, userid: id };
  if (kind === 'chat' && CHATID.test(id)) return { kind, chatid: id };
  if (kind === 'robot' && NAME.test(id)) return { kind, name: id };
  if (kind === 'aibot' && CHATID.test(id)) return { kind, chatid: id };
  if (kind === 'aibot-user' && AIBOT_USERID.test(id)) return { kind, userid: id };
  throw new PermanentDeliveryError(
    `wecom: not a destination: ${JSON.stringify(conversation.slice(0, 80))} (expected user:<userid>, chat:<chatid>, robot:<name>, aibot:<chatid> or aibot-user:<userid>)`,
  );
}
