/** The facts regions are compared on, read from each region's results. */
import type { CertDetail } from '../cert/types.js';
import type { DnsDetail } from '../dns/types.js';
import type { HttpDetail } from '../http/types.js';
import type { ProbeResult } from '../types.js';
import { isCombined, type RegionAnswer, type RegionFacts } from './types.js';

const RANK = { fail: 0, warn: 1, info: 2 } as const;

export function factsOf({ region, result }: RegionAnswer): RegionFacts {
  const facts: RegionFacts = {
    region,
    answered: result !== null,
    status: result?.status ?? null,
    answers: [],
    address: null,
    httpStatus: null,
    fingerprint: null,
    daysLeft: null,
    reachable: null,
    problem: null,
    durationMs: result?.durationMs ?? null,
  };
  if (result === null) return facts;
  const results = isCombined(result) ? result.results : [result];
  for (const r of results) read(r, facts);
  facts.problem = isCombined(result)
    ? (result.cause?.code ?? null)
    : (worstFinding(result)?.code ?? null);
  return facts;
}

function read(r: ProbeResult, facts: RegionFacts): void {
  if (r.probe === 'dns') {
    const d = r.detail as DnsDetail;
    const answers = (d.resolvers ?? []).flatMap((x) =>
      x.answers.filter((a) => a.type === 'A' || a.type === 'AAAA').map((a) => a.data),
    );
    facts.answers = [...new Set(answers)].sort();
  } else if (r.probe === 'cert') {
    const d = r.detail as CertDetail;
    const leaf = d.chain?.[0];
    facts.fingerprint = leaf?.fingerprint256 ?? null;
    facts.daysLeft = leaf?.daysLeft ?? null;
    facts.address ??= d.address ?? null;
    facts.reachable = (facts.reachable ?? false) || d.address !== null;
  } else if (r.probe === 'http') {
    const d = r.detail as HttpDetail;
    facts.httpStatus = d.status ?? null;
    const connected = d.address ?? d.hops?.find((h) => h.address)?.address ?? null;
    if (connected !== null) facts.address = connected;
    facts.reachable = (facts.reachable ?? false) || connected !== null;
  }
}

function worstFinding(r: ProbeResult) {
  return [...r.findings]
    .filter((f) => f.severity !== 'info')
    .sort((a, b) => RANK[a.severity] - RANK[b.severity])[0];
}
