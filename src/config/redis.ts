import type { RedisOptions } from 'ioredis';
import type { RedisTarget } from '../queue/connection.js';
import type { RedisConfig } from './index.js';

/** The queue's connection target for a RedisConfig (credentials revealed here, and only here). */
export function redisTarget(redis: RedisConfig): RedisTarget {
  switch (redis.kind) {
    case 'standalone':
      return redis.url.reveal();
    case 'sentinel':
      return {
        sentinels: redis.sentinels,
        name: redis.name,
        ...credentials(redis),
        ...(redis.sentinelPassword ? { sentinelPassword: redis.sentinelPassword.reveal() } : {}),
        ...(redis.db !== null ? { db: redis.db } : {}),
        ...(redis.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
      };
    case 'cluster':
      return {
        cluster: redis.nodes,
        options: { redisOptions: { ...credentials(redis), ...(redis.tls ? { tls: {} } : {}) } },
      };
  }
}

function credentials(r: { username: string | null; password: { reveal(): string } | null }) {
  const out: RedisOptions = {};
  if (r.username) out.username = r.username;
  if (r.password) out.password = r.password.reveal();
  return out;
}
