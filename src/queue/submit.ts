/** The front ends' way into the queues: one command → one flow, or QueueUnavailableError at once. */
import { FlowProducer } from 'bullmq';
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

  const fresh = () => {
    const p = new FlowProducer({ connection, prefix });
    p.on('error', (err) => opts.onError?.(err));
    return p;
  };

  // BullMQ would wait for a reconnect before running a command; the person who typed the
  // command is better served by an honest "try again" now.
  const submit: SubmitCommand = async (submission) => {
    try {
      await readyWithin(connection, READY_WITHIN_MS);
    } catch (err) {
      throw new QueueUnavailableError(err);
    }
    producer ??= fresh();
    const current = producer;
    try {
      const { invocation, plan } = submission;
      if (plan.kind === 'watch') await current.add(watchCommandJob(invocation, plan.op));
      else if (plan.kind === 'details') await current.add(detailsJob(invocation, plan.ref));
      else {
        const jobs = commandJobs({
          invocation,
          plan,
          ...(opts.maxProbeTimeoutMs !== undefined ? { maxTimeoutMs: opts.maxProbeTimeoutMs } : {}),
        });
        // One transaction: a regional flow never exists without the job that ends its wait.
        await (jobs.length === 1 && jobs[0] ? current.add(jobs[0]) : current.addBulk(jobs));
      }
    } catch (err) {
      // A FlowProducer whose set-up (script loading, version check) failed stays failed; the
      // next command gets a new one on the same connection.
      if (producer === current) producer = undefined;
      current.close().catch(() => {});
      throw new QueueUnavailableError(err);
    }
  };

  return {
    submit,
    async close() {
      await producer?.close();
      await release();
    },
  };
}
