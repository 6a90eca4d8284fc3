/** The cert probe's public shapes: what it is asked (CertSpec) and what it reports (CertDetail). */
import type { ResolverChoice } from '../dns/types.js';

export interface CertSpec {
  host: string;
  port: number;
  /** SNI and the name the certificate must cover; default: host (no SNI for an IP literal). */
  servername?: string;
  /** Connect to this address instead of resolving host (curl's --resolve). */
  connectTo?: string;
  /** Resolve host through these resolvers, in order, instead of the system's (`check --resolver`). */
  resolvers?: ResolverChoice[];
  /** Warn when the leaf or another element of the chain expires within this many days. */
  warnDays: number;
  /** Check OCSP (stapled response, else the AIA responder); default true. */
  checkRevocation?: boolean;
  /** Probe whether TLS 1.0/1.1 are still accepted; default true. */
  checkLegacy?: boolean;
  /**
   * Read the certificate list exactly as the server sent it, for CHAIN_ORDER and CHAIN_HAS_ROOT;
   * default true. False reads only the issuance path from the leaf, which Node does without
   * leaking memory (handshake.ts, readPath): for processes that check thousands of hosts.
   */
  checkOrder?: boolean;
  /** Look up the name's CAA records and compare them with the issuing CA; default true. */
  checkCaa?: boolean;
  /** The resolver the CAA lookup asks (explicit ones go through the address guard); default 'system'. */
  resolver?: ResolverChoice;
  /** A certificate outside these is CERT_PIN_MISMATCH (see pins.ts for what matches). */
  pin?: CertPin;
}

export interface CertPin {
  /** CA names (CN or O), case-insensitive: matches the issuer of any certificate on the path. */
  issuers?: string[];
  /** SPKI SHA-256 fingerprints, base64 (spki.ts normalises other spellings): any key on the path. */
  spki?: string[];
}

export type ChainRole = 'leaf' | 'intermediate' | 'root' | 'unrelated';

/** Facts about one certificate, as plain JSON. */
export interface CertFacts {
  /** One-line DN in certificate order ("CN=R3, O=Let's Encrypt, C=US"). */
  subject: string;
  issuer: string;
  /** DNS names and IP addresses of the subjectAltName extension. */
  sans: string[];
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter from the probe's clock, toward zero (as findings word it); negative once expired. */
  daysLeft: number;
  serial: string;
  fingerprint256: string;
  /** SHA-256 of the SubjectPublicKeyInfo, base64 (HPKP's pin-sha256); '' when the key cannot be read. */
  spkiSha256: string;
  /** 'rsa', 'rsa-pss', 'ec', 'ed25519', 'dsa' … or 'unknown'. */
  keyType: string;
  /** RSA/DSA modulus or EC curve size; null when unknown. */
  keyBits: number | null;
  /** sha256WithRSAEncryption, ecdsa-with-SHA256 … or the dotted OID when unknown. */
  signatureAlgorithm: string;
  selfSigned: boolean;
  trustedAnchor: boolean;
}

export interface ChainElement extends CertFacts {
  /** Position in the chain the server sent (0 = leaf). */
  index: number;
  role: ChainRole;
  /**
   * A step of the verification path. False for a sent certificate the path does not need: an
   * unrelated one, a duplicate, or a cross-signed or stale twin sent for old clients.
   */
  onPath: boolean;
}

/** One certificate of the verification path, leaf first. */
export interface PathStep {
  /** Position in `chain`, or null for a certificate taken from the trust store. */
  index: number | null;
  source: 'sent' | 'trust-store';
  subject: string;
  issuer: string;
  /** The subject's organisation (O), or null. */
  organisation: string | null;
  fingerprint256: string;
  spkiSha256: string;
  notAfter: string;
  daysLeft: number;
}

export interface PathDetail {
  steps: PathStep[];
  /**
   * trusted: reaches a trust anchor; self-signed: the leaf signs itself; untrusted-root: ends at a
   * self-signed root outside the trust store; incomplete: an issuer is neither sent nor trusted.
   */
  outcome: 'trusted' | 'self-signed' | 'untrusted-root' | 'incomplete';
  /** Subject of the last certificate: the trust anchor, or the untrusted root. */
  anchor: string | null;
  /** incomplete: the DN of the issuer that is missing. */
  missingIssuer: string | null;
}

export interface RevocationDetail {
  /** skipped: not asked for (checkRevocation false) or no certificate to check. */
  status: 'good' | 'revoked' | 'unknown' | 'unchecked' | 'skipped';
  source: 'staple' | 'responder' | null;
  revokedAt: string | null;
  /** The revocation reason (revoked), or why nothing could be checked (unchecked, skipped). */
  reason: string | null;
  responder: string | null;
}

export interface KeyExchangeDetail {
  /** ECDHE, DHE, RSA-EXPORT. */
  kind: string;
  /** DH prime, curve or temporary RSA key size in bits; null when unknown. */
  bits: number | null;
  /** The ECDHE group (X25519, prime256v1, secp224r1, "explicit"); null for the others. */
  group: string | null;
  /**
   * handshake: what the real handshake negotiated. weak-offer: that handshake failed, and a raw
   * ClientHello offering DHE, export, NULL and small-curve suites got this.
   */
  source: 'handshake' | 'weak-offer';
}

export type LegacyVersion = 'TLSv1' | 'TLSv1.1';

export interface LegacyDetail {
  /** accepted: the server completes a ClientHello capped at TLS 1.1; unknown: no clear answer. */
  status: 'accepted' | 'refused' | 'unknown' | 'skipped';
  accepted: LegacyVersion[];
  /** What the server answered ("TLSv1.1 with TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "alert protocol_version"). */
  note: string;
}

export interface CertDetail {
  host: string;
  port: number;
  /** The address connected to; null when the connection was never made. */
  address: string | null;
  /** SNI sent; null for an IP literal. */
  servername: string | null;
  /** The name or IP address the leaf was checked against. */
  checkedName: string;
  /** Negotiated by the real handshake (Node/OpenSSL, TLS 1.2+), null if it failed. */
  protocol: string | null;
  cipher: string | null;
  /** The ephemeral key exchange; null when unknown or none (static RSA). */
  keyExchange: KeyExchangeDetail | null;
  ocspStapled: boolean;
  revocation: RevocationDetail;
  legacy: LegacyDetail;
  /**
   * as-sent: the certificates in the order the server sent them (the real handshake's peer chain,
   * or the legacy hello's flight when that handshake failed). rebuilt: the handshake's list could
   * not be followed to its end (a loop, or too long), or only its issuance path was read
   * (CertSpec.checkOrder false), so order and extra certificates are not checked. null: no
   * certificates.
   */
  chainSource: 'as-sent' | 'rebuilt' | null;
  /** Where the chain came from and why, in words. */
  chainNote: string;
  chain: ChainElement[];
  path: PathDetail | null;
  /** CAA records of the checked name (RFC 8659) against the issuing CA. */
  caa: CaaDetail;
  timings: { dnsMs: number | null; connectMs: number | null; tlsMs: number | null };
}

export interface CaaDetail {
  /**
   * found: a CAA record set applies; none: no name up to the top-level domain has one; skipped:
   * not asked for, an IP address or a special-use name; unchecked: the lookup failed.
   */
  status: 'found' | 'none' | 'skipped' | 'unchecked';
  /** The name whose records apply (the closest one at or above the checked name). */
  name: string | null;
  /** The records as in a zone file (`0 issue "letsencrypt.org"`). */
  records: string[];
  /** CA domains the relevant issue/issuewild records allow; null when they do not restrict issuance. */
  allowed: string[] | null;
  /** The issuing CA's CAA domains, or null when the CA is unknown to our table. */
  caDomains: string[] | null;
  /** Why skipped or unchecked. */
  reason: string | null;
}
