/** The `watch` queue's jobs: data, ids and options of the sweep, the checks and `/wx watch` commands. */
import { createHash } from 'node:crypto';
import type { FlowJob, JobsOptions, WorkerOptions } from 'bullmq';
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
 * The watch worker's defaults, for swept checks, which do not carry them in their options. Fewer
 * completed ones are kept: the sweep's lease and its atomic take, not a kept job id, stop a second
 * check of the same due slot, and every kept job is Redis memory over few watches (a hundred
 * are enough to look at). A job is a Redis hash, compact (a listpack) only while every field is
 * 64 bytes or less.
 */
export const watchJobsKept = {
  removeOnComplete: { age: 600, count: 100 },
  removeOnFail: kept.removeOnFail,
} satisfies Pick<WorkerOptions, 'removeOnComplete' | 'removeOnFail'>;

/**
 * Events kept in the watch and notify queues' streams (BullMQ's default: 10,000, half a megabyte
 * each). Nothing reads their past; a listener (tests, tools) hears every event live.
 */
export const EVENTS_KEPT = 1000;

/**
 * The watch queue keeps fewer: nothing in wxdoctor listens to it (the checks are its own work, not
 * awaited), a tool listening live needs none of its past, and over 1,000 watches a 1,000-event
 * stream was 0.3 KB of Redis per watch (issue 16: ≤ 2 KB per watch at every size).
 */
export const WATCH_EVENTS_KEPT = 100;

/**
 * BullMQ takes jobs without a priority before prioritized ones: the sweep tick and `/wx watch`
 * commands have none, so a tick due behind thousands of queued checks runs next, not after
 * them. A check asked for now (a new or re-checked watch) goes ahead of the swept ones.
 */
export const CHECK_PRIORITY = { soon: 1, swept: 2 } as const;

/**
 * One check per (watch, due slot): a sweep that runs twice adds it once. A swept check is a few
 * hundred bytes in Redis, and there can be one per watch at once: its id is a digest of (watch,
 * due time) and its options only that and the priority, so that the job stays a compact hash. It
 * is not retried by BullMQ: the sweep leased its watch, which is taken again when the lease ends.
 * A check asked for now (new watch, re-check) is rare: it keeps its retries.
 */
export function watchCheckJobOptions(
  data: WatchCheckJobData,
  priority: number = CHECK_PRIORITY.swept,
): JobsOptions {
  const id = checkJobId(data);
  if (priority === CHECK_PRIORITY.swept) return { priority, jobId: id };
  return {
    ...kept,
    priority,
    jobId: id,
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000, jitter: 0.5 },
  };
}

/** `c` and 96 bits of SHA-256 of (watch id, due time), base64url: no `:`, the same every time. */
export function checkJobId(data: WatchCheckJobData): string {
  const digest = createHash('sha256').update(`${data.id}\n${data.dueAt}`).digest('base64url');
  return `c${digest.slice(0, 16)}`;
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
