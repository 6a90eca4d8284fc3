import type { DetailsPlan, Invocation, ProbePlan, WatchPlan } from '../model/index.js';

/** What a front end hands to the queue: one command, already parsed (plan) and authorised. */
export interface CommandSubmission {
  invocation: Invocation;
  /** Chat plans never carry `batch` or `file` (terminal only). */
  plan: ProbePlan | WatchPlan | DetailsPlan;
}

/** Enqueues a command's jobs. Throws QueueUnavailableError quickly when Redis cannot take them. */
export type SubmitCommand = (submission: CommandSubmission) => Promise<void>;

/** Redis is down or the queue refuses work: the front end answers honestly instead of going silent. */
export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`queue unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}
