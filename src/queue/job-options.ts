/** Per-kind job options: retries, what a failure does to the flow parent, how long jobs are kept. */
import type { JobsOptions } from 'bullmq';
import type { OutboundMessage } from '../model/index.js';
import type { NotifyJobData } from './job-data.js';
import { jobId } from './names.js';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/** Name of the notify backoff; the notify worker computes its delays (see notifyBackoff). */
export const DELIVERY_BACKOFF = 'delivery';
export const NOTIFY_ATTEMPTS = 8;

const kept = {
  // A parent reads its children's values from its own records, so children need not outlive it.
  removeOnComplete: { age: DAY_S, count: 10_000 },
  removeOnFail: { age: 7 * DAY_S },
} satisfies JobsOptions;

/**
 * A probe child. Probes report problems as findings and never throw for a diagnosis; the job
 * fails only when it crashed (stalled past maxStalledCount). `ignoreDependencyOnFailure` lets
 * the check go on without it and see why (getIgnoredChildrenFailures): a PROBE_ERROR result
 * instead of a parent stuck in waiting-children and a silent channel.
 */
export function probeJobOptions(key: string): JobsOptions {
  return { ...kept, jobId: jobId(key), ignoreDependencyOnFailure: true };
}

/**
 * A command answered in chat, whole. Retried like a check: a run again finds the messages an
 * earlier one delivered (`sent`) and sends only the rest.
 */
export function commandJobOptions(key: string): JobsOptions {
  return checkJobOptions(key);
}

/** The flow parent. Idempotent (deterministic ids below it), so it may simply be retried. */
export function checkJobOptions(key: string): JobsOptions {
  return {
    ...kept,
    jobId: jobId(key),
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  };
}

/**
 * One delivery. Transient failures are retried with the notify worker's backoff; a permanent one
 * (UnrecoverableError) or running out of attempts fails it, and a parent waiting for it carries on.
 */
export function notifyJobOptions(messageId: string): JobsOptions {
  return {
    ...kept,
    jobId: jobId(messageId),
    attempts: NOTIFY_ATTEMPTS,
    backoff: { type: DELIVERY_BACKOFF },
    ignoreDependencyOnFailure: true,
  };
}

/** One delivery: its job id is the message id, so adding it again finds the first. */
export function notifyJobFor(message: OutboundMessage) {
  return {
    name: message.action,
    data: message satisfies NotifyJobData,
    opts: notifyJobOptions(message.id),
  };
}

/**
 * The delayed job that ends a regional check's wait: it runs once, when the wait is over; if the
 * check is done by then it finds nothing to do.
 */
export function regionDeadlineJobOptions(key: string, delayMs: number): JobsOptions {
  return {
    ...kept,
    jobId: jobId(key),
    delay: delayMs,
    attempts: 5,
    backoff: { type: 'exponential', delay: 500 },
  };
}
