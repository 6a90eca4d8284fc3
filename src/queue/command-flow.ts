/**
 * One command as BullMQ flows. The command flow, added atomically: the parent waits for a `probe`
 * child per request and, unless the command runs in an existing thread, for the `notify` child
 * that posts the parent message (its receipt carries the reference the result is threaded under).
 * The parent is a `check` that adds the delivery once results are in (one `notify` job, the result
 * with the parent's verdict edit as its follow-up), or, for a command answered in chat outside
 * regions, that delivery job itself (`answer`).
 */
import type { FlowJob, FlowJobNode, FlowRootParentJob, Queue } from 'bullmq';
import type { Invocation, OutboundMessage, ProbePlan } from '../model/index.js';
import type {
  CheckJobData,
  NotifyJobData,
  ProbeJobData,
  RegionDeadlineJobData,
} from './job-data.js';
import {
  checkJobOptions,
  notifyJobFor,
  notifyJobOptions,
  probeJobOptions,
  regionDeadlineJobOptions,
} from './job-options.js';
import { pendingMessage } from './messages.js';
import {
  ANSWER,
  checkKey,
  messageIds,
  probeKey,
  QUEUES,
  REGION_DEADLINE,
  regionDeadlineKey,
  regionProbeKey,
  regionQueue,
} from './names.js';

/**
 * How long a regional command waits beyond the probe's deadline before a silent region is
 * REGION_NO_ANSWER: the worker's watchdog grace (2 s) and the trip through Redis.
 */
export const REGION_MARGIN_MS = 3000;

export interface CommandFlowOptions {
  invocation: Invocation;
  plan: ProbePlan;
  /** The workers' cap on a chat probe's deadline (WX_PROBE_TIMEOUT_MS): a region waits no longer. */
  maxTimeoutMs?: number;
  /** false: nothing is posted; the caller waits for the check's return value (`wx … --from`). */
  deliver?: false;
  now?: () => number;
}

/**
 * A command's jobs: its flow, and for a regional one (`--from`, regions already resolved to
 * names) the delayed job that cuts the check loose from regions that have not answered by then.
 */
export function commandJobs(opts: CommandFlowOptions): FlowJob[] {
  const flow = commandFlow(opts);
  const regions = flow.data?.regions as CheckJobData['regions'];
  if (!regions) return [flow];
  const { invocation, plan } = opts;
  const data: RegionDeadlineJobData = {
    check: checkKey(invocation.id),
    children: regions.names.flatMap((region) =>
      plan.requests.map((_, i) => ({
        queue: regionQueue(region),
        key: regionProbeKey(invocation.id, i, region),
      })),
    ),
  };
  return [
    flow,
    {
      name: REGION_DEADLINE,
      queueName: QUEUES.check,
      data,
      opts: regionDeadlineJobOptions(regionDeadlineKey(invocation.id), regions.waitMs),
    },
  ];
}

export function commandFlow({
  invocation,
  plan,
  maxTimeoutMs,
  deliver,
  now = Date.now,
}: CommandFlowOptions): FlowRootParentJob {
  const from = plan.run.from;
  const timeoutMs =
    plan.run.denyPrivate && maxTimeoutMs !== undefined
      ? Math.min(plan.run.timeoutMs, maxTimeoutMs)
      : plan.run.timeoutMs;
  const waitMs = timeoutMs + REGION_MARGIN_MS;
  // Only what a worker needs: caFiles are paths on an operator's machine, never job data.
  const run = { timeoutMs: plan.run.timeoutMs, denyPrivate: plan.run.denyPrivate };
  const probes: FlowJobNode[] = from
    ? from.flatMap((region) =>
        plan.requests.map((request, i) => ({
          name: 'probe',
          queueName: regionQueue(region),
          data: { request, run: { ...run, notAfter: now() + waitMs } } satisfies ProbeJobData,
          opts: probeJobOptions(regionProbeKey(invocation.id, i, region)),
        })),
      )
    : plan.requests.map((request, i) => ({
        name: 'probe',
        queueName: QUEUES.probe,
        data: { request, run } satisfies ProbeJobData,
        opts: probeJobOptions(probeKey(invocation.id, i)),
      }));
  const parentPost: FlowJobNode[] =
    invocation.thread === undefined && deliver !== false
      ? [notifyJob(pendingMessage(invocation))]
      : [];
  const data: CheckJobData = {
    invocation,
    requests: plan.requests,
    ...(plan.combine ? { combine: plan.combine } : {}),
    ...(from ? { regions: { names: from, waitMs } } : {}),
    ...(deliver === false ? { deliver } : {}),
  };
  // The post goes first so it is queued before the probes, which may be many.
  const children = [...parentPost, ...probes];
  // Answered in chat, outside regions: the result's delivery job is the parent and composes the
  // answer itself (`wx check`'s combined report too). One job fewer than a check that adds the
  // delivery job, some sixty Redis commands less per command (issue 16). Regions keep the check:
  // it waits for them with a deadline of its own.
  if (!from && deliver !== false) {
    return {
      name: ANSWER,
      queueName: QUEUES.notify,
      data,
      // The result's message id: the id its delivery job would have had.
      opts: notifyJobOptions(messageIds(invocation.id).result),
      children,
    };
  }
  return {
    name: 'check',
    queueName: QUEUES.check,
    data,
    opts: checkJobOptions(checkKey(invocation.id)),
    children,
  };
}

/**
 * The result and, when there is a parent message, the verdict written into it: one delivery job
 * with the verdict as its follow-up, so the verdict replaces "running…" only after the result is
 * in the thread (or has failed for good). One job instead of a flow of two: a job costs Redis
 * some fifty commands (issue 16).
 */
export function deliveryJob(result: OutboundMessage, verdict: OutboundMessage | undefined) {
  const reply = notifyJobFor(result);
  return verdict ? { ...reply, data: { ...reply.data, followUp: verdict } } : reply;
}

/**
 * Adds the delivery job on its own, through the notify queue: one script call, where a flow of one
 * job (FlowProducer.add) wraps it in MULTI/EXEC, two commands more (issue 16).
 */
export async function addDelivery(
  notify: Pick<Queue<NotifyJobData>, 'add'>,
  result: OutboundMessage,
  verdict: OutboundMessage | undefined,
): Promise<void> {
  const job = deliveryJob(result, verdict);
  await notify.add(job.name, job.data, job.opts);
}

/** One delivery in a flow. */
function notifyJob(message: OutboundMessage): FlowJob {
  return { ...notifyJobFor(message), queueName: QUEUES.notify };
}
