/**
 * Who may do what with chat-added watches: where their notices may go (the conversation they were
 * added from, the configured allow-list, or anywhere for an admin) and how many there may be. The
 * watches file is the operator's and is bound by none of this.
 */
import { type ChatWatchLimits, isAdmin } from '../config/index.js';
import type { Invocation } from '../model/index.js';
import { parseDestination } from './destinations.js';
import { type Conversation, sameConversation } from './scope.js';
import type { StoredWatch } from './store.js';
import type { Destination, Watch } from './types.js';

export interface WatchAccess {
  /** `platform:userid` (WX_ADMINS). */
  admins: readonly string[];
  /** Destinations anyone may target (WX_WATCH_DESTINATIONS), parsed. */
  destinations: Destination[];
  maxPerConversation: number;
  maxTotal: number;
}

export const DEFAULT_LIMITS: ChatWatchLimits = {
  destinations: [],
  maxPerConversation: 50,
  maxTotal: 10_000,
};

export function watchAccess(
  admins: readonly string[] = [],
  limits: Partial<ChatWatchLimits> = {},
): WatchAccess {
  const { destinations, maxPerConversation, maxTotal } = { ...DEFAULT_LIMITS, ...limits };
  return {
    admins,
    destinations: destinations.map((raw) => {
      const d = parseDestination(raw);
      // The config schema checked the spelling already.
      if (typeof d === 'string') throw new Error(`WX_WATCH_DESTINATIONS: ${d}`);
      return d;
    }),
    maxPerConversation,
    maxTotal,
  };
}

export function conversationOf(inv: Invocation): Conversation {
  return { platform: inv.platform, workspace: inv.workspace, conversation: inv.conversation };
}

export function adminOf(access: WatchAccess, inv: Invocation): boolean {
  return isAdmin(access.admins, { platform: inv.platform, user: inv.user });
}

/** A non-admin may send a watch's notices to where it was added and to the allow-list. */
export function destinationAllowed(access: WatchAccess, d: Destination, here: Conversation) {
  return sameConversation(d, here) || access.destinations.some((a) => sameConversation(a, d));
}

/** The conversation a chat-added watch counts against (added before owners were kept: its first destination). */
function ownerOf(w: Watch): Destination | undefined {
  if (w.source !== 'chat') return undefined;
  return w.owner ?? w.to[0];
}

/** Which limit a new chat-added watch from `here` would exceed, with its size; null: none. */
export function limitReached(
  access: WatchAccess,
  all: StoredWatch[],
  here: Conversation,
): { limit: 'conversation' | 'total'; max: number } | null {
  const chat = all.map((s) => s.watch).filter((w) => w.source === 'chat');
  if (chat.length >= access.maxTotal) return { limit: 'total', max: access.maxTotal };
  const own = chat.filter((w) => {
    const owner = ownerOf(w);
    return owner !== undefined && sameConversation(owner, here);
  });
  if (own.length >= access.maxPerConversation) {
    return { limit: 'conversation', max: access.maxPerConversation };
  }
  return null;
}
