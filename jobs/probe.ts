/** The `probe` job: one request → one ProbeResult (plain JSON, stored as the job's return value). */
import { type Job, UnrecoverableError } from 'bullmq';
import type { ResolverSpec } from '../src/probes/dns/types.js';
import { withWorkerResolvers } from '../src/probes/dns/worker-resolvers.js';
import {
  type AnyProbeResult,
  failedResult,
  isProbeName,
  Overdue,
  runGuarded,
} from '../src/probes/index.js';
import { OPEN_POLICY } from '../src/probes/net/guard.js';
import type { ProbeContext } from '../src/probes/types.js';
import { scrubText } from '../src/probes/wechat/scrub.js';
import type { AppRegistry } from '../src/probes/wechat/types.js';
import {
  PROBE_TOO_LATE,
  type ProbeJobData,
  type ProbeJobResult,
  type ProbeRun,
} from '../src/queue/job-data.js';
import type { Slots } from '../src/queue/slots.js';

export interface ProbeJobOptions {
  /** CIDRs the address guard lets through for chat-triggered probes (already validated). */
  allow: string[];
  /** Chat-triggered probes (guard on) never wait longer than this, whatever `--timeout` said. */
  maxTimeoutMs?: number;
  /** Called with every result (metrics); its failures never fail the job. */
  onProbeResult?: (result: AnyProbeResult) => void;
  onHookError?: (err: unknown) => void;
  /** WeChat/WeCom apps by alias: job data names an app, the secret stays in this process. */
  apps?: AppRegistry;
  /** The probes' User-Agent (USER_AGENT, src/config/version.ts). */
  userAgent?: string;
  /** An errcode's meaning in a second language (zh-CN), beside the English one in findings. */
  errcodeGloss?: ProbeContext['errcodeGloss'];
  /** Past its deadline by this much, a probe is given up on and the job failed (default 2 s). */
  graceMs?: number;
  /** The worker's slots: each job holds one until it ends, with its deadline (/healthz). */
  slots?: Pick<Slots, 'hold'>;
  /** WX_RESOLVERS: this worker's probes resolve through these instead of the system's. */
  resolvers?: readonly ResolverSpec[];
  /** Extra trusted roots (PEM), as NODE_EXTRA_CA_CERTS. */
  extraCaPem?: string[];
}

/**
 * Runs one queued request: a probe job's work, and each request of a command job (command.ts).
 * Throws UnrecoverableError for malformed data, a region's probe taken too late, and a probe
 * given up on past its deadline (Overdue).
 */
export type ProbeRunner = (data: ProbeJobData, signal?: AbortSignal) => Promise<AnyProbeResult>;

export function createProbeProcessor(opts: ProbeJobOptions) {
  const run = createProbeRunner(opts);
  return (
    job: Job<ProbeJobData, ProbeJobResult>,
    _token?: string,
    signal?: AbortSignal,
  ): Promise<ProbeJobResult> => run(job.data, signal);
}

/** A queued probe's deadline: a chat-triggered one (guard on) never waits past `maxTimeoutMs`. */
export function probeTimeoutMs(run: ProbeRun, maxTimeoutMs: number | undefined): number {
  return run.denyPrivate && maxTimeoutMs !== undefined
    ? Math.min(run.timeoutMs, maxTimeoutMs)
    : run.timeoutMs;
}

export function createProbeRunner(opts: ProbeJobOptions): ProbeRunner {
  return async (data, signal) => {
    const { request: asked, run } = data ?? {};
    if (!isProbeName(asked?.probe) || !asked?.spec || typeof run?.timeoutMs !== 'number') {
      throw new UnrecoverableError('malformed probe job');
    }
    // A region's worker back after its check gave up on it: the result would go nowhere.
    if (typeof run.notAfter === 'number' && Date.now() > run.notAfter) {
      throw new UnrecoverableError(PROBE_TOO_LATE);
    }
    const request = opts.resolvers ? withWorkerResolvers(asked, opts.resolvers) : asked;
    const timeoutMs = probeTimeoutMs(run, opts.maxTimeoutMs);
    const release = opts.slots?.hold(Date.now() + timeoutMs);
    let result: AnyProbeResult;
    try {
      result = await runGuarded(request, {
        timeoutMs,
        policy: run.denyPrivate ? { denyPrivate: true, allow: opts.allow } : OPEN_POLICY,
        ...(signal ? { signal } : {}),
        ...(opts.apps ? { apps: opts.apps } : {}),
        ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
        ...(opts.errcodeGloss ? { errcodeGloss: opts.errcodeGloss } : {}),
        ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
        ...(opts.extraCaPem ? { extraCaPem: opts.extraCaPem } : {}),
      });
    } catch (err) {
      if (err instanceof Overdue) {
        // The job fails (the check reports it as PROBE_ERROR) and frees its slot; the metrics
        // still count the probe.
        report(failedResult(request, err.message));
        throw new UnrecoverableError(err.message);
      }
      // Probes turn every failure into findings; reaching this is a probe bug, still reported
      // (scrubbed: an error's text may quote a URL with a credential in it).
      result = failedResult(request, scrubText((err as Error)?.message ?? String(err)));
    } finally {
      release?.();
    }
    report(result);
    return result;
  };

  function report(result: AnyProbeResult): void {
    try {
      opts.onProbeResult?.(result);
    } catch (err) {
      opts.onHookError?.(err);
    }
  }
}
