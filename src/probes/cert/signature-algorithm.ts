/**
 * The signature algorithm of a certificate. Node 20's X509Certificate does not expose it, so it is
 * read from the DER: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }.
 */
import { childrenOf, oidOf, readTlv, type Tlv } from './der.js';

export interface SignatureAlgorithm {
  /** OpenSSL-style name, or the dotted OID when unknown. */
  name: string;
  /** The digest, lower case ('sha256', 'sha1', 'md5', 'sm3' …); null when unknown or built in (EdDSA). */
  hash: string | null;
}

const WEAK_HASHES = new Set(['md2', 'md4', 'md5', 'sha1']);

const BY_OID: Record<string, SignatureAlgorithm> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSA', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa-with-SHA224', hash: 'sha224' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', hash: 'sha256' },
  '1.3.101.112': { name: 'ED25519', hash: null },
  '1.3.101.113': { name: 'ED448', hash: null },
  // GM/T 0015: Chinese SM2 certificates, common on services facing WeChat.
  '1.2.156.10197.1.501': { name: 'SM2-with-SM3', hash: 'sm3' },
};

const RSASSA_PSS = '1.2.840.113549.1.1.10';

const HASH_BY_OID: Record<string, string> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export function isWeakHash(alg: SignatureAlgorithm): boolean {
  return alg.hash !== null && WEAK_HASHES.has(alg.hash);
}

/** Reads certificate.signatureAlgorithm from DER; { name: 'unknown' } if the DER is unreadable. */
export function signatureAlgorithmOf(der: Buffer): SignatureAlgorithm {
  try {
    const cert = sequence(readTlv(der, 0));
    const algorithm = childrenOf(der, sequence(at(childrenOf(der, cert), 1)));
    const oid = oidOf(der, at(algorithm, 0));
    if (oid === RSASSA_PSS) return pss(der, algorithm[1] ?? null);
    return BY_OID[oid] ?? { name: oid, hash: null };
  } catch {
    return { name: 'unknown', hash: null };
  }
}

/** RSASSA-PSS-params: hashAlgorithm [0] defaults to SHA-1 (RFC 4055). */
function pss(der: Buffer, params: Tlv | null): SignatureAlgorithm {
  let hash = 'sha1';
  // [0] EXPLICIT, constructed, context-specific: 0xa0.
  const tagged =
    params?.tag === 0x30 ? childrenOf(der, params).find((p) => p.tag === 0xa0) : undefined;
  if (tagged) {
    const hashAlgorithm = sequence(at(childrenOf(der, tagged), 0));
    const oid = oidOf(der, at(childrenOf(der, hashAlgorithm), 0));
    hash = HASH_BY_OID[oid] ?? oid;
  }
  return { name: `rsassaPss-${hash}`, hash };
}

function sequence(tlv: Tlv): Tlv {
  if (tlv.tag !== 0x30) throw new Error('expected a SEQUENCE');
  return tlv;
}

function at(list: Tlv[], i: number): Tlv {
  const item = list[i];
  if (!item) throw new Error('unexpected certificate structure');
  return item;
}
