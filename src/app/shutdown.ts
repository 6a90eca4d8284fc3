/**
 * An orderly stop: what a process opened is closed in reverse order, and job workers get a
 * bounded time to finish the jobs in flight.
 */
import type { Config } from '../config/index.js';
import type { RedisClient } from '../model/index.js';
import type { Workers } from './job-workers.js';
import type { Logger } from './log.js';

export interface Closers {
  /** Registers what to close; closed in reverse order of registration. */
  add(what: string, close: () => Promise<unknown>): void;
  /** Closes everything registered; each step runs even if an earlier one failed. */
  close(): Promise<void>;
}

export function createClosers(log: Logger): Closers {
  const closers: Array<[what: string, close: () => Promise<unknown>]> = [];
  return {
    add: (what, close) => {
      closers.push([what, close]);
    },
    async close() {
      for (const [what, fn] of closers.reverse()) {
        await fn().catch((err: Error) => log.error({ err, what }, 'error while shutting down'));
      }
      closers.length = 0;
    },
  };
}

/** A delivery's own budget (Slack Web API timeout) on top of a probe's, for draining. */
const DELIVERY_BUDGET_MS = 10_000;
/** Beyond the workers' drain: the last resort if closing itself hangs. */
const SHUTDOWN_SLACK_MS = 5_000;

/** How long the job workers may take to finish the jobs in flight. */
export function drainMs(config: Config): number {
  return config.probe.timeoutMs + DELIVERY_BUDGET_MS;
}

/** How long a signalled process waits for its orderly stop before exiting anyway. */
export function shutdownGraceMs(config: Config): number {
  return drainMs(config) + SHUTDOWN_SLACK_MS;
}

/**
 * Lets jobs in flight finish, unless Redis is unreachable (they could not be completed anyway) or
 * they outlast `timeoutMs`. Jobs not finished are handed back: their locks expire, BullMQ marks
 * them stalled and another worker runs them; notify's dedupe keeps a retried delivery single.
 */
export async function drain(
  workers: Workers,
  connection: RedisClient,
  timeoutMs: number,
  log: Logger,
): Promise<void> {
  const closing = workers.close();
  let timer: NodeJS.Timeout | undefined;
  let onLost: (() => void) | undefined;
  const givenUp = new Promise<string>((resolve) => {
    if (connection.status !== 'ready') return resolve('redis is unreachable');
    onLost = () => resolve('redis connection lost');
    connection.once('close', onLost);
    timer = setTimeout(() => resolve(`jobs still running after ${timeoutMs} ms`), timeoutMs);
  });
  try {
    const reason = await Promise.race([closing.then(() => null), givenUp]);
    if (reason) {
      closing.catch(() => {});
      log.warn({ reason }, 'not waiting for job workers: jobs in flight are handed back');
    }
  } finally {
    clearTimeout(timer);
    if (onLost) connection.off('close', onLost);
  }
}
