/**
 * The `check` job, parent of a command's flow: runs once its children are done, puts the probe
 * results in request order (a crashed probe becomes a PROBE_ERROR result), combines them for
 * `wx check`, keeps them under the command's short reference (for `details #W12`) and hands
 * delivery to `notify`: the result in the parent's thread, then the parent edited to the verdict.
 * Without a parent reference (the post failed or fell back to response_url) the result is still
 * delivered, unthreaded: never silence. A regional command (`--from`) compares the regions'
 * answers instead (regions.ts).
 */
import type { Job, Queue } from 'bullmq';
import type { DeliveryReceipt } from '../src/model/index.js';
import { combine } from '../src/probes/combine.js';
import { type AnyProbeResult, failedResult } from '../src/probes/index.js';
import { flowChildren } from '../src/queue/children.js';
import { addDelivery } from '../src/queue/command-flow.js';
import type { CheckJobData, CheckJobResult, NotifyJobData } from '../src/queue/job-data.js';
import { regionsMessage, resultMessage, verdictMessage } from '../src/queue/messages.js';
import { messageIds, probeKey, QUEUES } from '../src/queue/names.js';
import { summarise, summariseRegions } from '../src/queue/summary.js';
import type { ResultStore } from '../src/store/results.js';
import { regionsReport } from './regions.js';

export interface CheckJobOptions {
  /** The notify queue, where the delivery job goes; shares the worker's connection. */
  notify: Pick<Queue<NotifyJobData>, 'add'>;
  /** Where results are kept for `details #W12` (commands without a reference are not kept). */
  results?: ResultStore;
}

export function createCheckProcessor({ notify, results: kept }: CheckJobOptions) {
  return async (job: Job<CheckJobData, CheckJobResult>): Promise<CheckJobResult> => {
    const { invocation, requests, combine: combined, regions } = job.data;
    const children = await flowChildren(
      job,
      regions ? [] : requests.map((_, i) => [QUEUES.probe, probeKey(invocation.id, i)] as const),
    );
    if (regions) {
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
    const results = requests.map((request, i): AnyProbeResult => {
      const key = probeKey(invocation.id, i);
      return (
        children.value<AnyProbeResult>(QUEUES.probe, key) ??
        failedResult(request, children.failure(QUEUES.probe, key) ?? 'no result was recorded')
      );
    });
    const parentRef = parentOf(job.data, children);
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
    // job finds the existing one, and `notify` dedupes anything delivered already.
    await addDelivery(notify, result, verdict);
    return { status, ...(parentRef !== undefined ? { parentRef } : {}) };
  };
}

/** The parent post's receipt: the reference the result is threaded under. */
function parentOf(
  data: CheckJobData,
  children: Awaited<ReturnType<typeof flowChildren>>,
): string | undefined {
  const posted = children.value<DeliveryReceipt>(
    QUEUES.notify,
    messageIds(data.invocation.id).parent,
  );
  return data.invocation.thread ?? posted?.ref;
}
