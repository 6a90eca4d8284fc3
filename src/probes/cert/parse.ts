/**
 * DER → X509Certificate, remembered. Parsing is the costliest step of the analysis (OpenSSL 3
 * decodes every public key through its provider machinery), and the same certificates come back
 * all the time: every probe of a target sees its leaf again, thousands of sites share a handful
 * of intermediates. The objects are immutable, so sharing them is safe, and the memos keyed on
 * them (self-signature, issuance, static facts) carry over too.
 */
import { X509Certificate } from 'node:crypto';

const MAX_ENTRIES = 1024;
const cache = new Map<string, X509Certificate>();

export function certificateFromDer(der: Buffer): X509Certificate {
  return remembered(der, () => new X509Certificate(der));
}

/** The remembered object for the same DER, else this one (remembered from now on). */
export function sharedCertificate(cert: X509Certificate): X509Certificate {
  return remembered(cert.raw, () => cert);
}

function remembered(der: Buffer, make: () => X509Certificate): X509Certificate {
  const key = der.toString('latin1');
  const hit = cache.get(key);
  if (hit) {
    // Map order is insertion order: re-inserting keeps recently used entries last.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const cert = make();
  cache.set(key, cert);
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return cert;
}
