/**
 * Short references (`W12`) that people quote in chat (`/wx recheck #W12`), each standing for a
 * command text. The interface is the shared one of src/store/short-refs.ts; counterRefs is a
 * stand-in with the same behaviour until that store is merged.
 */
import type { Cluster, Redis } from 'ioredis';

export interface ShortRefs {
  assign(target: { text: string }): Promise<string>;
  resolve(ref: string): Promise<{ text: string } | null>;
}

export function counterRefs(redis: Redis | Cluster, opts: { prefix: string }): ShortRefs {
  const seq = `${opts.prefix}:ref-seq`;
  const key = (ref: string) => `${opts.prefix}:ref:${ref.replace(/^#/, '').toUpperCase()}`;
  return {
    async assign(target) {
      const ref = `W${await redis.incr(seq)}`;
      await redis.set(key(ref), JSON.stringify(target));
      return ref;
    },
    async resolve(ref) {
      const raw = await redis.get(key(ref));
      return raw === null ? null : (JSON.parse(raw) as { text: string });
    },
  };
}

/** The command a watch's reference re-runs. */
export function recheckText(watchId: string): string {
  return `watch check ${watchId}`;
}
