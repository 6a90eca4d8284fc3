/**
 * The pattern every small store here shares: one Redis string per id, written with an expiry,
 * read back as null once Redis has forgotten it.
 */
import type { RedisClient } from '../model/index.js';

/** How a value is written into its Redis string. */
export interface Codec<T> {
  encode(value: T): string;
  decode(raw: string): T;
}

/** The value is the string itself. */
export const TEXT: Codec<string> = { encode: (value) => value, decode: (raw) => raw };

/** The value as JSON. */
export function json<T>(): Codec<T> {
  return { encode: (value) => JSON.stringify(value), decode: (raw) => JSON.parse(raw) as T };
}

export interface Expiring<I, T> {
  /** The value last written for `id`, or null when there is none or it expired. */
  get(id: I): Promise<T | null>;
  /** Writes the value; it expires `ttlSeconds` from now. */
  set(id: I, value: T): Promise<void>;
}

export function createExpiring<I, T>(
  redis: RedisClient,
  opts: { key: (id: I) => string; ttlSeconds: number; codec: Codec<T> },
): Expiring<I, T> {
  return {
    async get(id) {
      const raw = await redis.get(opts.key(id));
      return raw === null ? null : opts.codec.decode(raw);
    },
    async set(id, value) {
      await redis.set(opts.key(id), opts.codec.encode(value), 'EX', opts.ttlSeconds);
    },
  };
}
