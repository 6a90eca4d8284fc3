/**
 * The `check` job, parent of a command's flow: runs once its children are done, puts the probe
 * results in request order (a crashed probe becomes a PROBE_ERROR result), combines them for
 * `wx check`, keeps them under the command's short reference (for `details #W12`) and hands
 * delivery to `notify`: the result in the parent's thread, then the parent edited to the verdict. Without a parent reference (the post failed or fell back to
 * response_url) the result is still delivered, unthreaded: never silence.
 */
import type { FlowProducer, Job } from 'bullmq';
import type { DeliveryReceipt } from '../src/model/index.js';
import { combine } from '../src/probes/combine.js';
import { type AnyProbeResult, failedResult } from '../src/probes/index.js';
import { flowChildren } from '../src/queue/children.js';
import { deliveryFlow } from '../src/queue/command-flow.js';
import type { CheckJobData, CheckJobResult } from '../src/queue/job-data.js';
import { resultMessage, verdictMessage } from '../src/queue/messages.js';
import { messageIds, probeKey, QUEUES } from '../src/queue/names.js';
import { summarise } from '../src/queue/summary.js';
import type { ResultStore } from '../src/store/results.js';

export interface CheckJobOptions {
  /** Adds the delivery flow; shares the worker's connection. */
  flows: FlowProducer;
  /** Where results are kept for `details #W12` (commands without a reference are not kept). */
  results?: ResultStore;
}

export function createCheckProcessor({ flows, results: kept }: CheckJobOptions) {
  return async (job: Job<CheckJobData, CheckJobResult>): Promise<CheckJobResult> => {
    const { invocation, requests, combine: combined } = job.data;
    const children = await flowChildren(job);
    const results = requests.map((request, i): AnyProbeResult => {
      const key = probeKey(invocation.id, i);
      return (
        children.value<AnyProbeResult>(QUEUES.probe, key) ??
        failedResult(request, children.failure(QUEUES.probe, key) ?? 'no result was recorded')
      );
    });
    // The parent post's receipt: the reference the result is threaded under.
    const posted = children.value<DeliveryReceipt>(QUEUES.notify, messageIds(invocation.id).parent);
    const parentRef = invocation.thread ?? posted?.ref;
    const report = combined ? combine(combined.title, results) : undefined;
    const verdictLine = summarise(results, report);
    const { status } = verdictLine;
    // Kept before the answer goes out: its Details button must find them.
    if (kept && invocation.ref) {
      await kept.keep(invocation.ref, {
        invocation,
        results,
        ...(report ? { combined: report } : {}),
        ...(parentRef !== undefined ? { threadRef: parentRef } : {}),
      });
    }

    const result = resultMessage(invocation, results, report, parentRef);
    const verdict =
      parentRef !== undefined ? verdictMessage(invocation, parentRef, verdictLine) : undefined;
    // Deterministic job ids: if this job runs again (retry, stalled worker), re-adding the same
    // flow finds the existing jobs, and `notify` dedupes anything delivered already.
    await flows.add(deliveryFlow(result, verdict));
    return { status, ...(parentRef !== undefined ? { parentRef } : {}) };
  };
}
