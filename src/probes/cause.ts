/**
 * One root cause across probes. The causal order is the order in which a client gets to a
 * service: name resolution → TCP connect → TLS handshake → certificate → HTTP → WeChat API. A
 * finding one probe has because another probe's earlier step failed (cert and http cannot resolve
 * a name the dns probe found missing; http's handshake fails on the chain the cert probe found
 * incomplete) is that finding's consequence, not a failure of its own. Pure: results in, results
 * out.
 */
import { type FindingCode, isInconclusive } from './findings.js';
import type { Finding, ProbeResult, Severity, Status } from './types.js';
import { statusOf } from './verdict.js';

/** The steps a client takes, in order. */
export const STAGES = ['resolve', 'connect', 'handshake', 'certificate', 'http', 'wechat'] as const;
export type Stage = (typeof STAGES)[number];

/** What each step is called in sentences and docs. */
export const STAGE_NAMES: Record<Stage, string> = {
  resolve: 'name resolution',
  connect: 'TCP connect',
  handshake: 'TLS handshake',
  certificate: 'certificate (validity, host, chain, trust, revocation)',
  http: 'HTTP (status, redirects, timing)',
  wechat: 'WeChat API',
};

/** The step every finding code is about (PROBE_ERROR is about no step: it comes last). */
export const STAGE_OF: Record<FindingCode, Stage | null> = {
  DNS_FAILED: 'resolve',
  DNS_NXDOMAIN: 'resolve',
  DNS_CNAME_LOOP: 'resolve',
  DNS_SERVFAIL: 'resolve',
  DNS_REFUSED: 'resolve',
  DNS_TIMEOUT: 'resolve',
  DNS_UNREACHABLE: 'resolve',
  DNS_NO_ANSWER: 'resolve',
  DNS_SINKHOLE: 'resolve',
  DNS_PARTIAL_FAILURE: 'resolve',
  DNS_INCONSISTENT: 'resolve',
  DNS_UNEXPECTED_ANSWER: 'resolve',
  CONNECT_REFUSED: 'connect',
  CONNECT_TIMEOUT: 'connect',
  ADDRESS_BLOCKED: 'connect',
  PROBE_ERROR: null,
  TLS_HANDSHAKE_FAILED: 'handshake',
  TLS_TIMEOUT: 'handshake',
  TLS_LEGACY_PROTOCOL: 'handshake',
  TLS_WEAK_KEY_EXCHANGE: 'handshake',
  CERT_EXPIRED: 'certificate',
  CERT_EXPIRING: 'certificate',
  CERT_NOT_YET_VALID: 'certificate',
  CERT_HOSTNAME_MISMATCH: 'certificate',
  CERT_SELF_SIGNED: 'certificate',
  CERT_UNTRUSTED: 'certificate',
  CHAIN_INCOMPLETE: 'certificate',
  CHAIN_ORDER: 'certificate',
  CHAIN_HAS_ROOT: 'certificate',
  INTERMEDIATE_EXPIRING: 'certificate',
  INTERMEDIATE_EXPIRED: 'certificate',
  CERT_WEAK_SIGNATURE: 'certificate',
  CERT_WEAK_KEY: 'certificate',
  CERT_REVOKED: 'certificate',
  CERT_MUST_STAPLE_MISSING: 'certificate',
  REVOCATION_UNCHECKED: 'certificate',
  CERT_PIN_MISMATCH: 'certificate',
  CERT_ISSUER_CHANGED: 'certificate',
  CERT_CAA_MISMATCH: 'certificate',
  CERT_CAA_NONE: 'certificate',
  HTTP_5XX: 'http',
  HTTP_4XX: 'http',
  HTTP_TIMEOUT: 'http',
  HTTP_BAD_RESPONSE: 'http',
  HTTP_REDIRECT_LOOP: 'http',
  HTTP_INSECURE_REDIRECT: 'http',
  HTTP_NO_HSTS: 'http',
  HTTP_CACHEABLE_API: 'http',
  CDN_STALE_EDGE: 'http',
  HTTP_STATUS_UNEXPECTED: 'http',
  HTTP_BODY_MISMATCH: 'http',
  HTTP_SLOW: 'http',
  WX_TOKEN_OK: 'wechat',
  WX_INVALID_APPID: 'wechat',
  WX_INVALID_SECRET: 'wechat',
  WX_IP_NOT_WHITELISTED: 'wechat',
  WX_QUOTA_EXCEEDED: 'wechat',
  WX_RATE_LIMITED: 'wechat',
  WX_SYSTEM_BUSY: 'wechat',
  WX_API_UNAUTHORIZED: 'wechat',
  WX_TOKEN_REJECTED: 'wechat',
  WX_API_ERROR: 'wechat',
  WX_UNREACHABLE: 'wechat',
  WX_BAD_RESPONSE: 'wechat',
  WX_UNKNOWN_APP: 'wechat',
  WX_APP_SECRET_UNSET: 'wechat',
  WX_OP_UNSUPPORTED: 'wechat',
  WX_EGRESS_IP: 'wechat',
  WX_EGRESS_IP_UNKNOWN: 'wechat',
  WX_QUOTA_OK: 'wechat',
  WX_QUOTA_LOW: 'wechat',
  WX_RID_FOUND: 'wechat',
  WX_RID_NOT_FOUND: 'wechat',
  WX_CALLBACK_CHECK_OK: 'wechat',
  WX_CALLBACK_CHECK_DNS_EMPTY: 'wechat',
  WX_CALLBACK_CHECK_PING_LOSS: 'wechat',
  WX_CALLBACK_NOT_CONFIGURED: 'wechat',
  WX_API_DOMAIN_OK: 'wechat',
  WX_API_DOMAIN_UNREACHABLE: 'wechat',
  WX_API_FAILOVER: 'wechat',
  WX_API_DOMAINS_UNREACHABLE: 'wechat',
  // About no one step: what differs between regions decides it (regions/compare.ts words it).
  REGION_MISMATCH: null,
  REGION_NO_ANSWER: null,
};

/**
 * Where a client is stopped: the handshake and the certificate are one gate for it (a verifying
 * client's handshake fails on the certificate).
 */
type Gate = 'resolve' | 'connect' | 'tls' | 'http' | 'wechat';

const GATE_OF: Record<Stage, Gate> = {
  resolve: 'resolve',
  connect: 'connect',
  handshake: 'tls',
  certificate: 'tls',
  http: 'http',
  wechat: 'wechat',
};

/**
 * The probe that diagnoses each gate; every other probe passing through it is a client there, and
 * a client stopped at a gate is explained by what the specialist found at it.
 */
const SPECIALIST: Record<Gate, string> = {
  resolve: 'dns',
  connect: 'cert',
  tls: 'cert',
  http: 'http',
  wechat: 'wechat',
};

/** Probe kinds in the causal order of the steps they diagnose (others after them). */
const PROBE_ORDER = ['dns', 'cert', 'http', 'wechat'];

/** A finding named as `<probe>/<CODE>`: what `consequenceOf` refers to. */
export interface Cause {
  probe: string;
  code: FindingCode;
  severity: Severity;
  message: string;
  hint: string;
  /** The finding's `args` and `variant` (types.ts), so the cause can be said in any language. */
  args?: Finding['args'];
  variant?: string;
}

export interface Attribution<R extends ProbeResult = ProbeResult> {
  /** The results, each finding that follows from another one marked with `consequenceOf`. */
  results: R[];
  /** The root cause; null when nothing is wrong. */
  cause: Cause | null;
  /** The other independent problems (not info, not consequences), root-cause order. */
  others: Cause[];
  /** The worst status among the causes (consequences do not count). */
  status: Status;
}

const RANK: Record<Status, number> = { ok: 0, warn: 1, fail: 2, error: 3 };

interface Located {
  result: number;
  index: number;
  probe: string;
  finding: Finding;
  stage: Stage | null;
  rank: number;
}

/** `dns/DNS_NXDOMAIN` */
export function causeRef(c: Pick<Cause, 'probe' | 'code'>): string {
  return `${c.probe}/${c.code}`;
}

/** The step a finding is about; every finding of the dns probe is about name resolution. */
export function stageOf(probe: string, code: FindingCode): Stage | null {
  if (probe === 'dns' && code !== 'PROBE_ERROR') return 'resolve';
  return STAGE_OF[code];
}

/** Decides the root cause of several results about one target and marks the consequences. */
export function attribute<R extends ProbeResult>(results: readonly R[]): Attribution<R> {
  const located: Located[][] = results.map((r, result) =>
    r.findings.map((finding, index) => ({
      result,
      index,
      probe: r.probe,
      finding,
      stage: stageOf(r.probe, finding.code),
      rank: rankOf(finding),
    })),
  );
  const consequence = new Map<Located, Located>();
  for (const gate of ['resolve', 'connect', 'tls', 'http', 'wechat'] as const) {
    const order = gateOrder(results, gate);
    order.forEach((j, position) => {
      for (const g of located[j] ?? []) {
        if (g.stage === null || GATE_OF[g.stage] !== gate || g.rank === 0) continue;
        const explainer = explain(g, order.slice(0, position), located, consequence, gate);
        if (explainer) consequence.set(g, explainer);
      }
    });
  }

  const marked = results.map((r, i) => ({
    ...r,
    findings: (located[i] ?? []).map((l) => {
      const by = consequence.get(l);
      return by ? { ...l.finding, consequenceOf: causeRef(causeOf(by)) } : l.finding;
    }),
  }));
  const causes = located
    .flat()
    .filter((l) => !consequence.has(l) && l.rank > 0)
    .sort(rootFirst);
  const [root, ...rest] = causes.map(causeOf);
  const status = statusOf(causes.map((l) => l.finding));
  return { results: marked, cause: root ?? null, others: rest, status };
}

/**
 * What explains `g` (a finding of result `g.result` at `gate`): in the first result before it in
 * the gate's order with a match, a finding at the same gate, itself no consequence, at least as
 * bad, with the same code; or, when `g` stops a client at this gate, its first such finding.
 */
function explain(
  g: Located,
  before: number[],
  located: Located[][],
  consequence: Map<Located, Located>,
  gate: Gate,
): Located | undefined {
  const stopped = g.probe !== SPECIALIST[gate] && g.finding.severity === 'fail';
  for (const i of before) {
    const candidates = (located[i] ?? [])
      .filter(
        (c) =>
          c.stage !== null &&
          GATE_OF[c.stage] === gate &&
          !consequence.has(c) &&
          c.rank >= g.rank &&
          c.finding.severity !== 'info',
      )
      .sort(rootFirst);
    const same = candidates.find((c) => c.finding.code === g.finding.code);
    if (same) return same;
    if (stopped && candidates[0]) return candidates[0];
  }
  return undefined;
}

/** The results in the order they explain a gate: its specialist first, then by probe order. */
function gateOrder(results: readonly ProbeResult[], gate: Gate): number[] {
  const key = (probe: string) => (probe === SPECIALIST[gate] ? -1 : probeRank(probe));
  return results
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = results[a] as ProbeResult;
      const rb = results[b] as ProbeResult;
      return key(ra.probe) - key(rb.probe) || a - b;
    });
}

function probeRank(probe: string): number {
  const i = PROBE_ORDER.indexOf(probe);
  return i === -1 ? PROBE_ORDER.length : i;
}

/** Worst first; then the earlier step; then the probe that diagnoses it; then as reported. */
function rootFirst(a: Located, b: Located): number {
  return (
    b.rank - a.rank ||
    stageIndex(a.stage) - stageIndex(b.stage) ||
    probeRank(a.probe) - probeRank(b.probe) ||
    a.result - b.result ||
    a.index - b.index
  );
}

function stageIndex(stage: Stage | null): number {
  return stage === null ? STAGES.length : STAGES.indexOf(stage);
}

function rankOf(f: Finding): number {
  if (isInconclusive(f.code)) return RANK.error;
  return f.severity === 'fail' ? RANK.fail : f.severity === 'warn' ? RANK.warn : RANK.ok;
}

function causeOf(l: Located): Cause {
  const { code, severity, message, hint, args, variant } = l.finding;
  return {
    probe: l.probe,
    code,
    severity,
    message,
    hint,
    ...(args ? { args } : {}),
    ...(variant ? { variant } : {}),
  };
}
