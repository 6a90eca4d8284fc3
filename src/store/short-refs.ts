/**
 * Short references (`#W12`) for platforms without threads: every command result and incident
 * carries one on all its messages, and `wx recheck #W12` finds what to run again from any chat.
 */
import type { RedisClient } from '../model/index.js';
import { createExpiring, json } from './expiring.js';

export const DEFAULT_REF_TTL_S = 30 * 24 * 3600;

/** What a reference points at: the command text that `recheck` runs again. */
export interface RefTarget {
  text: string;
}

export interface ShortRefs {
  /** A new reference such as `W12` (without `#`). */
  assign(target: RefTarget): Promise<string>;
  /** `#W12`, `W12` or `w12` → its target; null when unknown, expired or not a reference. */
  resolve(ref: string): Promise<RefTarget | null>;
}

const REF = /^#?[Ww](\d{1,12})$/;

/** `#W12` / `w12` → `W12`; null when the text is not a reference. */
export function parseRef(text: string): string | null {
  const m = REF.exec(text.trim());
  return m ? `W${Number(m[1])}` : null;
}

export function createShortRefs(
  redis: RedisClient,
  opts: { prefix: string; ttlSeconds?: number },
): ShortRefs {
  const targets = createExpiring(redis, {
    key: (ref: string) => `${opts.prefix}:ref:${ref}`,
    ttlSeconds: opts.ttlSeconds ?? DEFAULT_REF_TTL_S,
    codec: json<RefTarget>(),
  });
  return {
    async assign(target) {
      const ref = `W${await redis.incr(`${opts.prefix}:ref-seq`)}`;
      await targets.set(ref, target);
      return ref;
    },
    async resolve(text) {
      const ref = parseRef(text);
      return ref ? targets.get(ref) : null;
    },
  };
}
