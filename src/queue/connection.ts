/**
 * Redis connections for the queues. The two sides want opposite things from a connection while
 * Redis is away: a front end must answer the person who typed the command at once, so its
 * commands fail fast; a worker must simply wait and carry on, so its commands wait (BullMQ
 * requires `maxRetriesPerRequest: null` there). Both reconnect by themselves.
 */
import { Cluster, type ClusterNode, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import type { RedisClient } from '../model/index.js';

/** Where Redis is: a URL (redis://, rediss://), ioredis options (Sentinel too) or a Cluster. */
export type RedisTarget =
  | string
  | RedisOptions
  | { cluster: ClusterNode[]; options?: ClusterOptions };

/** producer: front ends that enqueue; worker: processes that run jobs. */
export type ConnectionRole = 'producer' | 'worker';

export interface ConnectionOptions {
  /** Connection errors (refused, reset) while Redis is away; they repeat on every retry. */
  onError?: (err: Error) => void;
}

/** Settings that make a role work; they override whatever the target says. */
const ROLE: Record<ConnectionRole, RedisOptions> = {
  producer: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    // Bounds a command on a connection that is open but gets no answer (a hung server).
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  },
  worker: {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 3000),
  },
};

export function createQueueConnection(
  target: RedisTarget,
  role: ConnectionRole,
  opts: ConnectionOptions = {},
): RedisClient {
  const settings = ROLE[role];
  let connection: RedisClient;
  if (typeof target === 'string') {
    connection = new Redis(target, settings);
  } else if ('cluster' in target) {
    const { enableOfflineQueue, retryStrategy, ...perNode } = settings;
    connection = new Cluster(target.cluster, {
      ...target.options,
      enableOfflineQueue,
      clusterRetryStrategy: (times) => retryStrategy?.(times) ?? null,
      redisOptions: { ...target.options?.redisOptions, ...perNode },
    });
  } else {
    connection = new Redis({ ...target, ...settings });
  }
  // Without a listener ioredis prints every failed reconnect attempt to stderr.
  connection.on('error', (err: Error) => opts.onError?.(err));
  return connection;
}

function isRedisClient(x: unknown): x is RedisClient {
  return x instanceof Redis || x instanceof Cluster;
}

/** A connection made here from a target is owned (and closed) here; one passed in is the caller's. */
export function useConnection(
  given: RedisClient | RedisTarget,
  role: ConnectionRole,
  opts: ConnectionOptions = {},
): { connection: RedisClient; release(): Promise<void> } {
  if (isRedisClient(given)) return { connection: given, release: async () => {} };
  const connection = createQueueConnection(given, role, opts);
  return { connection, release: () => quit(connection) };
}

/**
 * Resolves once the connection is ready. Rejects at once while it is between reconnect attempts
 * (Redis is known to be away), else as soon as the attempt in progress fails or `withinMs` pass:
 * a front end starting up gets its first connection; one facing an outage answers quickly.
 */
export function readyWithin(connection: RedisClient, withinMs: number): Promise<void> {
  const status = connection.status;
  if (status === 'ready') return Promise.resolve();
  if (status === 'reconnecting' || status === 'close' || status === 'end') {
    return Promise.reject(new Error(`Redis connection is ${status}`));
  }
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      clearTimeout(timer);
      connection.off('ready', onReady);
      connection.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => settle();
    const onClose = () => settle(new Error('Redis connection closed'));
    const timer = setTimeout(
      () => settle(new Error(`Redis connection not ready after ${withinMs} ms`)),
      withinMs,
    );
    connection.once('ready', onReady);
    connection.once('close', onClose);
  });
}

/** QUIT when connected (pending replies still arrive), otherwise just drop the socket. */
export async function quit(connection: RedisClient): Promise<void> {
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
  } else {
    connection.disconnect();
  }
}
