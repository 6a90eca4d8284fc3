/**
 * When a watch check should also ask about TLS 1.0/1.1 (the cert probe's `checkLegacy`): support
 * for old versions changes rarely, so daily, and on the first check after the certificate changed
 * (a new certificate often comes with a new server or configuration). Pure; not wired into the
 * sweep yet: watches run with checkLegacy false today.
 */

export const LEGACY_EVERY_MS = 86_400_000;

/** The last check that ran the legacy hello: when, and the leaf it saw then. */
export interface LegacyMark {
  at: number;
  fingerprint256: string;
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
