/**
 * The `check` job, parent of a command's flow when the command runs in regions (`--from`, in chat
 * or from the terminal): runs once its children are done, compares the regions' answers
 * (regions.ts) and hands delivery to `notify`: the result in the parent's thread, then the parent
 * edited to the verdict. A command answered in chat outside regions has no check: its delivery
 * job composes the answer itself (answer.ts). The path without regions stays for the checks that
 * bots from before that change queued.
 */
import type { Job, Queue } from 'bullmq';
import { flowChildren } from '../src/queue/children.js';
import { addDelivery } from '../src/queue/command-flow.js';
import type { CheckJobData, CheckJobResult, NotifyJobData } from '../src/queue/job-data.js';
import { regionsMessage, verdictMessage } from '../src/queue/messages.js';
import { summariseRegions } from '../src/queue/summary.js';
import type { ResultStore } from '../src/store/results.js';
import { composeAnswer, parentOf } from './answer.js';
import { regionsReport } from './regions.js';

export interface CheckJobOptions {
  /** The notify queue, where the delivery job goes; shares the worker's connection. */
  notify: Pick<Queue<NotifyJobData>, 'add'>;
  /** Where results are kept for `details #W12` (commands without a reference are not kept). */
  results?: ResultStore;
}

export function createCheckProcessor({ notify, results: kept }: CheckJobOptions) {
  return async (job: Job<CheckJobData, CheckJobResult>): Promise<CheckJobResult> => {
    const { invocation, regions } = job.data;
    if (regions) {
      const children = await flowChildren(job);
      const report = regionsReport(job.data, regions, children);
      if (job.data.deliver === false) return { status: report.status, regions: report };
      const parentRef = parentOf(job.data, children);
      const verdictLine = summariseRegions(report);
      const { status } = verdictLine;
      if (kept && invocation.ref) {
        await kept.keep(invocation.ref, {
          invocation,
          results: [],
          regions: report,
          ...(parentRef !== undefined ? { threadRef: parentRef } : {}),
        });
      }
      const verdict =
        parentRef !== undefined ? verdictMessage(invocation, parentRef, verdictLine) : undefined;
      await addDelivery(notify, regionsMessage(invocation, report, parentRef), verdict);
      return { status, regions: report, ...(parentRef !== undefined ? { parentRef } : {}) };
    }
    const answer = await composeAnswer(job, kept);
    // Deterministic job ids: if this job runs again (retry, stalled worker), re-adding the same
    // job finds the existing one, and `notify` dedupes anything delivered already.
    await addDelivery(notify, answer.result, answer.verdict);
    const { status, parentRef } = answer;
    return { status, ...(parentRef !== undefined ? { parentRef } : {}) };
  };
}
