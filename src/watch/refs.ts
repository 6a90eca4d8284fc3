/** A watch's short reference (`#W12`): `/wx recheck #W12` re-runs the watch's check. */
import type { RedisClient } from '../model/index.js';
import { createShortRefs, type ShortRefs } from '../store/short-refs.js';

export type { ShortRefs };

/** A watch lives as long as it is configured: its reference must not expire before it. */
const WATCH_REF_TTL_S = 10 * 365 * 24 * 3600;

export function watchRefs(redis: RedisClient, opts: { prefix: string }): ShortRefs {
  return createShortRefs(redis, { prefix: opts.prefix, ttlSeconds: WATCH_REF_TTL_S });
}

/** The command a watch's reference re-runs. */
export function recheckText(watchId: string): string {
  return `watch check ${watchId}`;
}
