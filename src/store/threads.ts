import type { RedisClient } from '../model/index.js';
import { createExpiring, TEXT } from './expiring.js';

const THIRTY_DAYS = 30 * 86_400;

export interface ThreadRef {
  workspace: string;
  conversation: string;
  /** The thread parent's reference (Slack ts). */
  ts: string;
}

/** Which command a thread runs, so "recheck" inside the thread can run it again. */
export interface Threads {
  remember(thread: ThreadRef, commandText: string): Promise<void>;
  commandOf(thread: ThreadRef): Promise<string | null>;
}

export function createThreads(
  redis: RedisClient,
  opts: { prefix: string; ttlSeconds?: number },
): Threads {
  const commands = createExpiring(redis, {
    key: (t: ThreadRef) => `${opts.prefix}:thread:${t.workspace}:${t.conversation}:${t.ts}`,
    ttlSeconds: opts.ttlSeconds ?? THIRTY_DAYS,
    codec: TEXT,
  });
  return { remember: commands.set, commandOf: commands.get };
}
