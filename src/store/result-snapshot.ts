/**
 * A watch's latest result, reduced to what /metrics exports in blackbox_exporter's names: success,
 * duration and, per probe kind, its own numbers (cert: earliest expiry; http: status and phase
 * timings; dns: lookup time). Plain JSON, a few hundred bytes: one field of a Redis hash.
 */
import type { AnyProbeResult, CertResult } from '../probes/index.js';

/** blackbox_exporter's phases of probe_http_duration_seconds. */
export const HTTP_PHASES = ['resolve', 'connect', 'tls', 'processing', 'transfer'] as const;
export type HttpPhase = (typeof HTTP_PHASES)[number];

export interface ResultSnapshot {
  /** The watch it belongs to: its series go when the watch goes. */
  id: string;
  /** The probe kind (`cert`, `http`, `dns`, `wechat`): the `kind` label. */
  kind: string;
  /** What was probed, as the result names it (`host:port`, a URL, `name A`): the `target` label. */
  target: string;
  /** Where the check ran (WX_REGION): the `region` label. */
  region: string;
  /** ok or warn: the probe succeeded (a certificate expiring in 20 days is a warning, not down). */
  success: boolean;
  /** Epoch ms the check ended. */
  checkedAt: number;
  durationSeconds: number;
  /** cert: unix seconds of the earliest notAfter over the chain the server sent. */
  certExpiry?: number;
  /** http: status of the final response, 0 when none arrived (as blackbox reports it). */
  httpStatus?: number;
  /** http: seconds per phase, summed over redirects. */
  httpPhases?: Record<HttpPhase, number>;
  /** http: the resolve phase; dns: the slowest of the resolvers compared. */
  dnsLookupSeconds?: number;
}

/** Label values are bounded: a URL longer than this is cut (with an ellipsis). */
export const MAX_TARGET_LENGTH = 256;

/** The snapshot of one result; the same result always gives the same snapshot. */
/**
 * Warnings that are what a watch was set up to catch: resolvers that disagree (a dns watch exists
 * to compare them), an answer or status outside what the watch expects, a latency over its
 * threshold. They fail the probe as blackbox_exporter's validations do (`valid_status_codes`,
 * `fail_if_body_not_matches_regexp`, `validate_answer_rrs`); other warnings (a certificate
 * expiring in 20 days, legacy TLS) leave it successful.
 */
const WATCHED_FOR = new Set([
  'DNS_INCONSISTENT',
  'DNS_UNEXPECTED_ANSWER',
  'HTTP_STATUS_UNEXPECTED',
  'HTTP_BODY_MISMATCH',
  'HTTP_SLOW',
]);

function succeeded(result: AnyProbeResult): boolean {
  if (result.status === 'ok') return true;
  if (result.status !== 'warn') return false;
  return !result.findings.some((f) => f.severity !== 'info' && WATCHED_FOR.has(f.code));
}

export function snapshotOf(
  id: string,
  result: AnyProbeResult,
  region: string,
  checkedAt: number,
): ResultSnapshot {
  const base: ResultSnapshot = {
    id,
    kind: result.probe,
    target: bounded(result.target),
    region,
    success: succeeded(result),
    checkedAt,
    durationSeconds: result.durationMs / 1000,
  };
  switch (result.probe) {
    case 'cert': {
      const expiry = earliestExpiry(result);
      return expiry === null ? base : { ...base, certExpiry: expiry };
    }
    case 'http': {
      const t = result.detail.timings;
      if (!t) return { ...base, httpStatus: result.detail.status ?? 0 };
      return {
        ...base,
        httpStatus: result.detail.status ?? 0,
        httpPhases: {
          resolve: t.resolveMs / 1000,
          connect: t.connectMs / 1000,
          tls: t.tlsMs / 1000,
          processing: t.processingMs / 1000,
          transfer: t.transferMs / 1000,
        },
        dnsLookupSeconds: t.resolveMs / 1000,
      };
    }
    case 'dns': {
      const times = (result.detail.resolvers ?? []).map((r) => r.timeMs);
      return times.length === 0 ? base : { ...base, dnsLookupSeconds: Math.max(...times) / 1000 };
    }
    default:
      return base;
  }
}

/** Unix seconds of the earliest notAfter in the chain as sent; null when none was received. */
export function earliestExpiry(result: CertResult): number | null {
  let min: number | null = null;
  for (const el of result.detail.chain ?? []) {
    const ms = Date.parse(el.notAfter);
    if (Number.isFinite(ms) && (min === null || ms < min)) min = ms;
  }
  return min === null ? null : Math.floor(min / 1000);
}

function bounded(text: string): string {
  return text.length <= MAX_TARGET_LENGTH ? text : `${text.slice(0, MAX_TARGET_LENGTH - 1)}…`;
}
