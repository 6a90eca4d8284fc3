/**
 * Every watch's latest result as a snapshot (result-snapshot.ts), one Redis hash for the whole
 * deployment: workers write after each check, any process reads them all (a scrape of the bot,
 * the status page). Field `<region> <watch id>`: each region keeps its own latest result.
 */
import type { RedisClient } from '../model/index.js';
import { luaScript } from './lua-script.js';
import type { ResultSnapshot } from './result-snapshot.js';

export interface LastResults {
  /** Writes the snapshot over the one before; false when the hash is full and this is a new field. */
  record(snapshot: ResultSnapshot): Promise<boolean>;
  /** Every snapshot, any order. */
  all(): Promise<ResultSnapshot[]>;
  /** Drops the snapshots of these watches, in every region. */
  forget(ids: Iterable<string>): Promise<number>;
}

export interface LastResultsOptions {
  prefix: string;
  /** Fields at most (watches × regions); a new one past it is not written (default 50,000). */
  maxEntries?: number;
}

/** Replaces a field, or adds one while the hash has room: one round trip, no race between. */
const RECORD = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0
`;
const recordScript = luaScript(RECORD);

export function createLastResults(redis: RedisClient, opts: LastResultsOptions): LastResults {
  const key = `${opts.prefix}:watch-last`;
  const maxEntries = opts.maxEntries ?? 50_000;
  return {
    async record(snapshot) {
      const field = fieldOf(snapshot.region, snapshot.id);
      const written = await recordScript(
        redis,
        [key],
        [field, JSON.stringify(snapshot), maxEntries],
      );
      return written === 1;
    },
    async all() {
      const raw = await redis.hgetall(key);
      const out: ResultSnapshot[] = [];
      for (const value of Object.values(raw)) {
        const parsed = parse(value);
        if (parsed) out.push(parsed);
      }
      return out;
    },
    async forget(ids) {
      const gone = new Set(ids);
      if (gone.size === 0) return 0;
      const fields = (await redis.hkeys(key)).filter((f) => gone.has(idOf(f)));
      return fields.length === 0 ? 0 : redis.hdel(key, ...fields);
    },
  };
}

/** Region names have no space (config checks them); watch ids may have anything. */
function fieldOf(region: string, id: string): string {
  return `${region} ${id}`;
}

function idOf(field: string): string {
  return field.slice(field.indexOf(' ') + 1);
}

/** A value written by another version that does not parse is skipped, not a failed scrape. */
function parse(value: string): ResultSnapshot | null {
  try {
    const s = JSON.parse(value) as ResultSnapshot;
    return typeof s?.id === 'string' && typeof s.target === 'string' ? s : null;
  } catch {
    return null;
  }
}
