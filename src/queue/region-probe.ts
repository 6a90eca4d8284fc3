/**
 * A watch's probe run in regions: one probe job on each region's queue (`probe@north`), awaited
 * with BullMQ's Job.waitUntilFinished on one QueueEvents per region queue, shared by every check
 * of this process and closed with it (never one per check: each QueueEvents holds a blocking
 * Redis connection of its own). A region that has not answered by the deadline has no result
 * (REGION_NO_ANSWER for the caller); its job, if still waiting, is removed, and a worker that takes
 * it later drops it (`notAfter`).
 */
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { RedisClient } from '../model/index.js';
import type { AnyProbeResult, ProbeRequest } from '../probes/index.js';
import type { ProbeJobData, ProbeRun } from './job-data.js';
import { probeJobOptions } from './job-options.js';
import { regionQueue } from './names.js';

export interface RegionProbeAnswer {
  region: string;
  /** null: no answer within the wait (the worker is gone, slow or busy), or its job failed. */
  result: AnyProbeResult | null;
}

export interface RegionProbeRun {
  /** Logical key of this check (job ids derive from it, one per region). */
  key: string;
  request: ProbeRequest;
  run: Omit<ProbeRun, 'notAfter'>;
  regions: readonly string[];
  /** How long the regions are waited for, all at once. */
  waitMs: number;
}

export interface RegionProber {
  run(opts: RegionProbeRun): Promise<RegionProbeAnswer[]>;
  /** Closes every Queue and QueueEvents it opened; waits in progress end without an answer. */
  close(): Promise<void>;
}

export function createRegionProber(
  connection: RedisClient,
  prefix: string,
  onError: (err: Error) => void,
  now: () => number = Date.now,
): RegionProber {
  const queues = new Map<string, Queue>();
  const events = new Map<string, Promise<QueueEvents>>();
  let closed = false;

  /**
   * A QueueEvents reads the events stream from where it was when its first blocking read went
   * out: one made just now could miss the answer of a job added at once. It starts instead from
   * the stream's last entry as read here, before any job of ours is added.
   */
  const openEvents = async (queue: Queue): Promise<QueueEvents> => {
    const [last] = await connection.xrevrange(queue.toKey('events'), '+', '-', 'COUNT', 1);
    // QueueEvents duplicates the connection for its blocking read; close() ends it.
    const queueEvents = new QueueEvents(queue.name, {
      connection,
      prefix,
      lastEventId: last?.[0] ?? '0-0',
    });
    queueEvents.on('error', onError);
    return queueEvents;
  };

  const handles = async (region: string): Promise<{ queue: Queue; queueEvents: QueueEvents }> => {
    const name = regionQueue(region);
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queue.on('error', onError);
      // Every regional check waiting on this region listens for the queue's 'closing' until its
      // answer comes (Job.waitUntilFinished): as many as the watch worker runs at once, not a leak.
      queue.setMaxListeners(0);
      queues.set(name, queue);
    }
    let queueEvents = events.get(name);
    if (!queueEvents) {
      queueEvents = openEvents(queue);
      events.set(name, queueEvents);
      // A failed read is tried again by the next check.
      queueEvents.catch(() => events.delete(name));
    }
    return { queue, queueEvents: await queueEvents };
  };

  const one = async (
    opts: RegionProbeRun,
    region: string,
    notAfter: number,
  ): Promise<RegionProbeAnswer> => {
    if (closed) return { region, result: null };
    const data: ProbeJobData = { request: opts.request, run: { ...opts.run, notAfter } };
    const key = `${opts.key}@${region}`;
    let job: Job | undefined;
    try {
      const { queue, queueEvents } = await handles(region);
      job = await queue.add('probe', data, probeJobOptions(key));
      const left = Math.max(1, notAfter - now());
      const result = (await job.waitUntilFinished(queueEvents, left)) as AnyProbeResult;
      return { region, result: result ?? null };
    } catch {
      // Not answered in time (or failed, or closing): still waiting jobs go, nobody wants them.
      if (job && !closed) await job.remove().catch(() => undefined);
      return { region, result: null };
    }
  };

  return {
    async run(opts) {
      const notAfter = now() + opts.waitMs;
      return Promise.all(opts.regions.map((region) => one(opts, region, notAfter)));
    },
    async close() {
      closed = true;
      const opened = await Promise.allSettled(events.values());
      await Promise.all(
        opened.map((e) => (e.status === 'fulfilled' ? e.value.close() : undefined)),
      );
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
