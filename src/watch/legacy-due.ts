/**
 * When a watch check should also ask about TLS 1.0/1.1 (the cert probe's `checkLegacy`): support
 * for old versions changes rarely, so daily, and on the first check after the certificate changed
 * (a new certificate often comes with a new server or configuration). Between those checks the
 * last answer stands: it is put back into each result (rememberLegacy), so TLS_LEGACY_PROTOCOL
 * neither closes its incident nor drops from the status on the checks that did not ask. Pure.
 */
import { legacyFindings } from '../probes/cert/legacy.js';
import type { LegacyDetail } from '../probes/cert/types.js';
import type { CertResult } from '../probes/index.js';
import { statusOf } from '../probes/verdict.js';
import { short } from './observe.js';

export const LEGACY_EVERY_MS = 86_400_000;

/** The last check that ran the legacy hello: when, and the leaf it saw then. */
export interface LegacyMark {
  at: number;
  fingerprint256: string;
}

/** What a certificate watch keeps between checks about TLS 1.0/1.1 (WatchState.legacy). */
export interface LegacyMemory {
  /** The last check that asked (with an answer or not). */
  mark?: LegacyMark;
  /** The last clear answer (accepted or refused). */
  detail?: LegacyDetail;
  /** The leaf of the latest check that got one (first 16 hex). */
  leaf?: string;
}

/**
 * @param last the last check that ran the legacy hello, or null for none yet.
 * @param leafNow the leaf fingerprint of the latest check, or null when unknown.
 */
export function legacyDue(last: LegacyMark | null, leafNow: string | null, now: number): boolean {
  if (!last) return true;
  if (now - last.at >= LEGACY_EVERY_MS) return true;
  return leafNow !== null && leafNow !== last.fingerprint256;
}

/** Whether this check asks: legacyDue over what the watch remembers. */
export function legacyWanted(memory: LegacyMemory | undefined, now: number): boolean {
  return legacyDue(memory?.mark ?? null, memory?.leaf ?? null, now);
}

/**
 * What the check's result teaches (a new mark and answer when it asked and got through, the leaf
 * it saw), and the result with the last clear answer in it when this one has none of its own. A
 * result without a certificate (unreachable, crashed) is left as it is.
 */
export function rememberLegacy(
  memory: LegacyMemory | undefined,
  result: CertResult,
  now: number,
): { memory: LegacyMemory; result: CertResult } {
  const leafElement = result.detail.chain.find((e) => e.role === 'leaf');
  if (!leafElement) return { memory: memory ?? {}, result };
  const leaf = short(leafElement.fingerprint256);
  const asked = result.detail.legacy.status !== 'skipped';
  const answered =
    result.detail.legacy.status === 'accepted' || result.detail.legacy.status === 'refused';
  const next: LegacyMemory = {
    ...memory,
    leaf,
    ...(asked ? { mark: { at: now, fingerprint256: leaf } } : {}),
    ...(answered ? { detail: result.detail.legacy } : {}),
  };
  if (answered || !next.detail) return { memory: next, result };
  const kept = next.detail;
  const findings = [
    ...result.findings.filter((f) => f.code !== 'TLS_LEGACY_PROTOCOL'),
    ...legacyFindings(kept),
  ];
  return {
    memory: next,
    result: {
      ...result,
      status: statusOf(findings),
      findings,
      detail: { ...result.detail, legacy: kept },
    },
  };
}
