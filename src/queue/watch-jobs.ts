/** The `watch` queue's jobs: data, ids and options of the sweep, the checks and `/wx watch` commands. */
import type { FlowJob, JobsOptions } from 'bullmq';
import type { Invocation } from '../model/index.js';
import type { WatchOp } from '../model/watch-op.js';
import { jobId, QUEUES } from './names.js';

export const WATCH_JOBS = { sweep: 'sweep', check: 'check', command: 'command' } as const;

/** The job scheduler that runs the sweep. */
export const SWEEP_SCHEDULER = 'watch-sweep';

export interface WatchCheckJobData {
  id: string;
  /** The due time the sweep took it at (or 0 for an immediate check). */
  dueAt: number;
}

export interface WatchCommandJobData {
  invocation: Invocation;
  op: WatchOp;
}

/**
 * Checks run around the clock, one per watch and due slot: keep a completed one only long enough
 * for a sweep that runs twice to find it (the sweep's lease is the main guard), and a bounded few.
 */
const kept = {
  removeOnComplete: { age: 600, count: 1000 },
  removeOnFail: { age: 24 * 3600, count: 10_000 },
} satisfies JobsOptions;

/**
 * BullMQ takes jobs without a priority before prioritized ones: the sweep tick and `/wx watch`
 * commands have none, so a tick due behind thousands of queued checks runs next, not after
 * them. A check asked for now (a new or re-checked watch) goes ahead of the swept ones.
 */
export const CHECK_PRIORITY = { soon: 1, swept: 2 } as const;

/** One check per (watch, due slot): a sweep that runs twice adds it once. */
export function watchCheckJobOptions(
  data: WatchCheckJobData,
  priority: number = CHECK_PRIORITY.swept,
): JobsOptions {
  return {
    ...kept,
    priority,
    jobId: jobId(`watch:${data.id}:${data.dueAt}`),
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000, jitter: 0.5 },
  };
}

export function watchCommandJob(invocation: Invocation, op: WatchOp): FlowJob {
  return {
    name: WATCH_JOBS.command,
    queueName: QUEUES.watch,
    data: { invocation, op } satisfies WatchCommandJobData,
    opts: {
      ...kept,
      jobId: jobId(`${invocation.id}:watch`),
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
    },
  };
}
