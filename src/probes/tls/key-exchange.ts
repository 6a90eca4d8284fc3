/**
 * Key exchange as the server chooses it: which kind a cipher suite uses, the ServerKeyExchange
 * parameters (DH prime size, ECDHE group, temporary export RSA key), and a ClientHello offer made
 * only of what modern clients refuse, to find out whether a server has nothing else.
 * References: RFC 5246 7.4.3, RFC 8422 5.4, RFC 4346 A.5 (export suites), IANA TLS parameters.
 */

export type KexKind = 'ecdhe' | 'dhe' | 'rsa' | 'rsa-export' | 'dhe-export' | 'other';

export type ServerKeyExchange =
  | { kind: 'dhe'; bits: number }
  | { kind: 'ecdhe'; group: number; groupName: string; bits: number | null }
  | { kind: 'ecdhe-explicit' }
  | { kind: 'rsa-export'; bits: number };

/**
 * Suites no current browser, Go or OpenSSL at its default level completes: export grade (40/56-bit
 * ciphers, 512-bit key exchange), NULL encryption, anonymous DH. Offered (with finite-field DHE
 * and small curves) only to ask a server that refused the modern offer what it would take instead.
 */
export const WEAK_SUITES: ReadonlyArray<readonly [number, string]> = [
  [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5'],
  [0x0006, 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5'],
  [0x0008, 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA'],
  [0x0014, 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA'],
  [0x0062, 'TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA'],
  [0x0064, 'TLS_RSA_EXPORT1024_WITH_RC4_56_SHA'],
  [0x0001, 'TLS_RSA_WITH_NULL_MD5'],
  [0x0002, 'TLS_RSA_WITH_NULL_SHA'],
  [0x003b, 'TLS_RSA_WITH_NULL_SHA256'],
  [0xc010, 'TLS_ECDHE_RSA_WITH_NULL_SHA'],
  [0xc006, 'TLS_ECDHE_ECDSA_WITH_NULL_SHA'],
  [0x0034, 'TLS_DH_anon_WITH_AES_128_CBC_SHA'],
  [0x00a6, 'TLS_DH_anon_WITH_AES_128_GCM_SHA256'],
  [0x0018, 'TLS_DH_anon_WITH_RC4_128_MD5'],
];

/** Named groups below 256 bits (RFC 8422 5.1.1, deprecated): no browser offers them. */
const SMALL_GROUPS: ReadonlyArray<readonly [number, string, number]> = [
  [0x0015, 'secp224r1', 224],
  [0x0014, 'secp224k1', 224],
  [0x0013, 'secp192r1', 192],
  [0x0012, 'secp192k1', 192],
  [0x0010, 'secp160r1', 160],
  [0x0011, 'secp160r2', 160],
  [0x000f, 'secp160k1', 160],
];

const GROUPS: ReadonlyArray<readonly [number, string, number]> = [
  [0x001d, 'x25519', 256],
  [0x001e, 'x448', 448],
  [0x0017, 'secp256r1', 256],
  [0x0018, 'secp384r1', 384],
  [0x0019, 'secp521r1', 521],
  [0x001a, 'brainpoolP256r1', 256],
  [0x001b, 'brainpoolP384r1', 384],
  [0x001c, 'brainpoolP512r1', 512],
  ...SMALL_GROUPS,
];

/** The groups of the weak offer: the modern ones too, so a small curve is the server's choice. */
export const WEAK_OFFER_GROUPS: readonly number[] = [
  0x001d,
  0x0017,
  0x0018,
  ...SMALL_GROUPS.map(([id]) => id),
];

/** Bits of security below which a key exchange is refused (DH) or unsupported (EC). */
export const MIN_DH_BITS = 2048;
export const MIN_EC_BITS = 256;

export function groupName(id: number): string {
  return GROUPS.find(([g]) => g === id)?.[1] ?? `group 0x${id.toString(16).padStart(4, '0')}`;
}

function groupBits(id: number): number | null {
  return GROUPS.find(([g]) => g === id)?.[2] ?? null;
}

/** The key exchange of a suite, from its IANA name. */
export function kexOf(suiteName: string | undefined): KexKind {
  if (!suiteName) return 'other';
  if (suiteName.startsWith('TLS_ECDHE_')) return 'ecdhe';
  if (/^TLS_DHE_\w+_EXPORT/.test(suiteName)) return 'dhe-export';
  if (suiteName.startsWith('TLS_DHE_') || suiteName.startsWith('TLS_DH_anon_')) return 'dhe';
  if (suiteName.startsWith('TLS_RSA_EXPORT')) return 'rsa-export';
  if (suiteName.startsWith('TLS_RSA_')) return 'rsa';
  return 'other';
}

/** NULL encryption or an export-grade cipher: no real protection whatever the key exchange. */
export function weakCipher(suiteName: string | undefined): 'null' | 'export' | 'anonymous' | null {
  if (!suiteName) return null;
  if (/_WITH_NULL_/.test(suiteName)) return 'null';
  if (/_EXPORT/.test(suiteName)) return 'export';
  if (/^TLS_DH_anon_/.test(suiteName)) return 'anonymous';
  return null;
}

/**
 * The parameters of a ServerKeyExchange body for a suite of key exchange `kind`; null when the
 * kind carries none we read or the body is too short to say.
 */
export function readServerKeyExchange(kind: KexKind, body: Buffer): ServerKeyExchange | null {
  if (kind === 'dhe' || kind === 'dhe-export') {
    const p = vector16(body, 0);
    return p ? { kind: 'dhe', bits: bitLength(p) } : null;
  }
  if (kind === 'rsa-export') {
    const modulus = vector16(body, 0);
    return modulus ? { kind: 'rsa-export', bits: bitLength(modulus) } : null;
  }
  if (kind === 'ecdhe') {
    if (body.length < 1) return null;
    if (body[0] !== 3) return { kind: 'ecdhe-explicit' }; // explicit curves (RFC 8422 deprecated)
    if (body.length < 3) return null;
    const group = body.readUInt16BE(1);
    return { kind: 'ecdhe', group, groupName: groupName(group), bits: groupBits(group) };
  }
  return null;
}

function vector16(buf: Buffer, at: number): Buffer | null {
  if (buf.length < at + 2) return null;
  const length = buf.readUInt16BE(at);
  if (length === 0 || buf.length < at + 2 + length) return null;
  return buf.subarray(at + 2, at + 2 + length);
}

/** Bit length of a big-endian unsigned integer (leading zero bytes ignored). */
function bitLength(n: Buffer): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] as number));
}
