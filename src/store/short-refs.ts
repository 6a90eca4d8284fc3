/**
 * Short references (`#W48213907`) for platforms without threads: every command result and incident
 * carries one on all its messages, and `wx recheck #W48213907` finds what to run again. A
 * reference is random (knowing one says nothing about another) and belongs to the conversations
 * it was shown in: elsewhere it resolves only for admins, and is otherwise as unknown as a typo.
 */
import { randomInt } from 'node:crypto';
import type { Platform, RedisClient } from '../model/index.js';
import { createExpiring, json } from './expiring.js';

export const DEFAULT_REF_TTL_S = 30 * 24 * 3600;

/** A conversation a reference may be used in; workspace '' matches any (a file watch's). */
export interface RefPlace {
  platform: Platform;
  workspace: string;
  conversation: string;
}

/** What a reference points at: the command text that `recheck` runs again, and where. */
export interface RefTarget {
  text: string;
  /** Where it resolves for anyone; absent (references made before places existed): admins only. */
  places?: RefPlace[];
}

export interface ShortRefs {
  /** A new reference such as `W48213907` (without `#`). */
  assign(target: RefTarget): Promise<string>;
  /** Rewrites an existing reference's target (a watch keeps its reference when its places change). */
  keep(ref: string, target: RefTarget): Promise<void>;
  /**
   * `#W12`, `W12` or `w12` → its target, when asked from one of its places or by an admin; null
   * when unknown, expired, not a reference, or another conversation's.
   */
  resolve(ref: string, from: RefPlace, opts?: { admin?: boolean }): Promise<RefTarget | null>;
}

const REF = /^#?[Ww](\d{1,12})$/;

/** Eight digits, never a leading zero: 9·10⁷ references, typed on a phone's number pad. */
const MIN = 10_000_000;
const MAX = 100_000_000;
const ASSIGN_ATTEMPTS = 8;

/** `#W12` / `w12` → `W12`; null when the text is not a reference. */
export function parseRef(text: string): string | null {
  const m = REF.exec(text.trim());
  return m ? `W${Number(m[1])}` : null;
}

function samePlace(place: RefPlace, from: RefPlace): boolean {
  return (
    place.platform === from.platform &&
    place.conversation === from.conversation &&
    (place.workspace === '' || place.workspace === from.workspace)
  );
}

export function createShortRefs(
  redis: RedisClient,
  opts: { prefix: string; ttlSeconds?: number },
): ShortRefs {
  const ttlSeconds = opts.ttlSeconds ?? DEFAULT_REF_TTL_S;
  const key = (ref: string) => `${opts.prefix}:ref:${ref}`;
  const codec = json<RefTarget>();
  const targets = createExpiring(redis, { key, ttlSeconds, codec });
  return {
    async assign(target) {
      for (let i = 0; i < ASSIGN_ATTEMPTS; i++) {
        const ref = `W${randomInt(MIN, MAX)}`;
        // NX: a reference still alive (or an old sequential one) is never taken over.
        const set = await redis.set(key(ref), codec.encode(target), 'EX', ttlSeconds, 'NX');
        if (set === 'OK') return ref;
      }
      throw new Error(`no free short reference after ${ASSIGN_ATTEMPTS} attempts`);
    },
    keep: (ref, target) => targets.set(ref, target),
    async resolve(text, from, o) {
      const ref = parseRef(text);
      const target = ref ? await targets.get(ref) : null;
      if (!target) return null;
      if (o?.admin || target.places?.some((p) => samePlace(p, from))) return target;
      return null;
    },
  };
}
