/**
 * Short references (`#W48213907`) for platforms without threads: every command result and incident
 * carries one on all its messages, and `wx recheck #W48213907` finds what to run again. A
 * reference is random (knowing one says nothing about another) and belongs to the conversations
 * it was shown in: elsewhere it resolves only for admins, and is otherwise as unknown as a typo.
 */
import { createHash, randomInt } from 'node:crypto';
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
   * The reference each holder keeps (its target rewritten), or a new one recorded in the holder
   * in the same atomic step: holders claimed at once by two processes get one reference, not two.
   * Pipelined: one round trip for the lot (plus one per rare collision of random references).
   */
  claim(claims: RefClaim[]): Promise<string[]>;
  /**
   * `#W12`, `W12` or `w12` → its target, when asked from one of its places or by an admin; null
   * when unknown, expired, not a reference, or another conversation's.
   */
  resolve(ref: string, from: RefPlace, opts?: { admin?: boolean }): Promise<RefTarget | null>;
}

/** Where a record keeps its reference: a hash field (a watch's hash, field `r`). */
export interface RefHolder {
  key: string;
  field: string;
}

export interface RefClaim {
  holder: RefHolder;
  target: RefTarget;
  /** A reference the record had before holders existed (kept inside the record itself). */
  known?: string;
}

/**
 * KEYS: the holder's hash, a free candidate's key. ARGV: field, candidate, target, ttl, known.
 * → {ref, 1} newly assigned, {ref, 0} held already, {'', 0} the candidate was taken: try another.
 */
const CLAIM = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held then return {held, 0} end
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[5])
  return {ARGV[5], 0}
end
if not redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4], 'NX') then return {'', 0} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {ARGV[2], 1}
`;
const CLAIM_SHA = createHash('sha1').update(CLAIM).digest('hex');

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

async function exec(pipeline: ReturnType<RedisClient['pipeline']>): Promise<void> {
  for (const [err] of (await pipeline.exec()) ?? []) if (err) throw err;
}

export function createShortRefs(
  redis: RedisClient,
  opts: { prefix: string; ttlSeconds?: number },
): ShortRefs {
  const ttlSeconds = opts.ttlSeconds ?? DEFAULT_REF_TTL_S;
  const key = (ref: string) => `${opts.prefix}:ref:${ref}`;
  const codec = json<RefTarget>();
  const targets = createExpiring(redis, { key, ttlSeconds, codec });
  /** One EVALSHA per claim in one pipeline; sent whole once when Redis lacks it. */
  const claimRound = async (batch: RefClaim[]): Promise<Array<[string, number]>> => {
    const send = (loaded: boolean) => {
      const pipeline = redis.pipeline();
      for (const c of batch) {
        const candidate = `W${randomInt(MIN, MAX)}`;
        const keys = [c.holder.key, key(candidate)];
        const args = [c.holder.field, candidate, codec.encode(c.target), ttlSeconds, c.known ?? ''];
        if (loaded) pipeline.evalsha(CLAIM_SHA, 2, ...keys, ...args);
        else pipeline.eval(CLAIM, 2, ...keys, ...args);
      }
      return pipeline.exec();
    };
    let rows = (await send(true)) ?? [];
    if (rows.some(([err]) => err && String(err.message).startsWith('NOSCRIPT'))) {
      // EVAL caches the script wherever it runs (every node of a cluster alike).
      rows = (await send(false)) ?? [];
    }
    return rows.map(([err, row]) => {
      if (err) throw err;
      return row as [string, number];
    });
  };
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
    async claim(claims) {
      const refs: string[] = new Array(claims.length).fill('');
      const kept: number[] = [];
      let pending = claims.map((_, i) => i);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= ASSIGN_ATTEMPTS) {
          throw new Error(`no free short reference after ${ASSIGN_ATTEMPTS} attempts`);
        }
        const rows = await claimRound(pending.map((i) => claims[i] as RefClaim));
        const again: number[] = [];
        pending.forEach((i, n) => {
          const [ref, fresh] = rows[n] as [string, number];
          if (ref === '') again.push(i);
          else {
            refs[i] = ref;
            if (fresh === 0) kept.push(i);
          }
        });
        pending = again;
      }
      if (kept.length > 0) {
        const pipeline = redis.pipeline();
        for (const i of kept) {
          const ref = refs[i] as string;
          pipeline.set(key(ref), codec.encode((claims[i] as RefClaim).target), 'EX', ttlSeconds);
        }
        await exec(pipeline);
      }
      return refs;
    },
    async resolve(text, from, o) {
      const ref = parseRef(text);
      const target = ref ? await targets.get(ref) : null;
      if (!target) return null;
      if (o?.admin || target.places?.some((p) => samePlace(p, from))) return target;
      return null;
    },
  };
}
