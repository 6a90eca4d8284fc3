import { type CertDetail, type CertSpec, probeCert } from './cert/index.js';
import { type DnsDetail, type DnsSpec, probeDns } from './dns/index.js';
import { type HttpDetail, type HttpSpec, probeHttp } from './http/index.js';
import type { ProbeContext, ProbeResult } from './types.js';

/** One probe to run: plain JSON, so it can travel as a job payload. */
export type ProbeRequest =
  | { probe: 'cert'; spec: CertSpec }
  | { probe: 'dns'; spec: DnsSpec }
  | { probe: 'http'; spec: HttpSpec };

export type AnyProbeResult =
  | ProbeResult<CertDetail>
  | ProbeResult<DnsDetail>
  | ProbeResult<HttpDetail>;

export function runProbe(req: ProbeRequest, ctx: ProbeContext): Promise<AnyProbeResult> {
  switch (req.probe) {
    case 'cert':
      return probeCert(req.spec, ctx);
    case 'dns':
      return probeDns(req.spec, ctx);
    case 'http':
      return probeHttp(req.spec, ctx);
  }
}

export * from './types.js';
export type { CertDetail, CertSpec, DnsDetail, DnsSpec, HttpDetail, HttpSpec };
