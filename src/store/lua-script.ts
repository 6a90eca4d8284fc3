/** Lua scripts run by their SHA (EVALSHA), loaded on first use: no script text per call. */
import { createHash } from 'node:crypto';
import type { RedisClient } from '../model/index.js';

export type LuaScript = (
  redis: RedisClient,
  keys: string[],
  args: Array<string | number | Buffer>,
) => Promise<unknown>;

/** `buffers`: bulk replies as Buffers (binary values, e.g. packed JSON), not strings. */
export function luaScript(lua: string, opts: { buffers?: boolean } = {}): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis, keys, args) => {
    try {
      return opts.buffers
        ? await redis.callBuffer('EVALSHA', sha, keys.length, ...keys, ...args)
        : await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return opts.buffers
        ? redis.callBuffer('EVAL', lua, keys.length, ...keys, ...args)
        : redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
