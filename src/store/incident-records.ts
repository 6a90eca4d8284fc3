/**
 * Post-incident records in Redis, kept a while after the incident closed (90 days unless
 * configured): one string per record (with its expiry), a sorted set of every record by closing
 * time for the status page's list, and one per watch reference by incident number (`#W12` → its
 * latest). The sets are trimmed as records are written; a listed record that expired is skipped.
 */
import type { IncidentRecord, RedisClient } from '../model/index.js';
import type { RefPlace } from './short-refs.js';

export const DEFAULT_RECORD_DAYS = 90;
const DAY_S = 24 * 3600;

/** A record and the conversations it may be shown in (those of the watch when it closed). */
export interface StoredRecord {
  record: IncidentRecord;
  places: RefPlace[];
}

export interface IncidentRecords {
  /** Writes (or rewrites) a record; it expires `days` after its closing (or now). */
  put(stored: StoredRecord, now: number): Promise<void>;
  get(id: string): Promise<StoredRecord | null>;
  /** Incident numbers recorded for a watch reference, highest first. */
  numbers(ref: string): Promise<number[]>;
  /** The newest records first (by closing time), at most `limit`. */
  list(limit: number, now: number): Promise<StoredRecord[]>;
}

/** Record ids are `W<digits>.<n>`: safe in a key and in a URL path. */
export const RECORD_ID = /^W\d{1,12}\.\d{1,6}$/;

export function createIncidentRecords(
  redis: RedisClient,
  opts: { prefix: string; days?: number },
): IncidentRecords {
  const keepS = (opts.days ?? DEFAULT_RECORD_DAYS) * DAY_S;
  const key = (id: string) => `${opts.prefix}:incident-record:${id}`;
  const all = `${opts.prefix}:incident-records`;
  const byRef = (ref: string) => `${opts.prefix}:incident-records:${ref}`;
  const decode = (raw: string | null) => (raw ? (JSON.parse(raw) as StoredRecord) : null);
  return {
    async put(stored, now) {
      const { record } = stored;
      if (!RECORD_ID.test(record.id)) throw new Error(`not a record id: ${record.id}`);
      const closed = record.closedAt ? Date.parse(record.closedAt) : now;
      const ttl = Math.max(1, Math.ceil((closed + keepS * 1000 - now) / 1000));
      await redis
        .multi()
        .set(key(record.id), JSON.stringify(stored), 'EX', ttl)
        .zadd(all, closed, record.id)
        .zremrangebyscore(all, '-inf', now - keepS * 1000)
        .zadd(byRef(record.ref), record.n, record.id)
        .expire(byRef(record.ref), keepS)
        .exec();
    },
    async get(id) {
      if (!RECORD_ID.test(id)) return null;
      return decode(await redis.get(key(id)));
    },
    async numbers(ref) {
      const ids = await redis.zrevrange(byRef(ref), 0, -1);
      return ids.map((id) => Number(id.slice(id.lastIndexOf('.') + 1)));
    },
    async list(limit, now) {
      const ids = await redis.zrevrangebyscore(all, '+inf', now - keepS * 1000, 'LIMIT', 0, limit);
      if (ids.length === 0) return [];
      const raws = await redis.mget(...ids.map(key));
      return raws.map(decode).filter((r): r is StoredRecord => r !== null);
    },
  };
}
