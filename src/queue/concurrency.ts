/**
 * How many jobs a worker runs at once, following the work (pure): checks wait on the network, so
 * a worker can hold hundreds in flight while its event loop and CPU stay easy. Each sample, the
 * worker's concurrency grows while every slot is taken and there is headroom, shrinks when the
 * event loop lags or the CPU is saturated, and stays between a floor and a maximum.
 */

export interface ConcurrencyLimits {
  /** Never below (default: 16, or the maximum when lower). */
  floor?: number;
  /** Never above (WX_WATCH_CONCURRENCY). */
  max: number;
  /** Event-loop delay p99 above which it shrinks (default 100 ms) and below which it may grow (40 ms). */
  lagHighMs?: number;
  lagLowMs?: number;
  /** Share of one core above which it shrinks (default 0.9) and below which it may grow (0.75). */
  cpuHigh?: number;
  cpuLow?: number;
}

export interface LoadSample {
  /** p99 of the event-loop delay over the sample, ms. */
  lagP99Ms: number;
  /** CPU time over wall time during the sample (1 = one core busy). */
  cpu: number;
  /** The most jobs in flight at once during the sample. */
  peakInFlight: number;
}

/** Growth and shrink factors: from 64 to 512 in about ten samples; a lag halves it in two. */
const GROW = 1.25;
const SHRINK = 0.7;
/** Every slot counts as taken from this share on (jobs finish and start between fetches). */
const SATURATED = 0.9;

export const DEFAULT_FLOOR = 16;

export function floorOf(limits: ConcurrencyLimits): number {
  return Math.max(1, Math.min(limits.floor ?? DEFAULT_FLOOR, limits.max));
}

/** The concurrency for the next sample, from the current one and what this sample measured. */
export function nextConcurrency(
  current: number,
  sample: LoadSample,
  limits: ConcurrencyLimits,
): number {
  const floor = floorOf(limits);
  const clamp = (n: number) => Math.max(floor, Math.min(limits.max, n));
  const overloaded =
    sample.lagP99Ms > (limits.lagHighMs ?? 100) || sample.cpu > (limits.cpuHigh ?? 0.9);
  if (overloaded) return clamp(Math.floor(current * SHRINK));
  const headroom =
    sample.lagP99Ms < (limits.lagLowMs ?? 40) && sample.cpu < (limits.cpuLow ?? 0.75);
  const saturated = sample.peakInFlight >= current * SATURATED;
  if (headroom && saturated) return clamp(Math.max(current + 1, Math.ceil(current * GROW)));
  return clamp(current);
}

/** The mean duration of a job, weighted to the recent ones (EWMA), from a first guess on. */
export class Pace {
  private mean: number;

  constructor(
    firstGuessMs: number,
    /** Weight of each new duration. */
    private readonly weight = 0.05,
  ) {
    this.mean = firstGuessMs;
  }

  observe(ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.mean += (ms - this.mean) * this.weight;
  }

  meanMs(): number {
    return this.mean;
  }
}

/**
 * Jobs `concurrency` slots can start in `windowMs` at `meanMs` a job, with `headroom` for the
 * concurrency to grow meanwhile: what a sweep should queue at most before its next tick.
 */
export function startableIn(
  windowMs: number,
  concurrency: number,
  meanMs: number,
  headroom = 1.5,
): number {
  return Math.ceil((concurrency * windowMs * headroom) / Math.max(meanMs, 1));
}
