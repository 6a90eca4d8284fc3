/**
 * The result reported for a probe whose job crashed (a bug in the probe, or a worker that died
 * on it more often than maxStalledCount allows): PROBE_ERROR with an empty detail of the right
 * shape, so the person still gets an answer and renderers need no special case.
 */
import type { CertDetail } from '../probes/cert/types.js';
import { finding } from '../probes/findings.js';
import { emptyDetail } from '../probes/http/detail.js';
import type {
  AnyProbeResult,
  CertResult,
  DnsResult,
  HttpResult,
  ProbeRequest,
} from '../probes/index.js';
import { makeResult, start } from '../probes/verdict.js';

export function failedProbeResult(request: ProbeRequest, reason: string): AnyProbeResult {
  const started = start(() => new Date());
  const findings = [finding('PROBE_ERROR', `the ${request.probe} probe did not finish: ${reason}`)];
  switch (request.probe) {
    case 'cert': {
      const { host, port } = request.spec;
      const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      return makeResult('cert', target, started, findings, emptyCertDetail(request)) as CertResult;
    }
    case 'dns': {
      const { name, type } = request.spec;
      const target = type === 'A' ? name : `${name} ${type}`;
      return makeResult('dns', target, started, findings, {
        name,
        type,
        resolvers: [],
      }) as DnsResult;
    }
    case 'http':
      return makeResult(
        'http',
        request.spec.url,
        started,
        findings,
        emptyDetail(request.spec.url),
      ) as HttpResult;
  }
}

function emptyCertDetail(request: Extract<ProbeRequest, { probe: 'cert' }>): CertDetail {
  const { host, port, servername } = request.spec;
  return {
    host,
    port,
    address: null,
    servername: servername ?? null,
    checkedName: servername ?? host,
    protocol: null,
    cipher: null,
    ocspStapled: false,
    revocation: {
      status: 'skipped',
      source: null,
      revokedAt: null,
      reason: 'probe did not finish',
      responder: null,
    },
    legacy: { status: 'skipped', accepted: [], note: 'probe did not finish' },
    chainSource: null,
    chainNote: 'no certificates: the probe did not finish',
    chain: [],
    path: null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null },
  };
}
