/**
 * OCSP answers reused within their own validity, in-process, as stapling servers do: a `good`
 * answer from a responder holds until its nextUpdate, so a sweep over many watches of one
 * certificate (or the same watch sweep after sweep) does not ask the responder every time.
 * Keyed by issuer and serial, what an OCSP CertID names. Only `good` answers with a nextUpdate
 * are kept: without one the responder says newer information is always available (RFC 6960
 * §4.2.2.1), and other answers are asked again.
 */
import type { X509Certificate } from 'node:crypto';
import type { OcspStatus } from './ocsp.js';

/** Bounds memory: the oldest entry leaves first. */
const MAX_ENTRIES = 20_000;

interface Entry {
  status: OcspStatus;
  /** Epoch ms of nextUpdate. */
  until: number;
}

const entries = new Map<string, Entry>();

export function ocspKey(leaf: X509Certificate, issuer: X509Certificate): string {
  return `${issuer.fingerprint256}/${leaf.serialNumber.toLowerCase()}`;
}

/** The answer kept for `key` that is still valid at `now`, or null. */
export function reusedAnswer(key: string, now: Date): OcspStatus | null {
  const entry = entries.get(key);
  if (!entry) return null;
  if (entry.until <= now.getTime()) {
    entries.delete(key);
    return null;
  }
  return entry.status;
}

export function keepAnswer(key: string, status: OcspStatus, now: Date): void {
  if (status.status !== 'good' || !status.nextUpdate) return;
  const until = Date.parse(status.nextUpdate);
  if (!(until > now.getTime())) return;
  entries.delete(key);
  entries.set(key, { status, until });
  if (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
}

/** Forgets every kept answer (tests; a process that must ask afresh). */
export function clearOcspAnswers(): void {
  entries.clear();
}
