import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

/**
 * The trust store: Node's bundled roots, NODE_EXTRA_CA_CERTS (which Node adds to its own store but
 * not to tls.rootCertificates) and the probe's extra roots (--ca).
 */
export interface TrustStore {
  /** PEM roots, for the `ca` option of tls.connect (which replaces Node's defaults when given). */
  pem: readonly string[];
  anchors: readonly X509Certificate[];
  /** Trusted certificates whose subject is `name` (X509Certificate#subject text, "" when empty). */
  bySubject(name: string): readonly X509Certificate[];
  isTrusted(cert: X509Certificate): boolean;
  /** These roots as a TLS context for OpenSSL-verified connections; built once, on first use. */
  secureContext(): tls.SecureContext;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function splitPem(text: string): string[] {
  return text.match(PEM_BLOCK) ?? [];
}

function envExtraPem(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return splitPem(readFileSync(file, 'utf8'));
  } catch {
    return []; // Node itself only warns about an unreadable file; so do we.
  }
}

let base: { pem: string[]; anchors: X509Certificate[] } | undefined;
const cache = new Map<string, TrustStore>();

export function trustStore(extraCaPem: readonly string[] = []): TrustStore {
  const key = extraCaPem.join('');
  const hit = cache.get(key);
  if (hit) return hit;
  if (!base) {
    const pem = [...tls.rootCertificates, ...envExtraPem()];
    base = { pem, anchors: pem.map((p) => new X509Certificate(p)) };
  }
  const extra = extraCaPem.flatMap(splitPem);
  const pem = [...base.pem, ...extra];
  const anchors = [...base.anchors, ...extra.map((p) => new X509Certificate(p))];
  const subjects = new Map<string, X509Certificate[]>();
  for (const a of anchors) {
    const name = (a.subject as string | undefined) ?? ''; // undefined: an empty DN
    subjects.set(name, [...(subjects.get(name) ?? []), a]);
  }
  const fingerprints = new Set(anchors.map((a) => a.fingerprint256));
  let context: tls.SecureContext | undefined;
  const store: TrustStore = {
    pem,
    anchors,
    bySubject: (name) => subjects.get(name) ?? [],
    isTrusted: (cert) => fingerprints.has(cert.fingerprint256),
    // Loading ~150 roots takes tens of milliseconds: never per connection.
    secureContext: () => {
      context ??= tls.createSecureContext({ ca: pem });
      return context;
    },
  };
  if (cache.size > 32) cache.clear();
  cache.set(key, store);
  return store;
}
