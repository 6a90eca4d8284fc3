import type { Cluster, Redis } from 'ioredis';

const THIRTY_DAYS = 30 * 86_400;

export interface ThreadRef {
  workspace: string;
  conversation: string;
  /** The thread parent's reference (Slack ts). */
  ts: string;
}

/** Which command a thread runs, so "recheck" inside the thread can run it again. */
export class Threads {
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(
    private readonly redis: Redis | Cluster,
    opts: { prefix: string; ttlSeconds?: number },
  ) {
    this.prefix = `${opts.prefix}:thread:`;
    this.ttl = opts.ttlSeconds ?? THIRTY_DAYS;
  }

  private key(t: ThreadRef): string {
    return `${this.prefix}${t.workspace}:${t.conversation}:${t.ts}`;
  }

  async remember(thread: ThreadRef, commandText: string): Promise<void> {
    await this.redis.set(this.key(thread), commandText, 'EX', this.ttl);
  }

  async commandOf(thread: ThreadRef): Promise<string | null> {
    return this.redis.get(this.key(thread));
  }
}
