/**
 * Workers' heartbeats in Redis: which regions are live. One hash per deployment, a field per
 * worker process holding its last beat (region, host, version, last seen); a beat also renews the
 * hash's TTL, so a deployment whose workers are all gone leaves nothing behind, and listing drops
 * the fields of workers gone longer than that.
 */
import type { LiveRegion, RedisClient, WorkerBeat } from '../model/index.js';

/** A region is live while one of its workers beat within this (the 60 s). */
export const LIVE_WITHIN_MS = 60_000;
/** How often a worker beats. */
export const BEAT_EVERY_MS = 15_000;
/** A worker's beat is forgotten after this. */
const FORGET_AFTER_MS = 10 * 60_000;

export interface WorkerBeats {
  beat(beat: WorkerBeat): Promise<void>;
  /** Every remembered worker's last beat (live or not). */
  all(): Promise<WorkerBeat[]>;
  /** The regions with a worker seen within LIVE_WITHIN_MS, by name. */
  live(): Promise<LiveRegion[]>;
}

export function createWorkerBeats(
  redis: RedisClient,
  opts: { prefix: string; now?: () => number },
): WorkerBeats {
  const key = `${opts.prefix}:workers`;
  const now = opts.now ?? Date.now;
  const all = async (): Promise<WorkerBeat[]> => {
    const fields = await redis.hgetall(key);
    const cutoff = now() - FORGET_AFTER_MS;
    const beats: WorkerBeat[] = [];
    const gone: string[] = [];
    for (const [field, json] of Object.entries(fields)) {
      const beat = parse(json);
      if (!beat || beat.lastSeen < cutoff) gone.push(field);
      else beats.push(beat);
    }
    if (gone.length > 0) await redis.hdel(key, ...gone);
    return beats;
  };
  return {
    async beat(beat) {
      await redis
        .multi()
        .hset(key, fieldOf(beat), JSON.stringify(beat))
        .pexpire(key, FORGET_AFTER_MS)
        .exec();
    },
    all,
    async live() {
      const since = now() - LIVE_WITHIN_MS;
      return liveRegions((await all()).filter((b) => b.lastSeen >= since));
    },
  };
}

export function liveRegions(beats: readonly WorkerBeat[]): LiveRegion[] {
  const by = new Map<string, WorkerBeat[]>();
  for (const b of beats) by.set(b.region, [...(by.get(b.region) ?? []), b]);
  return [...by.entries()]
    .map(([region, list]) => ({
      region,
      lastSeen: Math.max(...list.map((b) => b.lastSeen)),
      workers: list.length,
      versions: [...new Set(list.map((b) => b.version))].sort(),
    }))
    .sort((a, b) => a.region.localeCompare(b.region));
}

function fieldOf(b: WorkerBeat): string {
  return `${b.region}/${b.host}/${b.pid}`;
}

function parse(json: string): WorkerBeat | null {
  try {
    const b = JSON.parse(json) as WorkerBeat;
    return typeof b.region === 'string' && typeof b.lastSeen === 'number' ? b : null;
  } catch {
    return null;
  }
}

/** The front ends' view: the live regions, read when a command asks. */
export function liveRegionsFrom(redis: RedisClient, prefix: string): () => Promise<LiveRegion[]> {
  const beats = createWorkerBeats(redis, { prefix });
  return () => beats.live();
}
