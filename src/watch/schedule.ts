/**
 * When a watch is checked next: the interval shrinks as expiry nears and while something is
 * broken, and a per-watch offset spreads thousands of watches over the interval instead of
 * firing them in the same second. A server unreachable check after check is checked at the
 * failing interval until its incident opens, then ever less often (backoff), up to a cap: a dead
 * host must not take the sweep's time from the living.
 */
import { createHash } from 'node:crypto';
import type { WatchKind, WatchState } from './types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Intervals {
  /** Beyond 30 days. */
  far: number;
  /** Within 30 days. */
  near: number;
  /** Within 7 days. */
  close: number;
  /** Failing (an open breakage incident, unreachable, expired). */
  failing: number;
  /** Longest interval of a server still unreachable (default 2 hours): the backoff's cap. */
  deadMax?: number;
}

export const DEFAULT_INTERVALS: Intervals = {
  far: DAY,
  near: 6 * HOUR,
  close: HOUR,
  failing: 10 * MINUTE,
  deadMax: 2 * HOUR,
};

/** Unreachable checks in a row that open an incident (EvaluateOptions.unreachableAfter's default). */
export const DEAD_AFTER = 3;

/** http, dns and wechat watches: a steady interval, shorter while the diagnosis has a cause. */
export interface KindInterval {
  every: number;
  failing: number;
}

export const KIND_INTERVALS: Record<Exclude<WatchKind, 'cert'>, KindInterval> = {
  http: { every: MINUTE, failing: 20_000 },
  dns: { every: 5 * MINUTE, failing: MINUTE },
  wechat: { every: 5 * MINUTE, failing: MINUTE },
};

/** Up to this fraction of the interval is added, by a hash of the watch id. */
const JITTER = 0.1;

/**
 * @param deadAfter unreachable checks in a row that open an incident: until then every check is
 *   at the failing interval (the incident is not delayed), after it the interval doubles.
 */
export function intervalFor(
  state: WatchState,
  now: number,
  iv = DEFAULT_INTERVALS,
  kind: WatchKind = 'cert',
  deadAfter = DEAD_AFTER,
): number {
  if (kind !== 'cert') {
    const k = KIND_INTERVALS[kind];
    const failing = (state.failing ?? 0) > 0 || state.incidents.some((i) => i.open);
    return failing ? k.failing : k.every;
  }
  if (state.unreachable > 0) return deadInterval(state.unreachable, iv, deadAfter);
  const failing = state.incidents.some((i) => i.open && i.view.kind === 'breakage');
  if (failing) return iv.failing;
  if (!state.earliestNotAfter) return state.checkedAt === undefined ? iv.failing : iv.near;
  const left = Date.parse(state.earliestNotAfter) - now;
  if (left <= 0) return iv.failing;
  if (left <= 7 * DAY) return iv.close;
  if (left <= 30 * DAY) return iv.near;
  return iv.far;
}

/** 1, 1, 1 (up to `deadAfter`), then 2, 4, 8 … times the failing interval, at most `deadMax`. */
function deadInterval(unreachable: number, iv: Intervals, deadAfter: number): number {
  const doublings = Math.min(30, Math.max(0, unreachable - deadAfter));
  const cap = Math.max(iv.failing, iv.deadMax ?? DEFAULT_INTERVALS.deadMax ?? iv.failing);
  return Math.min(cap, iv.failing * 2 ** doublings);
}

/** Epoch ms of the next check. */
export function nextCheckAt(
  watchId: string,
  state: WatchState,
  now: number,
  iv = DEFAULT_INTERVALS,
  kind: WatchKind = 'cert',
  deadAfter = DEAD_AFTER,
): number {
  const interval = intervalFor(state, now, iv, kind, deadAfter);
  return now + interval + Math.floor(spread(watchId) * JITTER * interval);
}

/** When a watch just added or loaded is first checked: within `withinMs`, spread by id. */
export function firstCheckAt(watchId: string, now: number, withinMs = MINUTE): number {
  return now + Math.floor(spread(watchId) * withinMs);
}

/** A stable number in [0, 1) for a watch id. */
function spread(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) / 2 ** 32;
}
