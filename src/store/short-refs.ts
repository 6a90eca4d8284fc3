/**
 * Short references (`#W48213907`) for platforms without threads: every command result and incident
 * carries one on all its messages, and `wx recheck #W48213907` finds what to run again. A
 * reference is random (knowing one says nothing about another) and belongs to the conversations
 * it was shown in: elsewhere it resolves only for admins, and is otherwise as unknown as a typo.
 */
import { randomInt } from 'node:crypto';
import type { Platform, RedisClient } from '../model/index.js';
import { createExpiring, json } from './expiring.js';
import { luaScript } from './lua-script.js';

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
   * One script call for the lot (plus one per rare collision of random references).
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
 * Claims in one call. KEYS: per claim the holder's hash and a free candidate's key. ARGV: the ttl,
 * then per claim field, candidate, target, known. → per claim two values: ref, 1 newly assigned;
 * ref, 0 held already; '', 0 the candidate was taken: try another.
 */
const CLAIM_MANY = `
local out = {}
for i = 1, #KEYS / 2 do
  local holder, candidateKey = KEYS[2 * i - 1], KEYS[2 * i]
  local a = 4 * i - 2
  local field, candidate, target, known = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local held = redis.call('HGET', holder, field)
  if held then
    out[#out + 1] = held; out[#out + 1] = 0
  elseif known ~= '' then
    redis.call('HSET', holder, field, known)
    out[#out + 1] = known; out[#out + 1] = 0
  elseif redis.call('SET', candidateKey, target, 'EX', ARGV[1], 'NX') then
    redis.call('HSET', holder, field, candidate)
    out[#out + 1] = candidate; out[#out + 1] = 1
  else
    out[#out + 1] = ''; out[#out + 1] = 0
  end
end
return out
`;
const claimManyScript = luaScript(CLAIM_MANY);

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
  /** One script call for the lot (a command per claim allocated some 2 KB each in the client). */
  const claimRound = async (batch: RefClaim[]): Promise<Array<[string, number]>> => {
    const keys: string[] = [];
    const args: Array<string | number> = [ttlSeconds];
    for (const c of batch) {
      const candidate = `W${randomInt(MIN, MAX)}`;
      keys.push(c.holder.key, key(candidate));
      args.push(c.holder.field, candidate, codec.encode(c.target), c.known ?? '');
    }
    const flat = (await claimManyScript(redis, keys, args)) as Array<string | number>;
    return batch.map((_, i) => [String(flat[2 * i]), Number(flat[2 * i + 1])]);
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
