/** Whether one certificate issued another: names, key identifiers and key usage, then the signature. */
import type { X509Certificate } from 'node:crypto';
import { dnText } from './dn.js';

// Certificates are shared objects (parse.ts, the trust store): each answer is computed once.
const selfSignedMemo = new WeakMap<X509Certificate, boolean>();
const issuedMemo = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

export function issuedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  // The string compare is a cheap filter before checkIssued (names, AKID/SKID, keyCertSign).
  if (dnText(subject, 'issuer') !== dnText(issuer, 'subject')) return false;
  let memo = issuedMemo.get(subject);
  let known = memo?.get(issuer);
  if (known === undefined) {
    known = subject.checkIssued(issuer) && verifies(subject, issuer);
    if (!memo) {
      memo = new WeakMap();
      issuedMemo.set(subject, memo);
    }
    memo.set(issuer, known);
  }
  return known;
}

function verifies(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false; // a key type OpenSSL cannot use for verification
  }
}

/**
 * Signed by its own key. Unlike issuedBy, key usage is not asked for: a self-signed server
 * certificate rarely allows keyCertSign, and is self-signed all the same.
 */
export function isSelfSigned(cert: X509Certificate): boolean {
  let known = selfSignedMemo.get(cert);
  if (known === undefined) {
    known = dnText(cert, 'subject') === dnText(cert, 'issuer') && verifies(cert, cert);
    selfSignedMemo.set(cert, known);
  }
  return known;
}

/** Same subject and key: a cross-signed or re-issued twin of the same CA. */
export function sameCa(a: X509Certificate, b: X509Certificate): boolean {
  if (dnText(a, 'subject') !== dnText(b, 'subject')) return false;
  try {
    return a.publicKey.equals(b.publicKey);
  } catch {
    return false;
  }
}
