/**
 * Where a WeCom message goes, as OutboundMessage.conversation spells it. Shared with the intake
 * (replies) and the watches (alerts): `user:<userid>` (app message to one person),
 * `chat:<chatid>` (a group chat this app created), `robot:<name>` (a configured group robot).
 */
import { PermanentDeliveryError } from '../types.js';

export type WecomAddress =
  | { kind: 'user'; userid: string }
  | { kind: 'chat'; chatid: string }
  | { kind: 'robot'; name: string };

const ID = /^[A-Za-z0-9_.@-]+$/;

export function formatAddress(a: WecomAddress): string {
  switch (a.kind) {
    case 'user':
      return `user:${a.userid}`;
    case 'chat':
      return `chat:${a.chatid}`;
    case 'robot':
      return `robot:${a.name}`;
  }
}

/** Throws PermanentDeliveryError for anything else: retrying cannot make it an address. */
export function parseAddress(conversation: string): WecomAddress {
  const at = conversation.indexOf(':');
  const kind = conversation.slice(0, at);
  const id = conversation.slice(at + 1);
  if (at > 0 && ID.test(id)) {
    if (kind === 'user') return { kind, userid: id };
    if (kind === 'chat') return { kind, chatid: id };
    if (kind === 'robot') return { kind, name: id };
  }
  throw new PermanentDeliveryError(
    `wecom: not a destination: ${JSON.stringify(conversation.slice(0, 80))} (expected user:<userid>, chat:<chatid> or robot:<name>)`,
  );
}
