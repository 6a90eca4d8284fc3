/** `details #W12` as a job of the `check` queue (Redis-bound, like assembling a result). */
import type { FlowJob } from 'bullmq';
import type { Invocation } from '../model/index.js';
import { jobId, QUEUES } from './names.js';

export const DETAILS_JOB = 'details';

export interface DetailsJobData {
  /** Who asked, where. */
  invocation: Invocation;
  /** The result's reference (`W12`). */
  ref: string;
}

export function detailsJob(invocation: Invocation, ref: string): FlowJob {
  return {
    name: DETAILS_JOB,
    queueName: QUEUES.check,
    data: { invocation, ref } satisfies DetailsJobData,
    opts: {
      jobId: jobId(`${invocation.id}:details`),
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600, count: 1000 },
    },
  };
}
