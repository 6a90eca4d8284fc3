/**
 * `--to #ops` → the channel's id, from `conversations.list` (every page), cached: one listing
 * serves every lookup for a while, and a name not in it is looked for again in a fresh listing
 * (a channel created a minute ago), at most once a minute. Needs the `channels:read` scope (and
 * `groups:read` for private channels the bot is in).
 */
import type { Log } from '../../model/log.js';
import { SILENT } from '../../model/log.js';
import type { ChannelAnswer, ChannelLookup } from '../../watch/destinations.js';
import { createWebClient, type WebClient } from './client.js';

export interface ChannelDirectoryOptions {
  botToken: string;
  apiUrl?: string;
  logger?: Log;
  /** How long a listing is used (default 10 minutes). */
  ttlMs?: number;
  /** A name not found is looked for in a fresh listing when the cached one is older (default 60 s). */
  missRefreshMs?: number;
  now?: () => number;
}

interface Listing {
  at: number;
  byName: Map<string, { id: string; member: boolean }>;
}

/** Pages of 1000: a workspace of 100,000 channels is read in 100 calls at most. */
const PAGE = 1000;
const MAX_PAGES = 100;

export function slackChannelLookup(opts: ChannelDirectoryOptions): ChannelLookup {
  const log = opts.logger ?? SILENT;
  const client = createWebClient(opts.botToken, { apiUrl: opts.apiUrl, log });
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlMs ?? 600_000;
  const missRefreshMs = opts.missRefreshMs ?? 60_000;
  let cached: Listing | undefined;
  let loading: Promise<Listing> | undefined;

  const load = () => {
    loading ??= list(client, now).finally(() => {
      loading = undefined;
    });
    return loading.then((l) => {
      cached = l;
      return l;
    });
  };

  return async (name: string): Promise<ChannelAnswer> => {
    try {
      let listing = cached && now() - cached.at < ttlMs ? cached : await load();
      if (!listing.byName.has(name) && now() - listing.at >= missRefreshMs) {
        listing = await load();
      }
      const found = listing.byName.get(name);
      if (!found) return { problem: 'not-found' };
      return found.member ? { id: found.id } : { problem: 'not-member', id: found.id };
    } catch (err) {
      log.warn(
        { err: (err as Error).message, channel: name },
        'conversations.list failed: check the bot token scopes channels:read and groups:read',
      );
      return { problem: 'unavailable' };
    }
  };
}

async function list(client: WebClient, now: () => number): Promise<Listing> {
  const byName = new Map<string, { id: string; member: boolean }>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    for (const c of res.channels ?? []) {
      if (c.id && c.name) byName.set(c.name, { id: c.id, member: c.is_member === true });
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return { at: now(), byName };
}
