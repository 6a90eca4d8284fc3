/** Lua scripts run by their SHA (EVALSHA), loaded on first use: no script text per call. */
import { createHash } from 'node:crypto';
import type { RedisClient } from '../model/index.js';

export type LuaScript = (
  redis: RedisClient,
  keys: string[],
  args: Array<string | number>,
) => Promise<unknown>;

export function luaScript(lua: string): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
