/**
 * Runs the concurrency controller (queue/concurrency.ts) on a BullMQ worker: every second it
 * samples the event-loop delay (perf_hooks), this process's CPU and the jobs in flight, and sets
 * `worker.concurrency` (BullMQ reads it before each fetch) and the slots' capacity to match.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type ConcurrencyLimits, type LoadSample, nextConcurrency } from '../queue/concurrency.js';

export interface Adjustable {
  concurrency: number;
}

export interface AdaptiveConcurrency {
  /** Wraps one job: counts it in flight while it runs. */
  track<T>(run: () => Promise<T>): Promise<T>;
  /** Jobs running now. */
  inFlight(): number;
  stop(): void;
}

export interface AdaptiveOptions {
  /** Sample period (default 1 s). */
  everyMs?: number;
  /** After each change (logs, metrics, the slots' capacity). */
  onChange?: (concurrency: number, sample: LoadSample) => void;
}

export function adaptConcurrency(
  targets: Adjustable[],
  limits: ConcurrencyLimits,
  opts: AdaptiveOptions = {},
): AdaptiveConcurrency {
  let inFlight = 0;
  let peak = 0;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let cpu0 = process.cpuUsage();
  let t0 = process.hrtime.bigint();
  const timer = setInterval(() => {
    const t1 = process.hrtime.bigint();
    const used = process.cpuUsage(cpu0);
    const wallUs = Number(t1 - t0) / 1000;
    const sample: LoadSample = {
      lagP99Ms: lag.count > 0 ? lag.percentile(99) / 1e6 : 0,
      cpu: wallUs > 0 ? (used.user + used.system) / wallUs : 0,
      peakInFlight: peak,
    };
    lag.reset();
    cpu0 = process.cpuUsage();
    t0 = t1;
    peak = inFlight;
    const first = targets[0];
    if (!first) return;
    const current = first.concurrency;
    const next = nextConcurrency(current, sample, limits);
    if (next === current) return;
    for (const t of targets) t.concurrency = next;
    opts.onChange?.(next, sample);
  }, opts.everyMs ?? 1000);
  timer.unref();
  return {
    async track(run) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await run();
      } finally {
        inFlight--;
      }
    },
    inFlight: () => inFlight,
    stop() {
      clearInterval(timer);
      lag.disable();
    },
  };
}
