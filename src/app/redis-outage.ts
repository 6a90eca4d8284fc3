/**
 * One Redis outage, a few log lines. Every Redis client of a process (its connections, BullMQ's
 * workers, queues and flow producer) reports the same refused connection on every retry: a
 * minute without Redis used to be hundreds of lines. Here the outage is logged once, naming the
 * setting to check, then recalled every `remindEveryMs` with how long it has lasted, and its end
 * is logged once.
 */
import type { Log, RedisClient } from '../model/index.js';

export interface RedisOutageOptions {
  log: Pick<Log, 'info' | 'warn' | 'error'>;
  /** Where Redis is, without credentials (describeRedis). */
  target: string;
  /** The setting to check: REDIS_URL, or the file's redis.sentinel / redis.cluster. */
  setting: string;
  /** Default 60 s. */
  remindEveryMs?: number;
  now?: () => number;
}

export interface RedisOutage {
  /**
   * An error of one of the process's Redis clients. True when it belongs to an outage (a
   * connection error, or anything while Redis is away) and needs no line of its own.
   */
  report(err: Error, source: string): boolean;
  /** A connection of this process: the outage ends when every watched one is ready again. */
  watch(connection: RedisClient): void;
  close(): void;
}

/** What a lost or refused connection looks like, from ioredis, BullMQ, Sentinel or Cluster. */
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|ECONNABORTED|Connection is closed|Stream isn't writeable|max retries per request|sentinels are unreachable|slots cache|startup nodes|Command timed out|NOAUTH|WRONGPASS|LOADING/i;

export function isConnectionError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return CONNECTION_ERROR.test(
    `${typeof code === 'string' ? code : ''} ${err.name} ${err.message}`,
  );
}

export function createRedisOutage(opts: RedisOutageOptions): RedisOutage {
  const { log, target, setting } = opts;
  const now = opts.now ?? Date.now;
  const remindEveryMs = opts.remindEveryMs ?? 60_000;
  const watched: RedisClient[] = [];
  let down: { since: number; errors: number; last: string; reminder: NodeJS.Timeout } | undefined;

  const downForS = (since: number) => Math.round((now() - since) / 1000);
  const allReady = () => watched.length > 0 && watched.every((c) => c.status === 'ready');

  const recovered = () => {
    if (!down) return;
    clearInterval(down.reminder);
    log.info({ redis: target, downForS: downForS(down.since) }, 'redis reachable again');
    down = undefined;
  };
  const remind = () => {
    if (!down) return;
    if (allReady()) return recovered();
    log.warn(
      {
        redis: target,
        check: setting,
        downForS: downForS(down.since),
        errors: down.errors,
        err: down.last,
      },
      `redis still unavailable: check ${setting}`,
    );
    down.errors = 0;
  };

  return {
    report(err, source) {
      if (down) {
        down.errors++;
        down.last = err.message;
        return true;
      }
      if (!isConnectionError(err)) return false;
      const reminder = setInterval(remind, remindEveryMs);
      reminder.unref();
      down = { since: now(), errors: 0, last: err.message, reminder };
      log.error(
        { redis: target, check: setting, err: err.message, source, remindEveryMs },
        `redis unavailable: check ${setting}`,
      );
      return true;
    },
    watch(connection) {
      watched.push(connection);
      connection.on('ready', () => {
        if (down && allReady()) recovered();
      });
    },
    close() {
      if (down) clearInterval(down.reminder);
      down = undefined;
    },
  };
}
