import type { Cluster, Redis } from 'ioredis';

/** A Redis client: one server (Sentinel too) or a Cluster. Stores, queues and token caches take either. */
export type RedisClient = Redis | Cluster;
