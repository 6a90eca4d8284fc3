/**
 * Path building, from the leaf to a trust anchor, the way current clients do it (RFC 4158 in
 * spirit): a trusted issuer is preferred over a sent one (OpenSSL's "trusted first"), a
 * certificate valid now over an expired one with the same name and key (OpenSSL 1.1.0+), and
 * when a choice leads nowhere the next one is tried. So a cross-signed or stale certificate sent
 * for old clients does not hide a valid path, and each sent certificate can be judged by whether
 * that path needs it.
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

/** Candidate paths looked at, at most: a hostile chain of look-alike CAs cannot make this slow. */
const MAX_VISITS = 64;

export function buildPath(
  sent: readonly X509Certificate[],
  trust: TrustStore,
  now: Date,
): BuiltPath {
  const leaf = sent[0];
  if (!leaf) throw new Error('buildPath needs at least the leaf');
  const validNow = (c: X509Certificate) => isValidAt(c, now);
  let visits = 0;
  // The first trusted path met (some CA expired), and the first path of any other ending.
  const first: { trusted: BuiltPath | null; other: BuiltPath | null } = {
    trusted: null,
    other: null,
  };

  /** Depth first; returns a trusted path whose CA certificates are all valid now, if one exists. */
  const search = (steps: Step[], used: ReadonlySet<number>): BuiltPath | null => {
    visits++;
    const current = (steps[steps.length - 1] as Step).cert;
    const done = (end: PathEnd, path = steps): BuiltPath | null => {
      const built = { steps: path, end };
      if (end.kind !== 'trusted') {
        first.other ??= built;
        return null;
      }
      if (path.slice(1).every((s) => validNow(s.cert))) return built;
      first.trusted ??= built;
      return null;
    };
    if (trust.isTrusted(current)) return done({ kind: 'trusted' });
    const anchors = preferValid(
      trust.issuersNamedBy(current).filter((a) => issuedBy(current, a)),
      validNow,
    );
    const anchor = anchors[0];
    if (anchor) {
      const path = [...steps, { cert: anchor, index: indexOf(sent, anchor) }];
      return done({ kind: 'trusted' }, path);
    }
    if (isSelfSigned(current)) {
      return done({ kind: steps.length === 1 ? 'self-signed' : 'untrusted-root' });
    }
    const issuers = preferValid(
      sent.flatMap((c, i) => (!used.has(i) && issuedBy(current, c) ? [i] : [])),
      (i) => validNow(sent[i] as X509Certificate),
    );
    if (issuers.length === 0) return done(incomplete(current, sent, used, trust));
    for (const i of issuers) {
      if (visits >= MAX_VISITS) break;
      const found = search(
        [...steps, { cert: sent[i] as X509Certificate, index: i }],
        new Set([...used, i]),
      );
      if (found) return found;
    }
    return null;
  };

  const best = search([{ cert: leaf, index: 0 }], new Set([0]));
  return (
    best ??
    first.trusted ??
    first.other ?? {
      steps: [{ cert: leaf, index: 0 }],
      end: incomplete(leaf, sent, new Set([0]), trust),
    }
  );
}

/**
 * The sent certificates an old client walks through when it follows the chain as sent (OpenSSL
 * before 1.1.0 without trusted-first, GnuTLS before 3.6.14): from the leaf, the first sent issuer
 * of each certificate, expired or not, until none is sent. Their indexes, leaf first.
 */
export function sentOrderPath(sent: readonly X509Certificate[]): number[] {
  const path = [0];
  let current = sent[0];
  while (current && !isSelfSigned(current)) {
    const from = current;
    const next = sent.findIndex((c, i) => !path.includes(i) && issuedBy(from, c));
    if (next < 0) break;
    path.push(next);
    current = sent[next];
  }
  return path;
}

export function isValidAt(cert: X509Certificate, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(cert.validFrom) <= t && t <= Date.parse(cert.validTo);
}

/** Valid ones first, otherwise in the given order. */
function preferValid<T>(items: readonly T[], valid: (item: T) => boolean): T[] {
  return [...items.filter(valid), ...items.filter((x) => !valid(x))];
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
    ...trust.issuersNamedBy(last).map((c) => ({ cert: c, index: null })),
  ];
  return { kind: 'incomplete', missingIssuer: missing, nameMatches };
}

function indexOf(sent: readonly X509Certificate[], cert: X509Certificate): number | null {
  const i = sent.findIndex((c) => c.fingerprint256 === cert.fingerprint256);
  return i < 0 ? null : i;
}
