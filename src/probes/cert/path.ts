/**
 * Path building, from the leaf to a trust anchor. At each step a trusted issuer is preferred over
 * a sent one (OpenSSL's "trusted first"), so a cross-signed intermediate sent for old clients does
 * not hide a shorter trusted path.
 */
import type { X509Certificate } from 'node:crypto';
import type { TrustStore } from '../tls/trust.js';
import { dnText } from './dn.js';
import { isSelfSigned, issuedBy } from './issuance.js';

export interface Step {
  cert: X509Certificate;
  /** Position among the sent certificates, or null when taken from the trust store. */
  index: number | null;
}

export type PathEnd =
  | { kind: 'trusted' }
  | { kind: 'self-signed' }
  | { kind: 'untrusted-root' }
  | {
      kind: 'incomplete';
      /** The DN (Node's text, "" when empty) of the issuer that is neither sent nor trusted. */
      missingIssuer: string;
      /** Certificates with that subject whose key did not sign the last step. */
      nameMatches: Step[];
    };

export interface BuiltPath {
  steps: Step[];
  end: PathEnd;
}

export function buildPath(sent: readonly X509Certificate[], trust: TrustStore): BuiltPath {
  const leaf = sent[0];
  if (!leaf) throw new Error('buildPath needs at least the leaf');
  const steps: Step[] = [{ cert: leaf, index: 0 }];
  const used = new Set<number>([0]);
  let current = leaf;
  for (;;) {
    if (trust.isTrusted(current)) return { steps, end: { kind: 'trusted' } };
    const anchor = trust.bySubject(dnText(current, 'issuer')).find((a) => issuedBy(current, a));
    if (anchor) {
      steps.push({ cert: anchor, index: indexOf(sent, anchor) });
      return { steps, end: { kind: 'trusted' } };
    }
    if (isSelfSigned(current)) {
      return { steps, end: { kind: steps.length === 1 ? 'self-signed' : 'untrusted-root' } };
    }
    const next = sent.findIndex((c, i) => !used.has(i) && issuedBy(current, c));
    const issuer = sent[next];
    if (!issuer) return { steps, end: incomplete(current, sent, used, trust) };
    used.add(next);
    steps.push({ cert: issuer, index: next });
    current = issuer;
  }
}

function incomplete(
  last: X509Certificate,
  sent: readonly X509Certificate[],
  used: ReadonlySet<number>,
  trust: TrustStore,
): PathEnd {
  const missing = dnText(last, 'issuer');
  const nameMatches: Step[] = [
    ...sent.flatMap((c, i) =>
      !used.has(i) && dnText(c, 'subject') === missing ? [{ cert: c, index: i }] : [],
    ),
    ...trust.bySubject(missing).map((c) => ({ cert: c, index: null })),
  ];
  return { kind: 'incomplete', missingIssuer: missing, nameMatches };
}

function indexOf(sent: readonly X509Certificate[], cert: X509Certificate): number | null {
  const i = sent.findIndex((c) => c.fingerprint256 === cert.fingerprint256);
  return i < 0 ? null : i;
}
