/**
 * One command as BullMQ jobs. A command answered in chat outside regions is one `command` job
 * (jobs/command.ts). A command run in regions, or from the terminal with `--from`, is a flow,
 * added atomically: a `check` parent waits for a `probe` child per request and region and, unless
 * the command runs in an existing thread or is not delivered, for the `notify` child that posts
 * the parent message (its receipt carries the reference the result is threaded under); the check
 * then adds the delivery (one `notify` job, the result with the parent's verdict edit as its
 * follow-up).
 */
import type { FlowJob, FlowJobNode, FlowRootParentJob, Queue } from 'bullmq';
import type { Invocation, OutboundMessage, ProbePlan } from '../model/index.js';
import type {
  CheckJobData,
  CommandJobData,
  NotifyJobData,
  ProbeJobData,
  RegionDeadlineJobData,
} from './job-data.js';
import {
  checkJobOptions,
  commandJobOptions,
  notifyJobFor,
  probeJobOptions,
  regionDeadlineJobOptions,
} from './job-options.js';
import { pendingMessage } from './messages.js';
import {
  COMMAND,
  checkKey,
  commandKey,
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
  if (!opts.plan.run.from && opts.deliver !== false) return [commandJob(opts)];
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
  return {
    name: 'check',
    queueName: QUEUES.check,
    data,
    opts: checkJobOptions(checkKey(invocation.id)),
    children,
  };
}

/**
 * A command answered in chat outside regions: one job on the probe queue that posts, probes and
 * answers (jobs/command.ts), where a flow would cost Redis some fifty commands per job.
 */
export function commandJob({ invocation, plan }: CommandFlowOptions): FlowJob {
  const data: CommandJobData = {
    invocation,
    requests: plan.requests,
    ...(plan.combine ? { combine: plan.combine } : {}),
    run: { timeoutMs: plan.run.timeoutMs, denyPrivate: plan.run.denyPrivate },
  };
  return {
    name: COMMAND,
    queueName: QUEUES.probe,
    data,
    opts: commandJobOptions(commandKey(invocation.id)),
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
  delayMs = 0,
): Promise<void> {
  const job = deliveryJob(result, verdict);
  await notify.add(job.name, job.data, delayMs > 0 ? { ...job.opts, delay: delayMs } : job.opts);
}

/** One delivery in a flow. */
function notifyJob(message: OutboundMessage): FlowJob {
  return { ...notifyJobFor(message), queueName: QUEUES.notify };
}
