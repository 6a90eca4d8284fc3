import { startDeadline } from './deadline.js';
import { userAgent } from './http/user-agent.js';
import { systemLookup } from './net/dial.js';
import { OPEN_POLICY } from './net/guard.js';
import type { ProbeContext } from './types.js';

export interface ContextOptions {
  timeoutMs?: number;
  /** Longest wait for each TCP connection (ProbeContext.connectTimeoutMs). */
  connectTimeoutMs?: number;
  policy?: ProbeContext['policy'];
  extraCaPem?: string[];
  now?: () => Date;
  lookup?: ProbeContext['lookup'];
  /** Aborts the probe early (the caller's cancellation), in addition to the deadline. */
  signal?: AbortSignal;
  apps?: ProbeContext['apps'];
  /** The caller's User-Agent (`userAgent(version)`, http/user-agent.ts); the library alone sends `wxdoctor`. */
  userAgent?: string;
  errcodeGloss?: ProbeContext['errcodeGloss'];
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** A context together with the ends of its deadline, for whoever created it. */
export interface OwnedContext extends ProbeContext {
  /** Aborts the probe now (a watchdog): every socket listening to `signal` closes. */
  abort(reason?: unknown): void;
  /** Stops the deadline's timer and lets go of the caller's signal; idempotent. Call when done. */
  release(): void;
}

export function createContext(opts: ContextOptions = {}): OwnedContext {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, opts.signal);
  return {
    signal: deadline.signal,
    deadline: deadline.at,
    abort: deadline.abort,
    release: deadline.clear,
    policy: opts.policy ?? OPEN_POLICY,
    extraCaPem: opts.extraCaPem ?? [],
    now: opts.now ?? (() => new Date()),
    lookup: opts.lookup ?? systemLookup,
    userAgent: opts.userAgent ?? userAgent(),
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    ...(opts.apps ? { apps: opts.apps } : {}),
    ...(opts.errcodeGloss ? { errcodeGloss: opts.errcodeGloss } : {}),
  };
}
