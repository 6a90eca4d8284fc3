/**
 * One cert probe result → what a watch cares about: the expiry level of every leaf and CA
 * certificate the server sent that the verification path uses, and the breakage findings.
 * Inconclusive results (the probe failed, the guard refused) change nothing.
 */
import { createHash } from 'node:crypto';
import type { IncidentProblem } from '../model/index.js';
import { DAY_MS, wholeDaysLeft } from '../probes/cert/wording.js';
import type { FindingCode } from '../probes/findings.js';
import type { CertResult, Finding } from '../probes/index.js';
import { EXPIRED } from './types.js';

/** Findings that open an incident of their own, keyed by the code. */
export const BREAKAGE_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'CHAIN_INCOMPLETE',
  'CERT_HOSTNAME_MISMATCH',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SELF_SIGNED',
  'CERT_NOT_YET_VALID',
  'TLS_WEAK_KEY_EXCHANGE',
  'CERT_MUST_STAPLE_MISSING',
  'CERT_PIN_MISMATCH',
  // Asked daily and after a certificate change; the answer stands in between (legacy-due.ts).
  'TLS_LEGACY_PROTOCOL',
]);

/** The server could not be reached: counted, and an incident after a few checks in a row. */
export const UNREACHABLE_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'DNS_FAILED',
  'CONNECT_REFUSED',
  'CONNECT_TIMEOUT',
  'TLS_HANDSHAKE_FAILED',
  'TLS_TIMEOUT',
]);

const INCONCLUSIVE: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'PROBE_ERROR',
  'ADDRESS_BLOCKED',
]);

/** The problem key of unreachability. */
export const UNREACHABLE = 'UNREACHABLE';

export type ExpiryView = Extract<IncidentProblem, { kind: 'expiry' }>;
export type BreakageView = Extract<IncidentProblem, { kind: 'breakage' }>;

export type Observation =
  | { kind: 'inconclusive'; reason: string }
  | { kind: 'unreachable'; view: BreakageView }
  | {
      kind: 'reachable';
      /** Problem key (`exp:leaf`, `exp:ca:<hash>`) → the element's expiry. */
      expiry: Map<string, ExpiryView>;
      /** Code → the finding, for the breakage codes present. */
      breakage: Map<string, BreakageView>;
      /** The leaf's fingerprint (first 16 hex), '' without a leaf. */
      leaf: string;
      earliestNotAfter: string | null;
    };

/** The threshold an expiry has reached (lowest threshold at or above the days left), EXPIRED, or null. */
export function levelOf(notAfter: number, now: number, days: readonly number[]): number | null {
  if (notAfter <= now) return EXPIRED;
  const left = (notAfter - now) / DAY_MS;
  let level: number | null = null;
  for (const d of days) if (left <= d && (level === null || d < level)) level = d;
  return level;
}

/** The first 8 bytes of a fingerprint, in lower-case hex (16 digits, or 23 characters with colons). */
export function short(fingerprint: string): string {
  return fingerprint
    .slice(0, fingerprint.includes(':') ? 23 : 16)
    .replaceAll(':', '')
    .toLowerCase();
}

/** What a renderer needs to say a finding in any language (types.ts `args`). */
/** The finding's code and args: its message and hint are the view's already. */
function wordsOf(f: Finding): NonNullable<BreakageView['finding']> {
  const { code, args, variant } = f;
  return { code, ...(args ? { args } : {}), ...(variant ? { variant } : {}) };
}

export function observe(result: CertResult, days: readonly number[], now: number): Observation {
  const inconclusive = result.findings.find((f) => INCONCLUSIVE.has(f.code));
  if (inconclusive) return { kind: 'inconclusive', reason: inconclusive.code };
  const chain = result.detail.chain ?? [];
  if (chain.length === 0) {
    const f = result.findings.find((x) => UNREACHABLE_CODES.has(x.code)) ?? result.findings[0];
    return {
      kind: 'unreachable',
      view: {
        kind: 'breakage',
        code: UNREACHABLE,
        message: f ? `${f.code}: ${f.message}` : 'no certificate received',
        hint: f?.hint ?? 'Check that the server is up and serves TLS on this port.',
        ...(f ? { finding: wordsOf(f) } : {}),
      },
    };
  }
  const expiry = new Map<string, ExpiryView>();
  let earliest: string | null = null;
  for (const el of chain) {
    if (el.role !== 'leaf' && el.role !== 'intermediate') continue;
    // A cross-signed or stale copy the path does not need: its expiry breaks no current client
    // (the probe's INTERMEDIATE_EXPIRED warning says so), and must not page as the chain's.
    if (el.onPath === false) continue;
    const notAfter = Date.parse(el.notAfter);
    if (earliest === null || notAfter < Date.parse(earliest)) earliest = el.notAfter;
    const key = el.role === 'leaf' ? 'exp:leaf' : `exp:ca:${subjectHash(el.subject)}`;
    if (expiry.has(key)) continue;
    expiry.set(key, {
      kind: 'expiry',
      role: el.role,
      subject: el.subject,
      fingerprint256: el.fingerprint256,
      notAfter: el.notAfter,
      daysLeft: wholeDaysLeft(notAfter, now),
      level: levelOf(notAfter, now, days),
    });
  }
  const breakage = new Map<string, BreakageView>();
  for (const f of result.findings) {
    if (!BREAKAGE_CODES.has(f.code) || breakage.has(f.code)) continue;
    breakage.set(f.code, {
      kind: 'breakage',
      code: f.code,
      message: f.message,
      hint: f.hint,
      finding: wordsOf(f),
    });
  }
  const leaf = chain.find((el) => el.role === 'leaf') ?? chain[0];
  return {
    kind: 'reachable',
    expiry,
    breakage,
    leaf: leaf ? short(leaf.fingerprint256) : '',
    earliestNotAfter: earliest,
  };
}

function subjectHash(subject: string): string {
  return createHash('sha256').update(subject).digest('hex').slice(0, 8);
}
