/**
 * One command as one BullMQ flow, added atomically: the `check` parent waits for a `probe` child
 * per request and, unless the command runs in an existing thread, for the `notify` child that
 * posts the parent message (its receipt carries the reference the result is threaded under).
 */
import type { FlowJobNode, FlowRootParentJob } from 'bullmq';
import type { Invocation } from '../model/index.js';
import type { CheckJobData, NotifyJobData, ProbeJobData } from './job-data.js';
import { checkJobOptions, notifyJobOptions, probeJobOptions } from './job-options.js';
import { pendingMessage } from './messages.js';
import { checkKey, probeKey, QUEUES } from './names.js';
import type { ProbePlan } from './types.js';

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
    invocation.thread === undefined
      ? [
          {
            name: 'post',
            queueName: QUEUES.notify,
            data: pendingMessage(invocation) satisfies NotifyJobData,
            opts: notifyJobOptions(pendingMessage(invocation).id),
          },
        ]
      : [];
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
