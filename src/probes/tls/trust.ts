import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { dnText } from '../cert/dn.js';
import { nameKey, subjectKeyOf, WILD } from './name-key.js';

/**
 * The trust store: Node's bundled roots, NODE_EXTRA_CA_CERTS (which Node adds to its own store but
 * not to tls.rootCertificates) and the probe's extra roots (--ca).
 *
 * Node's ~145 bundled roots and NODE_EXTRA_CA_CERTS (often the system's bundle, as many again) are
 * not parsed up front (that took 50–130 ms of a `wx cert`): each is read as DER only for a coarse
 * key of its subject name (name-key.ts), and parsed, or hashed, when a lookup's key matches it. The
 * probe's own roots (--ca) are parsed at once, as before (a bad one still throws there).
 */
export interface TrustStore {
  /** PEM roots, for the `ca` option of tls.connect (which replaces Node's defaults when given). */
  pem: readonly string[];
  /** Every trusted certificate, parsed (all of them: only for callers that need the whole list). */
  readonly anchors: readonly X509Certificate[];
  /**
   * Trusted certificates whose subject is `cert`'s issuer, in the store's order (by the DN text of
   * X509Certificate#subject / #issuer, "" when empty: the same compare as before, done on fewer).
   */
  issuersNamedBy(cert: X509Certificate): readonly X509Certificate[];
  isTrusted(cert: X509Certificate): boolean;
  /** These roots as a TLS context for OpenSSL-verified connections; built once, on first use. */
  secureContext(): tls.SecureContext;
}

const BEGIN = '-----BEGIN CERTIFICATE-----';
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

/** One trusted certificate: parsed on first need. */
interface Anchor {
  pem: string;
  /** Its subject's coarse key (name-key.ts); WILD: compared with every lookup. */
  key: string;
  /** SHA-256 of the DER, lower-case hex: worked out when first compared. */
  fingerprint?: string;
  der?: Buffer;
  cert?: X509Certificate;
}

function fingerprintOf(a: Anchor): string {
  if (a.fingerprint === undefined) {
    a.fingerprint = a.der ? sha256(a.der) : fingerprintHex(parsed(a));
    a.der = undefined;
  }
  return a.fingerprint;
}

function parsed(a: Anchor): X509Certificate {
  a.cert ??= new X509Certificate(a.pem);
  return a.cert;
}

/** SHA-256 in lower-case hex: X509Certificate#fingerprint256 without its colons and capitals. */
function sha256(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

const hexOf = new WeakMap<X509Certificate, string>();

/** Asked of every certificate on every path a probe builds: kept with the (shared) certificate. */
function fingerprintHex(cert: X509Certificate): string {
  let hex = hexOf.get(cert);
  if (hex === undefined) {
    hex = cert.fingerprint256.replaceAll(':', '').toLowerCase();
    hexOf.set(cert, hex);
  }
  return hex;
}

/** A bundled root, read without parsing; a PEM the DER reader cannot follow is parsed now. */
function lazyAnchor(pem: string): Anchor {
  const body = pem.slice(BEGIN.length, pem.lastIndexOf('-----END'));
  const der = Buffer.from(body, 'base64'); // base64 decoding skips the line breaks
  const key = subjectKeyOf(der);
  if (key === null) return parsedAnchor(pem);
  return { pem, key, der };
}

function parsedAnchor(pem: string): Anchor {
  const cert = new X509Certificate(pem);
  return { pem, cert, key: nameKey(cert.raw, 'subject') };
}

let base: Anchor[] | undefined;
const cache = new Map<string, TrustStore>();

export function trustStore(extraCaPem: readonly string[] = []): TrustStore {
  const key = extraCaPem.join('');
  const hit = cache.get(key);
  if (hit) return hit;
  base ??= [...tls.rootCertificates, ...envExtraPem()].map(lazyAnchor);
  const all = [...base, ...extraCaPem.flatMap(splitPem).map(parsedAnchor)];
  const byKey = new Map<string, number[]>();
  const wild: number[] = [];
  all.forEach((a, i) => {
    if (a.key === WILD) wild.push(i);
    else byKey.set(a.key, [...(byKey.get(a.key) ?? []), i]);
  });
  // The anchors a name could match, in the store's order: those of its key, and the WILD ones.
  const candidates = (k: string): number[] =>
    k === WILD ? all.map((_, i) => i) : [...(byKey.get(k) ?? []), ...wild].sort((x, y) => x - y);
  let context: tls.SecureContext | undefined;
  const store: TrustStore = {
    pem: all.map((a) => a.pem),
    get anchors() {
      return all.map(parsed);
    },
    issuersNamedBy: (cert) => {
      const name = dnText(cert, 'issuer');
      return candidates(nameKey(cert.raw, 'issuer'))
        .map((i) => parsed(all[i] as Anchor))
        .filter((c) => dnText(c, 'subject') === name);
    },
    // The same DER has the same subject: only the anchors of its key are hashed.
    isTrusted: (cert) => {
      const fingerprint = fingerprintHex(cert);
      return candidates(nameKey(cert.raw, 'subject')).some(
        (i) => fingerprintOf(all[i] as Anchor) === fingerprint,
      );
    },
    // Loading ~150 roots takes tens of milliseconds: never per connection.
    secureContext: () => {
      context ??= tls.createSecureContext({ ca: all.map((a) => a.pem) });
      return context;
    },
  };
  if (cache.size > 32) cache.clear();
  cache.set(key, store);
  return store;
}
