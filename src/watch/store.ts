/**
 * Watches in Redis: one small hash per watch (`w` the watch, `s` its state, `v` a version for
 * compare-and-set) and one sorted set of every watch scored by its next check time. A sweep takes
 * due watches in order (ZRANGEBYSCORE … LIMIT), never scanning them all. `w` and `s` are packed
 * JSON (store/packed-json.ts, half the bytes); plain JSON written by older versions still reads.
 */
import type { OutboundMessage, RedisClient } from '../model/index.js';
import { luaScript } from '../store/lua-script.js';
import { jsonPacker } from '../store/packed-json.js';
import type { RefHolder } from '../store/short-refs.js';
import { emptyState, type Watch, type WatchState } from './types.js';

/**
 * What watches and their state repeat, the most frequent last (deflate reaches it cheapest).
 * Never edit a dictionary in place: values packed with it would no longer read. Append a new one.
 */
const DICTIONARIES = [
  [
    '{"kind":"http","url":"https://","status":[200,299],"body":"maxMs":',
    '{"kind":"dns","name":"type":"A","AAAA","CNAME","MX","TXT","resolvers":[],"expect":[',
    '{"kind":"wechat","alias":"api-domains","domains":[{"host":"api.weixin.qq.com","port":443}',
    '"addedBy":"owner":{"platform":"wecom","pin":"mutedUntil":"failing":0,',
    '"ack":{"user":"at":},"snoozedUntil":"closedAt":"timelineDropped":',
    '"event":"escalated","renewed","cert-changed","acknowledged","snoozed","recovered","closed",',
    '"pending":{"renewed":{"at":"timeline":[{"at":"event":"opened","seen":{"fp":"days":',
    '"level":30,"notAfter":"}}]}],"CHAIN_INCOMPLETE","UNREACHABLE","CERT_ISSUER_CHANGED",',
    '"incidents":[{"n":1,"key":"exp:leaf","open":true,"openedAt":"view":{"kind":"expiry",',
    '"role":"leaf","subject":"CN=","fingerprint256":"","daysLeft":"level":30},"clear":0,',
    '"lastNoticeAt":"rev":0,"status":"warn","status":"fail","status":"error",',
    '"cert":{"current":{"issuer":"CN=","org":"O=","orgless":true,"leafSpki":"',
    '"notBefore":"20","notAfter":"20","cas":[{"subject":"CN=","spki":"=="},{"subject":"',
    '"orgs":["caKeys":["=="]}}',
    '{"unreachable":0,"notified":{},"broken":[],"incidents":[],"next":1,"checkedAt":',
    '"status":"ok","earliestNotAfter":"20',
    '{"id":"","host":"","port":443,"connectTo":"","days":[30,14,7,3,1],',
    '"to":[{"platform":"slack","workspace":"","conversation":""}],',
    '"source":"file","source":"chat","lang":"zh-CN","lang":"en","ref":"W',
  ].join(''),
];

const packer = jsonPacker(DICTIONARIES);

export interface StoredWatch {
  watch: Watch;
  state: WatchState;
  /** Compare-and-set version of the state. */
  version: number;
  /** Messages decided with the state but maybe not queued yet (see saveState). */
  outbox: OutboundMessage[];
}

export interface DueWatch {
  id: string;
  /** The due time it was taken at: with the id, the check job's identity. */
  dueAt: number;
}

export interface WatchStore {
  /** Adds or replaces a watch (its state is kept); a new one is due at `firstAt`. */
  put(watch: Watch, firstAt: number): Promise<{ created: boolean }>;
  /** `put` for many in one round trip (one transaction); whether each was created. */
  putMany(items: Array<{ watch: Watch; firstAt: number }>): Promise<boolean[]>;
  /** Where a watch keeps its short reference (claimed atomically: see ShortRefs.claim). */
  refHolder(id: string): RefHolder;
  get(id: string): Promise<StoredWatch | null>;
  remove(id: string): Promise<boolean>;
  /** `remove` for many in one round trip; how many were there. */
  removeMany(ids: string[]): Promise<number>;
  ids(): Promise<string[]>;
  /** Every watch with its state (for `watch list`). */
  all(): Promise<StoredWatch[]>;
  /**
   * Writes the state if nobody wrote it since `version` was read, with the messages it decided
   * (an outbox: queued next, then cleared, so a crash in between loses nothing), and schedules
   * the next check (unless `nextAt` is null). False: the watch is gone or changed meanwhile.
   */
  saveState(
    id: string,
    version: number,
    state: WatchState,
    outbox: OutboundMessage[],
    nextAt: number | null,
  ): Promise<boolean>;
  /** Drops the first `count` messages of the outbox (queued by now). */
  clearOutbox(id: string, count: number): Promise<void>;
  /** Makes a watch due now (re-check). */
  dueNow(id: string, now: number): Promise<void>;
  /**
   * Up to `limit` watches due at `now`, earliest first; each is pushed `leaseMs` ahead so the
   * next sweep does not take it again while its check runs (the check reschedules it).
   */
  takeDue(now: number, limit: number, leaseMs: number): Promise<DueWatch[]>;
  /** Whether any watch is due at `now` (taken ones are not: their lease pushed them ahead). */
  anyDue(now: number): Promise<boolean>;
}

const TAKE_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
for i = 1, #due, 2 do
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), due[i])
end
return due
`;

const SAVE_STATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local v = redis.call('HGET', KEYS[1], 'v') or '0'
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 's', ARGV[2], 'v', tostring(tonumber(v) + 1))
for i = 5, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
return 1
`;

/**
 * One watch as `read` gives it, in one command: a pipeline would do too, but ioredis copies every
 * script BullMQ defined on the connection (dozens) into each new pipeline, per check.
 */
const GET_ONE = `
local h = redis.call('HMGET', KEYS[1], 'w', 's', 'v')
if not h[1] then return false end
return {h[1], h[2], h[3], redis.call('LRANGE', KEYS[2], 0, -1)}
`;

/**
 * KEYS: each watch's hash, then the due set. ARGV: per watch its packed spec, first check time
 * and id. → per watch 1 when it is new. One call per batch of a watches file: a MULTI of three
 * commands per watch allocated some 3 KB each in the client, 60 MB for a file of 20,000.
 */
const PUT_MANY = `
local due = KEYS[#KEYS]
local created = {}
for i = 1, #KEYS - 1 do
  created[i] = redis.call('HSETNX', KEYS[i], 'v', '0')
  redis.call('HSET', KEYS[i], 'w', ARGV[3 * i - 2])
  redis.call('ZADD', due, 'NX', ARGV[3 * i - 1], ARGV[3 * i])
end
return created
`;

const takeDueScript = luaScript(TAKE_DUE);
const putManyScript = luaScript(PUT_MANY);
const saveStateScript = luaScript(SAVE_STATE);
const getOneScript = luaScript(GET_ONE, { buffers: true });

export function createWatchStore(redis: RedisClient, opts: { prefix: string }): WatchStore {
  const dueKey = `${opts.prefix}:watch-due`;
  const key = (id: string) => `${opts.prefix}:watch:${id}`;
  const outboxKey = (id: string) => `${opts.prefix}:watch-outbox:${id}`;
  const parse = (raw: (Buffer | null)[]): StoredWatch | null => {
    const [w, s, v] = raw;
    const watch = packer.unpack<Watch>(w);
    if (!watch) return null;
    return {
      watch,
      state: packer.unpack<WatchState>(s) ?? emptyState(),
      version: Number(v?.toString() ?? 0),
      outbox: [],
    };
  };
  const withOutbox = (stored: StoredWatch | null, outbox: Array<string | Buffer> | undefined) => {
    if (stored) {
      stored.outbox = (outbox ?? []).map((m) => JSON.parse(m.toString()) as OutboundMessage);
    }
    return stored;
  };
  const read = async (ids: string[]): Promise<StoredWatch[]> => {
    const pipeline = redis.pipeline();
    for (const id of ids) {
      pipeline.hmgetBuffer(key(id), 'w', 's', 'v').lrange(outboxKey(id), 0, -1);
    }
    const rows = (await pipeline.exec()) ?? [];
    const out: StoredWatch[] = [];
    for (let i = 0; i < rows.length; i += 2) {
      const stored = withOutbox(
        parse(rows[i]?.[1] as (Buffer | null)[]),
        rows[i + 1]?.[1] as string[] | undefined,
      );
      if (stored) out.push(stored);
    }
    return out;
  };
  const putMany = async (items: Array<{ watch: Watch; firstAt: number }>): Promise<boolean[]> => {
    if (items.length === 0) return [];
    const keys = items.map(({ watch }) => key(watch.id));
    keys.push(dueKey);
    const args = items.flatMap(({ watch, firstAt }) => [packer.pack(watch), firstAt, watch.id]);
    const created = (await putManyScript(redis, keys, args)) as number[];
    return created.map((c) => c === 1);
  };
  const removeMany = async (ids: string[]): Promise<number> => {
    if (ids.length === 0) return 0;
    const multi = redis.multi();
    for (const id of ids) multi.del(key(id)).del(outboxKey(id)).zrem(dueKey, id);
    const rows = ((await multi.exec()) ?? []) as Array<[Error | null, number]>;
    return ids.filter((_, i) => rows[i * 3]?.[1] === 1).length;
  };
  return {
    async put(watch, firstAt) {
      const [created] = await putMany([{ watch, firstAt }]);
      return { created: created === true };
    },
    putMany,
    refHolder: (id) => ({ key: key(id), field: 'r' }),
    async get(id) {
      const row = (await getOneScript(redis, [key(id), outboxKey(id)], [])) as
        | [Buffer, Buffer | null, Buffer | null, Buffer[]]
        | null;
      return row ? withOutbox(parse(row.slice(0, 3) as (Buffer | null)[]), row[3]) : null;
    },
    async remove(id) {
      return (await removeMany([id])) === 1;
    },
    removeMany,
    async ids() {
      return redis.zrange(dueKey, 0, -1);
    },
    async all() {
      return read(await redis.zrange(dueKey, 0, -1));
    },
    async saveState(id, version, state, outbox, nextAt) {
      const ok = await saveStateScript(
        redis,
        [key(id), dueKey, outboxKey(id)],
        [
          String(version),
          packer.pack(state),
          nextAt === null ? '' : String(nextAt),
          id,
          ...outbox.map((m) => JSON.stringify(m)),
        ],
      );
      return ok === 1;
    },
    async clearOutbox(id, count) {
      if (count > 0) await redis.ltrim(outboxKey(id), count, -1);
    },
    async dueNow(id, now) {
      await redis.zadd(dueKey, 'XX', now, id);
    },
    async anyDue(now) {
      return (await redis.zrangebyscore(dueKey, '-inf', now, 'LIMIT', 0, 1)).length > 0;
    },
    async takeDue(now, limit, leaseMs) {
      const flat = (await takeDueScript(redis, [dueKey], [now, limit, leaseMs])) as string[];
      const out: DueWatch[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        out.push({ id: flat[i] as string, dueAt: Number(flat[i + 1]) });
      }
      return out;
    },
  };
}
