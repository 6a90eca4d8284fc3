import {
  type CertDetail,
  type CertSpec,
  certTarget,
  emptyCertDetail,
  probeCert,
} from './cert/index.js';
import { type DnsDetail, type DnsSpec, dnsTarget, emptyDnsDetail, probeDns } from './dns/index.js';
import { finding } from './findings.js';
import { emptyHttpDetail, type HttpDetail, type HttpSpec, probeHttp } from './http/index.js';
import type { ProbeContext, ProbeResult } from './types.js';
import { makeResult, start } from './verdict.js';
import {
  emptyWechatDetail,
  probeWechat,
  type WechatDetail,
  type WechatSpec,
  wechatTarget,
} from './wechat/index.js';

/** One probe to run: plain JSON, so it can travel as a job payload. */
export type ProbeRequest =
  | { probe: 'cert'; spec: CertSpec }
  | { probe: 'dns'; spec: DnsSpec }
  | { probe: 'http'; spec: HttpSpec }
  | { probe: 'wechat'; spec: WechatSpec };

export type CertResult = ProbeResult<CertDetail> & { probe: 'cert' };
export type DnsResult = ProbeResult<DnsDetail> & { probe: 'dns' };
export type HttpResult = ProbeResult<HttpDetail> & { probe: 'http' };
export type WechatResult = ProbeResult<WechatDetail> & { probe: 'wechat' };
/** A result whose `probe` tells the type of its `detail`. */
export type AnyProbeResult = CertResult | DnsResult | HttpResult | WechatResult;

export function runProbe(req: ProbeRequest, ctx: ProbeContext): Promise<AnyProbeResult> {
  switch (req.probe) {
    case 'cert':
      return probeCert(req.spec, ctx) as Promise<CertResult>;
    case 'dns':
      return probeDns(req.spec, ctx) as Promise<DnsResult>;
    case 'http':
      return probeHttp(req.spec, ctx) as Promise<HttpResult>;
    case 'wechat':
      return probeWechat(req.spec, ctx) as Promise<WechatResult>;
  }
}

export * from './types.js';
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
  switch (req.probe) {
    case 'cert':
      return makeResult(
        'cert',
        certTarget(req.spec),
        started,
        findings,
        emptyCertDetail(req.spec),
      ) as CertResult;
    case 'dns':
      return makeResult(
        'dns',
        dnsTarget(req.spec),
        started,
        findings,
        emptyDnsDetail(req.spec),
      ) as DnsResult;
    case 'http':
      return makeResult(
        'http',
        req.spec.url,
        started,
        findings,
        emptyHttpDetail(req.spec.url),
      ) as HttpResult;
    case 'wechat':
      return makeResult(
        'wechat',
        wechatTarget(req.spec),
        started,
        findings,
        emptyWechatDetail(req.spec),
      ) as WechatResult;
  }
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
