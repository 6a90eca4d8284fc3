/** Weak signatures (SHA-1, MD5) and weak keys (RSA/DSA < 2048 bits, EC < 256 bits). */
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { Inspected } from './inspect.js';
import { isWeakHash } from './signature-algorithm.js';
import type { OffPath } from './validity.js';

const MIN_BITS: Record<string, number> = { rsa: 2048, 'rsa-pss': 2048, dsa: 2048, ec: 256 };

/** `offPath`: a sent certificate the path does not use; reported as a warning, not a failure. */
export function strengthFindings(
  cert: Inspected,
  label: string,
  offPath: OffPath | null,
): Finding[] {
  const out: Finding[] = [];
  const demote = offPath ? { severity: 'warn' as const, hint: offPath.hint } : {};
  // Old clients that follow the sent order take it, but they accept SHA-1 and small keys anyway.
  const why = offPath?.unneeded ? `; ${offPath.unneeded}, so current clients skip it` : '';
  const { facts, signature } = cert;
  // A trust anchor's self-signature is never checked by clients: its hash does not matter.
  const anchorSelfSignature = facts.trustedAnchor && facts.selfSigned;
  if (isWeakHash(signature) && !anchorSelfSignature) {
    out.push(
      finding(
        'CERT_WEAK_SIGNATURE',
        `${label} is signed with ${signature.name}; ${signature.hash?.toUpperCase()} signatures can be forged and clients refuse them${why}`,
        demote,
      ),
    );
  }
  const min = MIN_BITS[facts.keyType];
  if (min !== undefined && facts.keyBits !== null && facts.keyBits < min) {
    out.push(
      finding(
        'CERT_WEAK_KEY',
        `${label} has a ${facts.keyBits}-bit ${facts.keyType.toUpperCase()} key (at least ${min} bits needed)${why}`,
        demote,
      ),
    );
  }
  return out;
}
