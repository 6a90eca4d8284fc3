/** Facts about one certificate: names, validity, key, signature, self-signature, trust. */
import type { X509Certificate } from 'node:crypto';
import { ipaddr } from '../net/ipaddr.js';
import type { TrustStore } from '../tls/trust.js';
import { dnText, oneLineDn } from './dn.js';
import { isSelfSigned } from './issuance.js';
import { type SignatureAlgorithm, signatureAlgorithmOf } from './signature-algorithm.js';
import { spkiSha256 } from './spki.js';
import type { CertFacts } from './types.js';
import { wholeDaysLeft } from './wording.js';

export interface Inspected {
  cert: X509Certificate;
  facts: CertFacts;
  notBefore: Date;
  notAfter: Date;
  signature: SignatureAlgorithm;
}

/** The facts that depend on the certificate alone, computed once per certificate object. */
type Static = Omit<CertFacts, 'daysLeft' | 'trustedAnchor'> & {
  notBeforeDate: Date;
  notAfterDate: Date;
  signature: SignatureAlgorithm;
};

const statics = new WeakMap<X509Certificate, Static>();

export function inspect(cert: X509Certificate, trust: TrustStore, now: Date): Inspected {
  const {
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    signature,
    ...facts
  } = staticFacts(cert);
  return {
    cert,
    notBefore,
    notAfter,
    signature,
    facts: {
      ...facts,
      daysLeft: wholeDaysLeft(notAfter.getTime(), now.getTime()),
      trustedAnchor: trust.isTrusted(cert),
    },
  };
}

function staticFacts(cert: X509Certificate): Static {
  const known = statics.get(cert);
  if (known) return known;
  const notBeforeDate = new Date(cert.validFrom);
  const notAfterDate = new Date(cert.validTo);
  const signature = signatureAlgorithmOf(cert.raw);
  const key = keyOf(cert);
  const facts: Static = {
    subject: oneLineDn(dnText(cert, 'subject')),
    issuer: oneLineDn(dnText(cert, 'issuer')),
    sans: sansOf(cert.subjectAltName),
    notBefore: isoOrText(notBeforeDate, cert.validFrom),
    notAfter: isoOrText(notAfterDate, cert.validTo),
    serial: cert.serialNumber.toLowerCase(),
    fingerprint256: cert.fingerprint256,
    spkiSha256: spkiSha256(cert),
    keyType: key.type,
    keyBits: key.bits,
    signatureAlgorithm: signature.name,
    selfSigned: isSelfSigned(cert),
    notBeforeDate,
    notAfterDate,
    signature,
  };
  statics.set(cert, facts);
  return facts;
}

const CURVE_BITS: Record<string, number> = {
  prime192v1: 192,
  secp192k1: 192,
  secp224r1: 224,
  secp224k1: 224,
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
  SM2: 256,
};

const FIXED_BITS: Record<string, number> = { ed25519: 256, ed448: 448, sm2: 256 };

export function keyOf(cert: X509Certificate): { type: string; bits: number | null } {
  try {
    const key = cert.publicKey;
    const type = key.asymmetricKeyType ?? 'unknown';
    const details = key.asymmetricKeyDetails ?? {};
    const bits =
      details.modulusLength ??
      (details.namedCurve ? (CURVE_BITS[details.namedCurve] ?? null) : null) ??
      FIXED_BITS[type] ??
      null;
    return { type, bits };
  } catch {
    return { type: 'unknown', bits: null }; // a key type this OpenSSL build cannot load
  }
}

/**
 * DNS names and IP addresses from Node's subjectAltName text ('DNS:a, IP Address:1.2.3.4'). The
 * text is read entry by entry: a URI or DirName that contains "DNS:" is not a name. Node quotes a
 * value that contains a comma or other special characters, JSON style.
 */
export function sansOf(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  const entry = /([A-Za-z][A-Za-z ]*):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/y;
  for (let m = entry.exec(text); m; m = entry.exec(text)) {
    const raw = m[2] ?? '';
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (m[1] === 'DNS') out.push(value);
    else if (m[1] === 'IP Address')
      out.push(ipaddr.isValid(value) ? ipaddr.parse(value).toString() : value); // ::1, not 0:0:…:1
    if (entry.lastIndex >= text.length) break;
  }
  return out;
}

function isoOrText(date: Date, text: string): string {
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
