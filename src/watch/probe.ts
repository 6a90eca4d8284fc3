/** One check of a watch: the cert probe with the watch's clock and network policy. */
import { USER_AGENT } from '../config/version.js';
import { type CertResult, failedResult, runGuarded } from '../probes/index.js';
import { OPEN_POLICY } from '../probes/net/guard.js';
import type { Watch } from './types.js';

export interface WatchProbeOptions {
  /** CIDRs the guard lets through for chat-added watches (file watches are the operator's). */
  allow: string[];
  timeoutMs: number;
  /** Extra trusted roots (PEM), as NODE_EXTRA_CA_CERTS. */
  extraCaPem?: string[];
}

export type WatchProbe = (watch: Watch, now: () => number) => Promise<CertResult>;

export function certWatchProbe(opts: WatchProbeOptions): WatchProbe {
  return async (watch, now) => {
    const request = {
      probe: 'cert' as const,
      spec: {
        host: watch.host,
        port: watch.port,
        warnDays: Math.max(...watch.days),
        ...(watch.connectTo ? { connectTo: watch.connectTo } : {}),
        // Old protocol versions and CAA are not what a watch warns about: fewer round trips.
        checkLegacy: false,
        checkCaa: false,
        ...(watch.pin ? { pin: watch.pin } : {}),
      },
    };
    try {
      // A probe past its deadline is given up on (Overdue): a PROBE_ERROR result, like a crash.
      return (await runGuarded(request, {
        timeoutMs: opts.timeoutMs,
        ...(opts.extraCaPem ? { extraCaPem: opts.extraCaPem } : {}),
        now: () => new Date(now()),
        userAgent: USER_AGENT,
        policy: watch.source === 'chat' ? { denyPrivate: true, allow: opts.allow } : OPEN_POLICY,
      })) as CertResult;
    } catch (err) {
      return failedResult(request, (err as Error)?.message ?? String(err)) as CertResult;
    }
  };
}
