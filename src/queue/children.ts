/**
 * What a flow parent's children left it: each child's return value, or why it failed (children
 * added with ignoreDependencyOnFailure), looked up by the queue and logical key the child was
 * added with. BullMQ records children under their job keys; QueueKeys is BullMQ's own maker of
 * those keys (the one its queues use), so the lookup follows BullMQ instead of copying its format.
 */
import { type Job, QueueKeys } from 'bullmq';
import { jobId } from './names.js';

export interface FlowChildren {
  /** The child's return value; undefined while it has none (failed, or not run). */
  value<T>(queue: string, key: string): T | undefined;
  /** Why the child failed, when its failure was ignored. */
  failure(queue: string, key: string): string | undefined;
}

/**
 * `expected`: the children (queue, key) whose values the caller is after. When every one of them
 * has its value, the failures are not read: a child is recorded as failed only when it left no
 * value, so there is none to find (one Redis command less per command, issue 16).
 */
export async function flowChildren(
  job: Job,
  expected: ReadonlyArray<readonly [queue: string, key: string]> = [],
): Promise<FlowChildren> {
  const keys = new QueueKeys(job.prefix);
  const keyOf = (queue: string, key: string) => keys.toKey(queue, jobId(key));
  const values = (await job.getChildrenValues()) ?? {};
  const allIn = expected.length > 0 && expected.every(([q, k]) => keyOf(q, k) in values);
  const failures = allIn ? {} : ((await job.getIgnoredChildrenFailures()) ?? {});
  return {
    value: <T>(queue: string, key: string) => values[keyOf(queue, key)] as T | undefined,
    failure: (queue, key) => failures[keyOf(queue, key)],
  };
}
