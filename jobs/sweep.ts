/**
 * The `sweep` job, run by a BullMQ job scheduler every few seconds: takes the watches that are
 * due, earliest first, in batches (never scanning all of them), and queues one check each. A
 * check's id is (watch, due time), so a sweep that runs twice queues it once. It tops the
 * backlog up to what the workers can start soon, as measured (the rest stays due, untaken: every
 * queued check is a job in Redis), leases what it takes for as long as the backlog ahead of it
 * can take to drain, and while watches are still due asks for a refill sweep shortly after.
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
  /** How long a taken watch is not taken again, at least: its check reschedules it sooner (default 10 min). */
  leaseMs?: number;
  /** Checks waiting at most, those already queued included (default 20,000). */
  maxBacklog?: number;
  /**
   * Checks the workers can start before the next tick, those already queued included (measured:
   * concurrency × tick ÷ the mean check); the sweep queues no more. Default: maxBacklog only.
   */
  startable?: () => number;
  /** Checks a worker runs at once now (default 64) and the longest one takes (default 10 s). */
  slots?: number | (() => number);
  checkMs?: number;
  /**
   * When watches are still due after this sweep (the backlog was full), sweep again this much
   * later instead of waiting for the next tick: the workers are then never short of checks.
   */
  refillMs?: number;
}

/** A refill sweep's job id: one per second however many sweeps ask for it. */
export function refillJobId(at: number): string {
  return `sweep-refill-${Math.ceil(at / 1000)}`;
}

/** The lease: the base, or longer when the checks queued ahead could drain slower than that. */
export function leaseFor(queued: number, opts: SweepOptions): number {
  const slots = typeof opts.slots === 'function' ? opts.slots() : (opts.slots ?? 64);
  const slowest = Math.ceil(queued / Math.max(slots, 1)) * (opts.checkMs ?? 10_000);
  return Math.max(opts.leaseMs ?? 10 * 60_000, slowest);
}

export function createSweepProcessor(opts: SweepOptions) {
  const batch = opts.batch ?? 500;
  const max = opts.maxPerSweep ?? 20_000;
  const maxBacklog = opts.maxBacklog ?? 20_000;
  return async (): Promise<{ queued: number }> => {
    const waiting = await opts.queue.getJobCountByTypes('prioritized');
    const limit = Math.min(maxBacklog, opts.startable?.() ?? Number.POSITIVE_INFINITY);
    const room = Math.min(max, limit - waiting);
    let queued = 0;
    while (queued < room) {
      const take = Math.min(batch, room - queued);
      // Leased for as long as the checks queued ahead of this batch, and it, may take.
      const lease = leaseFor(waiting + queued + take, opts);
      const due = await opts.store.takeDue(opts.now(), take, lease);
      if (due.length > 0) {
        await opts.queue.addBulk(
          due.map((d) => ({ name: WATCH_JOBS.check, data: d, opts: watchCheckJobOptions(d) })),
        );
      }
      queued += due.length;
      // Nothing more is due: no refill needed.
      if (due.length < take) return { queued };
    }
    if (opts.refillMs !== undefined && (await opts.store.anyDue(opts.now()))) {
      await opts.queue.add(
        WATCH_JOBS.sweep,
        {},
        {
          jobId: refillJobId(Date.now() + opts.refillMs),
          delay: opts.refillMs,
          removeOnComplete: true,
          removeOnFail: true,
        },
      );
    }
    return { queued };
  };
}
