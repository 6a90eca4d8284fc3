/**
 * The `sweep` job, run by a BullMQ job scheduler every few seconds: takes the watches that are
 * due, earliest first, in batches (never scanning all of them), and queues one check each. A
 * check's id is (watch, due time), so a sweep that runs twice queues it once.
 */
import type { Queue } from 'bullmq';
import { WATCH_JOBS, watchCheckJobOptions } from '../src/queue/watch-jobs.js';
import type { WatchStore } from '../src/watch/store.js';

export interface SweepOptions {
  store: WatchStore;
  /** The watch queue the checks go to. */
  queue: Queue;
  now(): number;
  /** Watches taken per round trip (default 500). */
  batch?: number;
  /** Upper bound per sweep, so one sweep cannot run forever behind a huge backlog (default 20,000). */
  maxPerSweep?: number;
  /** How long a taken watch is not taken again: its check reschedules it sooner (default 10 min). */
  leaseMs?: number;
}

export function createSweepProcessor(opts: SweepOptions) {
  const batch = opts.batch ?? 500;
  const max = opts.maxPerSweep ?? 20_000;
  const lease = opts.leaseMs ?? 10 * 60_000;
  return async (): Promise<{ queued: number }> => {
    let queued = 0;
    while (queued < max) {
      const due = await opts.store.takeDue(opts.now(), Math.min(batch, max - queued), lease);
      if (due.length === 0) break;
      await opts.queue.addBulk(
        due.map((d) => ({ name: WATCH_JOBS.check, data: d, opts: watchCheckJobOptions(d) })),
      );
      queued += due.length;
      if (due.length < batch) break;
    }
    return { queued };
  };
}
