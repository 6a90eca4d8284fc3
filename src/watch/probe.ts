/** One check of a watch: its kind's probe with the watch's clock and network policy. */
import { USER_AGENT } from '../config/version.js';
import { type AnyProbeResult, failedResult, runGuarded } from '../probes/index.js';
import { OPEN_POLICY } from '../probes/net/guard.js';
import type { ProbeContext } from '../probes/types.js';
import { type WatchRequestOptions, watchRequest } from './request.js';
import type { Watch } from './types.js';

export interface WatchProbeOptions {
  /** CIDRs the guard lets through for chat-added watches (file watches are the operator's). */
  allow: string[];
  timeoutMs: number;
  /** Longest wait for each TCP connection (default WATCH_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** Extra trusted roots (PEM), as NODE_EXTRA_CA_CERTS. */
  extraCaPem?: string[];
  /** The WeChat/WeCom apps `wechat` watches name by alias (secrets stay in this process). */
  apps?: ProbeContext['apps'];
  errcodeGloss?: ProbeContext['errcodeGloss'];
}

/**
 * A watched host that drops SYNs is known as dead after this long instead of the whole probe
 * deadline: a healthy one connects in a round trip or two.
 */
export const WATCH_CONNECT_TIMEOUT_MS = 3000;

export type WatchProbe = (
  watch: Watch,
  now: () => number,
  opts?: WatchRequestOptions,
) => Promise<AnyProbeResult>;

/** Runs every kind of watch (the name is from when watches were certificates only). */
export function certWatchProbe(opts: WatchProbeOptions): WatchProbe {
  return watchProbe(opts);
}

export function watchProbe(opts: WatchProbeOptions): WatchProbe {
  return async (watch, now, requestOpts) => {
    const request = watchRequest(watch, requestOpts);
    try {
      // A probe past its deadline is given up on (Overdue): a PROBE_ERROR result, like a crash.
      return await runGuarded(request, {
        timeoutMs: opts.timeoutMs,
        connectTimeoutMs: opts.connectTimeoutMs ?? WATCH_CONNECT_TIMEOUT_MS,
        ...(opts.extraCaPem ? { extraCaPem: opts.extraCaPem } : {}),
        ...(opts.apps ? { apps: opts.apps } : {}),
        ...(opts.errcodeGloss ? { errcodeGloss: opts.errcodeGloss } : {}),
        now: () => new Date(now()),
        userAgent: USER_AGENT,
        policy: watch.source === 'chat' ? { denyPrivate: true, allow: opts.allow } : OPEN_POLICY,
      });
    } catch (err) {
      return failedResult(request, (err as Error)?.message ?? String(err));
    }
  };
}
