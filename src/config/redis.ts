/** Redis in the config: from the settings, described without credentials, made a queue target. */
import type { RedisOptions } from 'ioredis';
import { formatHostPort } from '../probes/net/target.js';
import type { RedisTarget } from '../queue/connection.js';
import type { RedisSettings } from './schema.js';
import { Secret } from './secret.js';
import type { RedisConfig } from './types.js';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function toRedis(r: RedisSettings | undefined): RedisConfig {
  if (r?.sentinel) {
    const { sentinels, name, username, password, sentinelPassword, db, tls } = r.sentinel;
    return {
      kind: 'sentinel',
      sentinels,
      name,
      username: username ?? null,
      password: password ?? null,
      sentinelPassword: sentinelPassword ?? null,
      db: db ?? null,
      tls: tls ?? false,
    };
  }
  if (r?.cluster) {
    const { nodes, username, password, tls } = r.cluster;
    return {
      kind: 'cluster',
      nodes,
      username: username ?? null,
      password: password ?? null,
      tls: tls ?? false,
    };
  }
  return { kind: 'standalone', url: new Secret(r?.url ?? DEFAULT_REDIS_URL) };
}

/** Redis Cluster hashes only the text between the first `{` and the next `}`, when not empty. */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf('{');
  if (open < 0) return false;
  const close = key.indexOf('}', open + 1);
  return close > open + 1;
}

/** A printable description of the Redis endpoint, without credentials. */
export function describeRedis(redis: RedisConfig): string {
  switch (redis.kind) {
    case 'standalone': {
      const u = new URL(redis.url.reveal());
      u.username = '';
      u.password = '';
      return u.toString();
    }
    case 'sentinel':
      return `sentinel ${redis.name} via ${redis.sentinels.map((s) => formatHostPort(s.host, s.port)).join(',')}`;
    case 'cluster':
      return `cluster ${redis.nodes.map((n) => formatHostPort(n.host, n.port)).join(',')}`;
  }
}

/** The setting an operator checks when Redis is away: the env var, or the file's section. */
export function redisSetting(redis: RedisConfig): string {
  switch (redis.kind) {
    case 'standalone':
      return 'REDIS_URL';
    case 'sentinel':
      return 'redis.sentinel (WX_CONFIG)';
    case 'cluster':
      return 'redis.cluster (WX_CONFIG)';
  }
}

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
