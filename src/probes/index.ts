import { type CertDetail, type CertSpec, probeCert } from './cert/index.js';
import { type DnsDetail, type DnsSpec, probeDns } from './dns/index.js';
import { type HttpDetail, type HttpSpec, probeHttp } from './http/index.js';
import type { ProbeContext, ProbeResult } from './types.js';

/** One probe to run: plain JSON, so it can travel as a job payload. */
export type ProbeRequest =
  | { probe: 'cert'; spec: CertSpec }
  | { probe: 'dns'; spec: DnsSpec }
  | { probe: 'http'; spec: HttpSpec };

export type CertResult = ProbeResult<CertDetail> & { probe: 'cert' };
export type DnsResult = ProbeResult<DnsDetail> & { probe: 'dns' };
export type HttpResult = ProbeResult<HttpDetail> & { probe: 'http' };
/** A result whose `probe` tells the type of its `detail`. */
export type AnyProbeResult = CertResult | DnsResult | HttpResult;

export function runProbe(req: ProbeRequest, ctx: ProbeContext): Promise<AnyProbeResult> {
  switch (req.probe) {
    case 'cert':
      return probeCert(req.spec, ctx) as Promise<CertResult>;
    case 'dns':
      return probeDns(req.spec, ctx) as Promise<DnsResult>;
    case 'http':
      return probeHttp(req.spec, ctx) as Promise<HttpResult>;
  }
}

export * from './types.js';
export type { CertDetail, CertSpec, DnsDetail, DnsSpec, HttpDetail, HttpSpec };
