import type { CertDetail, CertSpec } from './cert/index.js';
import type { DnsDetail, DnsSpec } from './dns/index.js';
import { finding } from './findings.js';
import type { HttpDetail, HttpSpec } from './http/index.js';
import { type AnyProbeResult, type ProbeRequest, type ProbeResultOf, proberOf } from './probers.js';
import type { ProbeContext } from './types.js';
import { makeResult, start } from './verdict.js';
import type { WechatDetail, WechatSpec } from './wechat/index.js';

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
