import type { CertDetail, CertSpec } from './cert/index.js';
import { type ContextOptions, createContext, DEFAULT_TIMEOUT_MS } from './context.js';
import { Overdue, watchdog } from './deadline.js';
import type { DnsDetail, DnsSpec } from './dns/index.js';
import { finding } from './findings.js';
import type { HttpDetail, HttpSpec } from './http/index.js';
import { type AnyProbeResult, type ProbeRequest, type ProbeResultOf, proberOf } from './probers.js';
import type { ProbeContext } from './types.js';
import { makeResult, start } from './verdict.js';
import type { WechatDetail, WechatSpec } from './wechat/index.js';

export { Overdue } from './deadline.js';
/** Multi-region: `cdnEdgeFindings([{ region, result }])` → CDN_STALE_EDGE for the stale edges of one URL. */
export {
  type CdnEdge,
  cdnEdgeFindings,
  STALE_AGE_GAP_S,
  type StaleEdge,
  staleEdges,
} from './http/cdn-edges.js';
export {
  type AnyProbeResult,
  isProbeName,
  PROBERS,
  type ProbeDetail,
  type ProbeName,
  type ProbeRequest,
  type ProbeResultOf,
  type Prober,
  type ProbeSpec,
} from './probers.js';
export * from './types.js';

export type CertResult = ProbeResultOf<'cert'>;
export type DnsResult = ProbeResultOf<'dns'>;
export type HttpResult = ProbeResultOf<'http'>;
export type WechatResult = ProbeResultOf<'wechat'>;

export function runProbe(req: ProbeRequest, ctx: ProbeContext): Promise<AnyProbeResult> {
  return proberOf(req).run(req.spec, ctx) as Promise<AnyProbeResult>;
}

/** How long past its deadline a probe is waited for before the watchdog gives up on it. */
export const WATCHDOG_GRACE_MS = 2000;

export interface GuardedOptions extends ContextOptions {
  /** Wait this long past the deadline before giving up (default WATCHDOG_GRACE_MS). */
  graceMs?: number;
}

/**
 * runProbe in a context of its own, released when done, under a watchdog: a probe still running
 * `graceMs` after its deadline (every wait should end at it) has its context aborted, so its
 * sockets close, and the promise rejects with Overdue. Other errors pass through.
 */
export async function runGuarded(
  req: ProbeRequest,
  opts: GuardedOptions = {},
): Promise<AnyProbeResult> {
  const { graceMs = WATCHDOG_GRACE_MS, ...contextOptions } = opts;
  const timeoutMs = contextOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ctx = createContext(contextOptions);
  try {
    return await watchdog(runProbe(req, ctx), ctx.deadline + graceMs, () => {
      ctx.abort(new Overdue('stopped by the watchdog'));
      return `the probe did not end by its deadline (${timeoutMs} ms); it was stopped ${graceMs} ms later and its connections closed`;
    });
  } finally {
    ctx.release();
  }
}

/** runGuarded, where there is no job to fail: a probe given up on is a PROBE_ERROR result. */
export function runOrGiveUp(req: ProbeRequest, opts: GuardedOptions = {}): Promise<AnyProbeResult> {
  return runGuarded(req, opts).catch((err: unknown) => {
    if (err instanceof Overdue) return failedResult(req, err.message);
    throw err;
  });
}

/**
 * The result for a probe that did not finish (a bug in it, or a worker that died on it too often):
 * PROBE_ERROR with the empty detail of its kind, so every consumer still gets a well-formed result.
 */
export function failedResult(
  req: ProbeRequest,
  reason: string,
  now: () => Date = () => new Date(),
): AnyProbeResult {
  const started = start(now);
  const findings = [finding('PROBE_ERROR', `the ${req.probe} probe did not finish: ${reason}`)];
  const prober = proberOf(req);
  return makeResult(
    req.probe,
    prober.target(req.spec),
    started,
    findings,
    prober.empty(req.spec),
  ) as AnyProbeResult;
}

export type {
  CertDetail,
  CertSpec,
  DnsDetail,
  DnsSpec,
  HttpDetail,
  HttpSpec,
  WechatDetail,
  WechatSpec,
};
