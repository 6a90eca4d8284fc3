/**
 * The `regions-deadline` job: added with a regional command's flow, delayed by the probe's
 * deadline plus a margin. By then every region that is going to answer has; each probe child
 * still pending (a dead region's job waiting in its queue, or held by a worker that died) is cut
 * loose from the check (BullMQ's removeChildDependency), so the check runs with the answers it
 * has and reports REGION_NO_ANSWER for the rest. A check already done finds nothing to cut.
 */
import { Job, Queue } from 'bullmq';
import type { RedisClient } from '../src/model/index.js';
import type { RegionDeadlineJobData } from '../src/queue/job-data.js';
import { jobId, QUEUES } from '../src/queue/names.js';

export interface RegionDeadlineOptions {
  connection: RedisClient;
  prefix: string;
}

export interface RegionDeadlineProcessor {
  process(job: Job<RegionDeadlineJobData>): Promise<{ cut: number }>;
  close(): Promise<void>;
}

export function createRegionDeadlineProcessor(
  opts: RegionDeadlineOptions,
): RegionDeadlineProcessor {
  // Queue handles on the worker's own connection, one per queue touched, kept for reuse.
  const queues = new Map<string, Queue>();
  const queue = (name: string): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: opts.connection, prefix: opts.prefix });
      q.on('error', () => {});
      queues.set(name, q);
    }
    return q;
  };
  return {
    async process(job) {
      const { check, children } = job.data;
      const parent = await Job.fromId(queue(QUEUES.check), jobId(check));
      if (!parent || (await parent.getState()) !== 'waiting-children') return { cut: 0 };
      let cut = 0;
      for (const child of children) {
        const pending = await Job.fromId(queue(child.queue), jobId(child.key));
        if (!pending || (await pending.isCompleted()) || (await pending.isFailed())) continue;
        if (await pending.removeChildDependency()) cut++;
      }
      return { cut };
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
