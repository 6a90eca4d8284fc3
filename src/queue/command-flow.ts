/**
 * One command as BullMQ flows. The command flow, added atomically: the `check` parent waits for
 * a `probe` child per request and, unless the command runs in an existing thread, for the
 * `notify` child that posts the parent message (its receipt carries the reference the result is
 * threaded under). The delivery flow the check adds once results are in: the result, then the
 * parent edited to the verdict.
 */
import type { FlowJob, FlowJobNode, FlowRootParentJob } from 'bullmq';
import type { Invocation, OutboundMessage, ProbePlan } from '../model/index.js';
import type { CheckJobData, ProbeJobData } from './job-data.js';
import { checkJobOptions, notifyJobFor, probeJobOptions } from './job-options.js';
import { pendingMessage } from './messages.js';
import { checkKey, probeKey, QUEUES } from './names.js';

export function commandFlow({
  invocation,
  plan,
}: {
  invocation: Invocation;
  plan: ProbePlan;
}): FlowRootParentJob {
  // Only what a worker needs: caFiles are paths on an operator's machine, never job data.
  const run = { timeoutMs: plan.run.timeoutMs, denyPrivate: plan.run.denyPrivate };
  const probes: FlowJobNode[] = plan.requests.map((request, i) => ({
    name: 'probe',
    queueName: QUEUES.probe,
    data: { request, run } satisfies ProbeJobData,
    opts: probeJobOptions(probeKey(invocation.id, i)),
  }));
  const parentPost: FlowJobNode[] =
    invocation.thread === undefined ? [notifyJob(pendingMessage(invocation))] : [];
  const data: CheckJobData = {
    invocation,
    requests: plan.requests,
    ...(plan.combine ? { combine: plan.combine } : {}),
  };
  return {
    name: 'check',
    queueName: QUEUES.check,
    data,
    opts: checkJobOptions(checkKey(invocation.id)),
    // The post goes first so it is queued before the probes, which may be many.
    children: [...parentPost, ...probes],
  };
}

/**
 * The result and, when there is a parent message, the verdict written into it: a flow, so the
 * verdict replaces "running…" only after the result is in the thread (or has failed for good:
 * the reply's ignoreDependencyOnFailure lets the verdict go on).
 */
export function deliveryFlow(
  result: OutboundMessage,
  verdict: OutboundMessage | undefined,
): FlowJob {
  const reply = notifyJob(result);
  return verdict ? { ...notifyJob(verdict), children: [reply] } : reply;
}

/** One delivery in a flow. */
function notifyJob(message: OutboundMessage): FlowJob {
  return { ...notifyJobFor(message), queueName: QUEUES.notify };
}
