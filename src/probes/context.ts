import { userAgent } from './http/user-agent.js';
import { systemLookup } from './net/dial.js';
import { OPEN_POLICY } from './net/guard.js';
import type { ProbeContext } from './types.js';

export interface ContextOptions {
  timeoutMs?: number;
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

export function createContext(opts: ContextOptions = {}): ProbeContext {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  return {
    signal,
    deadline: Date.now() + timeoutMs,
    policy: opts.policy ?? OPEN_POLICY,
    extraCaPem: opts.extraCaPem ?? [],
    now: opts.now ?? (() => new Date()),
    lookup: opts.lookup ?? systemLookup,
    userAgent: opts.userAgent ?? userAgent(),
    ...(opts.apps ? { apps: opts.apps } : {}),
    ...(opts.errcodeGloss ? { errcodeGloss: opts.errcodeGloss } : {}),
  };
}
