/**
 * The `check` job, parent of a command's flow: runs once its children are done, puts the probe
 * results in request order (a crashed probe becomes a PROBE_ERROR result), combines them for
 * `wx check`, and hands delivery to `notify`: the result in the parent's thread, then the parent
 * edited to the verdict. Without a parent reference (the post failed or fell back to
 * response_url) the result is still delivered, unthreaded: never silence.
 */
import type { FlowJob, FlowProducer, Job } from 'bullmq';
import type { DeliveryReceipt } from '../src/model/index.js';
import { combine } from '../src/probes/combine.js';
import { type AnyProbeResult, failedResult } from '../src/probes/index.js';
import type { CheckJobData, CheckJobResult } from '../src/queue/job-data.js';
import { notifyJobOptions } from '../src/queue/job-options.js';
import { resultMessage, verdictMessage } from '../src/queue/messages.js';
import { childKey, messageIds, probeKey, QUEUES } from '../src/queue/names.js';
import { summarise } from '../src/queue/summary.js';

export interface CheckJobOptions {
  /** Adds the delivery flow; shares the worker's connection. */
  flows: FlowProducer;
}

export function createCheckProcessor({ flows }: CheckJobOptions) {
  return async (job: Job<CheckJobData, CheckJobResult>): Promise<CheckJobResult> => {
    const { invocation, requests, combine: combined } = job.data;
    const [values = {}, failures = {}] = await Promise.all([
      job.getChildrenValues(),
      job.getIgnoredChildrenFailures(),
    ]);
    const results = requests.map((request, i): AnyProbeResult => {
      const key = childKey(job.prefix, QUEUES.probe, probeKey(invocation.id, i));
      return (
        (values[key] as AnyProbeResult | undefined) ??
        failedResult(request, failures[key] ?? 'no result was recorded')
      );
    });
    const posted = values[childKey(job.prefix, QUEUES.notify, messageIds(invocation.id).parent)] as
      | DeliveryReceipt
      | undefined;
    const parentRef = invocation.thread ?? posted?.ref;
    const report = combined ? combine(combined.title, results) : undefined;
    const { status, summary } = summarise(results, report);

    const result = resultMessage(invocation, results, report, parentRef);
    const reply = {
      name: result.action,
      queueName: QUEUES.notify,
      data: result,
      opts: notifyJobOptions(result.id),
    };
    let delivery: FlowJob = reply;
    if (parentRef !== undefined) {
      // A flow, so the verdict replaces "running…" only after the result is in the thread (or
      // has failed for good: the reply's ignoreDependencyOnFailure lets the verdict go on).
      const verdict = verdictMessage(invocation, parentRef, status, summary);
      delivery = {
        name: verdict.action,
        queueName: QUEUES.notify,
        data: verdict,
        opts: notifyJobOptions(verdict.id),
        children: [reply],
      };
    }
    // Deterministic job ids: if this job runs again (retry, stalled worker), re-adding the same
    // flow finds the existing jobs, and `notify` dedupes anything delivered already.
    await flows.add(delivery);
    return { status, ...(parentRef !== undefined ? { parentRef } : {}) };
  };
}
