/** The front ends' way into the queues: one command → its jobs, or QueueUnavailableError at once. */
import { FlowProducer, Queue } from 'bullmq';
import type { RedisClient } from '../model/index.js';
import { commandJobs } from './command-flow.js';
import { type RedisTarget, readyWithin, useConnection } from './connection.js';
import { detailsJob } from './details-job.js';
import { DEFAULT_PREFIX } from './names.js';
import { QueueUnavailableError, type SubmitCommand } from './types.js';
import { watchCommandJob } from './watch-jobs.js';

/** How long a submit waits for a connection attempt already in progress. */
const READY_WITHIN_MS = 1000;

export interface SubmitterOptions {
  /**
   * A producer connection (createQueueConnection(target, 'producer')), which stays the caller's,
   * or a target, for which the submitter makes and closes its own.
   */
  connection: RedisClient | RedisTarget;
  prefix?: string;
  onError?: (err: Error) => void;
  /** WX_PROBE_TIMEOUT_MS: how long a regional command waits for a region, at most (plus a margin). */
  maxProbeTimeoutMs?: number;
}

export interface Submitter {
  submit: SubmitCommand;
  close(): Promise<void>;
}

export function createSubmitter(opts: SubmitterOptions): Submitter {
  const { connection, release } = useConnection(
    opts.connection,
    'producer',
    opts.onError ? { onError: opts.onError } : {},
  );
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  let producer: FlowProducer | undefined;
  // A job without children goes through its queue: one script call, where a flow of one job
  // wraps it in MULTI/EXEC.
  const queues = new Map<string, Queue>();

  const fresh = () => {
    const p = new FlowProducer({ connection, prefix });
    p.on('error', (err) => opts.onError?.(err));
    return p;
  };
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      // The queue's owner (notify-queue.ts, watch-queues.ts) sets its meta (events kept).
      q = new Queue(name, { connection, prefix, skipMetasUpdate: true });
      q.on('error', (err) => opts.onError?.(err));
      queues.set(name, q);
    }
    return q;
  };

  // BullMQ would wait for a reconnect before running a command; the person who typed the
  // command is better served by an honest "try again" now.
  const submit: SubmitCommand = async (submission) => {
    try {
      await readyWithin(connection, READY_WITHIN_MS);
    } catch (err) {
      throw new QueueUnavailableError(err);
    }
    const { invocation, plan } = submission;
    const jobs =
      plan.kind === 'watch'
        ? [watchCommandJob(invocation, plan.op)]
        : plan.kind === 'details'
          ? [detailsJob(invocation, plan.ref)]
          : commandJobs({
              invocation,
              plan,
              ...(opts.maxProbeTimeoutMs !== undefined
                ? { maxTimeoutMs: opts.maxProbeTimeoutMs }
                : {}),
            });
    const [only] = jobs;
    const single = jobs.length === 1 && only && !only.children ? only : undefined;
    if (!single) producer ??= fresh();
    const adder = single ? queue(single.queueName) : (producer as FlowProducer);
    try {
      if (single) await queue(single.queueName).add(single.name, single.data, single.opts);
      // One transaction: a regional flow never exists without the job that ends its wait.
      else await (producer as FlowProducer).addBulk(jobs);
    } catch (err) {
      // A Queue or FlowProducer whose set-up (script loading, version check) failed stays
      // failed; the next command gets a new one on the same connection.
      if (producer === adder) producer = undefined;
      if (single && queues.get(single.queueName) === adder) queues.delete(single.queueName);
      adder.close().catch(() => {});
      throw new QueueUnavailableError(err);
    }
  };

  return {
    submit,
    async close() {
      await Promise.all([producer?.close(), ...[...queues.values()].map((q) => q.close())]);
      await release();
    },
  };
}
