/**
 * Public-key fingerprints: SHA-256 of the DER SubjectPublicKeyInfo, in base64, the form of HPKP's
 * `pin-sha256` and of `openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst
 * -sha256 -binary | base64`. A re-issued certificate with the same key keeps it.
 */
import { createHash, type X509Certificate } from 'node:crypto';

const memo = new WeakMap<X509Certificate, string>();

/** '' when this OpenSSL build cannot load the key. */
export function spkiSha256(cert: X509Certificate): string {
  let known = memo.get(cert);
  if (known === undefined) {
    try {
      const der = cert.publicKey.export({ type: 'spki', format: 'der' });
      known = createHash('sha256').update(der).digest('base64');
    } catch {
      known = '';
    }
    memo.set(cert, known);
  }
  return known;
}

/**
 * A pin as people write it → base64: `pin-sha256="…"`, `sha256/…` (OkHttp), plain base64, or 64
 * hex digits with or without colons. Null when it is none of these.
 */
export function normaliseSpkiPin(text: string): string | null {
  const t = text
    .trim()
    .replace(/^pin-sha256=/i, '')
    .replace(/^sha256\//i, '')
    .replace(/^"(.*)"$/, '$1');
  const hex = t.replaceAll(':', '');
  if (/^[0-9a-f]{64}$/i.test(hex)) return Buffer.from(hex, 'hex').toString('base64');
  if (/^[A-Za-z0-9+/]{43}=$/.test(t)) return t;
  return null;
}
