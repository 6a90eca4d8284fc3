/**
 * Longer than our ~300-line rule on purpose: a codec, one wire format kept whole.
 *
 * TLS (<= 1.2) wire format: a ClientHello built byte by byte, and a parser for the server's
 * cleartext flight up to ServerHelloDone. No crypto: the handshake is never finished.
 * References: RFC 5246 (TLS 1.2), RFC 6066 (extensions), RFC 8446 (names and code points).
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import {
  type KexKind,
  kexOf,
  readServerKeyExchange,
  type ServerKeyExchange,
  WEAK_SUITES,
} from './key-exchange.js';

export type HelloVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';

export interface HelloAlert {
  level: number;
  description: number;
  name: string;
}

export type HelloOutcome =
  | {
      outcome: 'accepted';
      version: HelloVersion;
      cipherSuite: number;
      cipherName?: string;
      /** DER, exactly as sent, in the order sent. */
      certificates: Buffer[];
      ocspStaple?: Buffer;
      /** What the ServerKeyExchange said (DH prime size, ECDHE group), when there was one. */
      keyExchange?: ServerKeyExchange;
    }
  | { outcome: 'refused'; alert?: HelloAlert; reason: string }
  | { outcome: 'timeout' }
  | { outcome: 'not-tls'; reason: string };

/** The most bytes read from a server before giving up on its hello flight. */
export const MAX_FLIGHT_BYTES = 256 * 1024;
/** TLSCiphertext limit (RFC 5246 6.2.3); plaintext records should stay under 2^14. */
const MAX_RECORD = 2 ** 14 + 2048;

const VERSION_CODES: Record<HelloVersion, number> = {
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
};

const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

const HS = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateStatus: 22,
} as const;

const EXT = {
  serverName: 0,
  statusRequest: 5,
  supportedGroups: 10,
  ecPointFormats: 11,
  signatureAlgorithms: 13,
  padding: 21,
  renegotiationInfo: 0xff01,
} as const;

/** [IANA id, IANA name, needs TLS 1.2], in the order offered: strong first, legacy last. */
const SUITES: ReadonlyArray<readonly [number, string, boolean]> = [
  [0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', true],
  [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', true],
  [0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', true],
  [0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', true],
  [0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', true],
  [0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', true],
  [0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', true],
  [0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', true],
  [0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', true],
  [0xc023, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', true],
  [0xc027, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', true],
  [0xc024, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', true],
  [0xc028, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', true],
  [0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', true],
  [0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', true],
  [0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', false],
  [0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', false],
  [0xc00a, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', false],
  [0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', false],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', false],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', false],
  [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256', true],
  [0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384', true],
  [0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256', true],
  [0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256', true],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA', false],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA', false],
  [0xc012, 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', false],
  [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', false],
  [0x0005, 'TLS_RSA_WITH_RC4_128_SHA', false],
];
const RENEGOTIATION_SCSV = 0x00ff;

const SUITE_NAMES = new Map([...SUITES, ...WEAK_SUITES].map(([id, name]) => [id, name]));

const GROUPS = [0x001d /* x25519 */, 0x0017 /* secp256r1 */, 0x0018 /* secp384r1 */];

const SIGNATURE_SCHEMES = [
  0x0403, // ecdsa_secp256r1_sha256
  0x0804, // rsa_pss_rsae_sha256
  0x0401, // rsa_pkcs1_sha256
  0x0503, // ecdsa_secp384r1_sha384
  0x0805, // rsa_pss_rsae_sha384
  0x0501, // rsa_pkcs1_sha384
  0x0603, // ecdsa_secp521r1_sha512
  0x0806, // rsa_pss_rsae_sha512
  0x0601, // rsa_pkcs1_sha512
  0x0807, // ed25519
  0x0203, // ecdsa_sha1
  0x0201, // rsa_pkcs1_sha1
];

const ALERT_NAMES: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

/** IANA name of a cipher suite wxdoctor offers (in any offer); undefined for any other id. */
export function cipherSuiteName(id: number): string | undefined {
  return SUITE_NAMES.get(id);
}

/** RFC name of an alert description ("alert_N" when unknown). */
export function alertName(description: number): string {
  return ALERT_NAMES[description] ?? `alert_${description}`;
}

/** "TLSv1.2" for 0x0303, "SSLv3" for 0x0300, hex for anything else. */
export function protocolName(code: number): string {
  if (code === 0x0300) return 'SSLv3';
  if (code === 0x0304) return 'TLSv1.3';
  const known = Object.entries(VERSION_CODES).find(([, c]) => c === code);
  return known ? known[0] : hex16(code);
}

function hex16(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/** The cipher suites offered when `maxVersion` is the highest version offered. */
export function offeredSuites(maxVersion: HelloVersion): number[] {
  const tls12 = maxVersion === 'TLSv1.2';
  return SUITES.filter(([, , needs12]) => tls12 || !needs12).map(([id]) => id);
}

/** The TLS 1.2 suites of the default offer whose key exchange is one of `kinds`, in order. */
export function suitesOf(...kinds: KexKind[]): number[] {
  return SUITES.filter(([, name]) => kinds.includes(kexOf(name))).map(([id]) => id);
}

/**
 * What a server that refused the modern offer might still take: ECDHE first (so a server that has
 * it is not blamed), then finite-field DHE, then export, NULL and anonymous suites.
 */
export function weakOfferSuites(): number[] {
  return [...suitesOf('ecdhe'), ...suitesOf('dhe'), ...WEAK_SUITES.map(([id]) => id)];
}

// ---------------------------------------------------------------------------------------------
// Building

export interface ClientHelloParams {
  maxVersion: HelloVersion;
  servername?: string;
  requestOcsp?: boolean;
  /** Cipher suites to offer instead of the default offer for maxVersion. */
  suites?: readonly number[];
  /** Named groups to offer instead of x25519, P-256, P-384. */
  groups?: readonly number[];
  /** 32 bytes; random by default (fixed only in tests). */
  random?: Buffer;
}

/** A complete ClientHello record, ready to write to the socket. */
export function buildClientHello(params: ClientHelloParams): Buffer {
  const random = params.random ?? randomBytes(32);
  if (random.length !== 32) throw new RangeError('ClientHello random must be 32 bytes');
  const head = Buffer.concat([
    u16(VERSION_CODES[params.maxVersion]),
    random,
    vec8(Buffer.alloc(0)), // session id: empty, so the server cannot resume
    vec16(u16s([...(params.suites ?? offeredSuites(params.maxVersion)), RENEGOTIATION_SCSV])),
    vec8(u8(0)), // compression: null only
  ]);
  const extensions = helloExtensions(params);
  const padded = [...extensions, ...padding(4 + head.length + 2 + byteLength(extensions))];
  const body = Buffer.concat([head, vec16(...padded)]);
  return record(CONTENT.handshake, 0x0301, handshakeMessage(HS.clientHello, body));
}

function helloExtensions(params: ClientHelloParams): Buffer[] {
  const out: Buffer[] = [];
  const sni = sniName(params.servername);
  if (sni) out.push(extension(EXT.serverName, vec16(u8(0), vec16(Buffer.from(sni, 'ascii')))));
  out.push(extension(EXT.supportedGroups, vec16(u16s(params.groups ?? GROUPS))));
  out.push(extension(EXT.ecPointFormats, vec8(u8(0))));
  // RFC 5246 7.4.1.4.1: meaningless before TLS 1.2, and a pre-1.2 hello must not carry it.
  if (params.maxVersion === 'TLSv1.2') {
    out.push(extension(EXT.signatureAlgorithms, vec16(u16s(SIGNATURE_SCHEMES))));
  }
  // status_type ocsp, no responder ids, no request extensions.
  if (params.requestOcsp) out.push(extension(EXT.statusRequest, Buffer.from([1, 0, 0, 0, 0])));
  out.push(extension(EXT.renegotiationInfo, vec8(Buffer.alloc(0))));
  return out;
}

/** SNI carries a DNS name only: no IP literals, no trailing dot, A-labels for IDNs. */
function sniName(servername: string | undefined): string | null {
  if (!servername) return null;
  const bare = servername.replace(/\.$/, '');
  if (isIP(bare) || isIP(bare.replace(/^\[(.*)\]$/, '$1'))) return null;
  const ascii = domainToASCII(bare);
  return ascii && ascii.length <= 255 ? ascii : null;
}

/**
 * Some load balancers (F5) hang on a ClientHello whose handshake message is 256..511 bytes long;
 * RFC 7685 padding moves it to 512, as OpenSSL and browsers do.
 */
function padding(helloLength: number): Buffer[] {
  if (helloLength < 0x100 || helloLength >= 0x200) return [];
  return [extension(EXT.padding, Buffer.alloc(Math.max(0, 0x200 - helloLength - 4)))];
}

/**
 * What a client sends to abandon a handshake politely (RFC 5246 7.2.2): the warning alerts
 * user_canceled, then close_notify, in clear, in the version the server chose.
 */
export function buildCancel(version: HelloVersion): Buffer {
  const code = VERSION_CODES[version];
  return Buffer.concat([
    record(CONTENT.alert, code, Buffer.from([1, 90])),
    record(CONTENT.alert, code, Buffer.from([1, 0])),
  ]);
}

function record(type: number, version: number, fragment: Buffer): Buffer {
  return Buffer.concat([u8(type), u16(version), vec16(fragment)]);
}

function handshakeMessage(type: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), vec24(body)]);
}

function extension(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(data)]);
}

function byteLength(parts: readonly Buffer[]): number {
  return parts.reduce((n, b) => n + b.length, 0);
}

function u8(n: number): Buffer {
  return Buffer.from([n]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** A list of 16-bit numbers in one buffer (a buffer each cost a sweep megabytes of garbage). */
function u16s(ns: readonly number[]): Buffer {
  const b = Buffer.alloc(2 * ns.length);
  for (const [i, n] of ns.entries()) b.writeUInt16BE(n, 2 * i);
  return b;
}

function uint(n: number, width: 1 | 2 | 3): Buffer {
  const b = Buffer.alloc(width);
  b.writeUIntBE(n, 0, width);
  return b;
}

function vec(width: 1 | 2 | 3, parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([uint(body.length, width), body]);
}

const vec8 = (...parts: Buffer[]) => vec(1, parts);
const vec16 = (...parts: Buffer[]) => vec(2, parts);
const vec24 = (...parts: Buffer[]) => vec(3, parts);

// ---------------------------------------------------------------------------------------------
// Parsing

/** Thrown inside the parser only; surfaces as a 'not-tls' outcome. */
class Malformed extends Error {}

/** Bounds-checked cursor: every read is checked against what is left. */
class Reader {
  private pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly what: string,
  ) {}

  get left(): number {
    return this.buf.length - this.pos;
  }

  uint(width: 1 | 2 | 3): number {
    this.need(width);
    const n = this.buf.readUIntBE(this.pos, width);
    this.pos += width;
    return n;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** A length-prefixed vector. */
  vec(width: 1 | 2 | 3): Buffer {
    return this.bytes(this.uint(width));
  }

  done(): void {
    if (this.left !== 0) throw new Malformed(`${this.left} trailing bytes in ${this.what}`);
  }

  private need(n: number): void {
    if (n > this.left) throw new Malformed(`${this.what} is truncated`);
  }
}

/**
 * Bytes appended chunk by chunk and joined only when a whole unit (record, message) is taken, so a
 * server trickling one byte at a time costs O(n), not O(n^2).
 */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Up to the first `n` bytes, without consuming them. */
  peek(n: number): Buffer {
    const want = Math.min(n, this.length);
    let first = this.chunks[0];
    while (first && first.length < want && this.chunks.length > 1) {
      first = Buffer.concat([first, this.chunks[1] as Buffer]);
      this.chunks.splice(0, 2, first);
    }
    return first ? first.subarray(0, want) : Buffer.alloc(0);
  }

  /** The first `n` bytes, consumed; the caller has checked that `length >= n`. */
  take(n: number): Buffer {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const chunk = this.chunks[0];
      if (!chunk) break;
      const need = n - got;
      if (chunk.length <= need) {
        parts.push(chunk);
        this.chunks.shift();
        got += chunk.length;
      } else {
        parts.push(chunk.subarray(0, need));
        this.chunks[0] = chunk.subarray(need);
        got += need;
      }
    }
    this.length -= got;
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, got);
  }
}

interface ServerHello {
  version: HelloVersion;
  cipherSuite: number;
}

/**
 * Incremental parser of the server's first flight. Feed it every chunk read from the socket; it
 * decides as soon as it can (ServerHelloDone, an alert, a refusal or garbage) and never throws for
 * anything a server sends.
 */
export class FlightReader {
  private readonly pending = new ByteQueue(); // bytes not yet framed into records
  private readonly handshake = new ByteQueue(); // handshake bytes not yet framed into messages
  private received = 0;
  private records = 0;
  private hello?: ServerHello;
  private certificates?: Buffer[];
  private ocspStaple?: Buffer;
  private keyExchange?: ServerKeyExchange;
  private result: HelloOutcome | null = null;
  private readonly offered: readonly number[];

  /** `suites`: what the ClientHello offered, when not the default offer for maxVersion. */
  constructor(
    private readonly maxVersion: HelloVersion,
    suites?: readonly number[],
  ) {
    this.offered = suites ?? offeredSuites(maxVersion);
  }

  /** Returns the outcome once decided, or null while more bytes are needed. */
  feed(chunk: Buffer): HelloOutcome | null {
    if (this.result) return this.result;
    this.received += chunk.length;
    this.pending.push(chunk);
    this.result = this.guard(() => this.drainRecords());
    if (!this.result && this.received > MAX_FLIGHT_BYTES) {
      this.result = notTls(`more than ${MAX_FLIGHT_BYTES / 1024} KiB without a ServerHelloDone`);
    }
    return this.result;
  }

  /** The outcome when no more bytes will come (the server closed its side). */
  end(): HelloOutcome {
    this.result ??= this.closedOutcome();
    return this.result;
  }

  private closedOutcome(): HelloOutcome {
    if (this.pending.length > 0) {
      return notTls(`connection closed in the middle of a record (${this.pending.length} bytes)`);
    }
    if (this.received === 0) return refused('server closed the connection without answering');
    return refused(
      this.hello
        ? 'server closed the connection before ServerHelloDone'
        : 'server closed the connection before sending a ServerHello',
    );
  }

  private guard(step: () => HelloOutcome | null): HelloOutcome | null {
    try {
      return step();
    } catch (err) {
      if (err instanceof Malformed) return notTls(err.message);
      throw err;
    }
  }

  private drainRecords(): HelloOutcome | null {
    while (this.pending.length > 0) {
      const header = this.pending.peek(5);
      this.checkHeader(header);
      if (header.length < 5) return null;
      const length = header.readUInt16BE(3);
      if (length > MAX_RECORD) throw new Malformed(`record length ${length} exceeds the TLS limit`);
      if (this.pending.length < 5 + length) return null;
      const type = header.readUInt8(0);
      const fragment = this.pending.take(5 + length).subarray(5);
      this.records++;
      const outcome = this.onRecord(type, fragment);
      if (outcome) return outcome;
    }
    return null;
  }

  /** Validates as much of a record header as has arrived, so garbage is caught on its first byte. */
  private checkHeader(header: Buffer): void {
    const type = header[0];
    const major = header[1];
    const minor = header[2];
    const typeOk =
      type !== undefined && type >= CONTENT.changeCipherSpec && type <= CONTENT.applicationData;
    const versionOk = (major === undefined || major === 3) && (minor === undefined || minor <= 4);
    if (typeOk && versionOk) return;
    if (this.records === 0) {
      throw new Malformed(`not a TLS record: ${preview(this.pending.peek(32))}`);
    }
    throw new Malformed(`malformed record header after ${this.records} records`);
  }

  private onRecord(type: number, fragment: Buffer): HelloOutcome | null {
    if (type === CONTENT.alert) return this.onAlert(fragment);
    if (type === CONTENT.handshake) return this.onHandshakeBytes(fragment);
    const name = type === CONTENT.changeCipherSpec ? 'change_cipher_spec' : 'application_data';
    throw new Malformed(`unexpected ${name} record before ServerHelloDone`);
  }

  private onAlert(fragment: Buffer): HelloOutcome | null {
    const r = new Reader(fragment, 'alert');
    const level = r.uint(1);
    const description = r.uint(1);
    // Some servers (Apache without a matching vhost) warn unrecognized_name and carry on.
    if (level === 1 && description !== 0) return null;
    const alert = { level, description, name: alertName(description) };
    const severity = level === 2 ? 'fatal' : level === 1 ? 'warning' : `level ${level}`;
    return { outcome: 'refused', alert, reason: `server sent ${severity} alert ${alert.name}` };
  }

  private onHandshakeBytes(fragment: Buffer): HelloOutcome | null {
    this.handshake.push(fragment);
    while (this.handshake.length >= 4) {
      const header = this.handshake.peek(4);
      const length = header.readUIntBE(1, 3);
      if (length > MAX_FLIGHT_BYTES) throw new Malformed(`handshake message of ${length} bytes`);
      if (this.handshake.length < 4 + length) return null;
      const type = header.readUInt8(0);
      const body = this.handshake.take(4 + length).subarray(4);
      const outcome = this.onMessage(type, body);
      if (outcome) return outcome;
    }
    return null;
  }

  private onMessage(type: number, body: Buffer): HelloOutcome | null {
    if (type === HS.helloRequest) return null; // RFC 5246 7.4.1.1: ignored while negotiating
    if (!this.hello) {
      if (type !== HS.serverHello)
        throw new Malformed(`handshake message ${type} before ServerHello`);
      return this.onServerHello(body);
    }
    switch (type) {
      case HS.certificate:
        this.onCertificate(body);
        return null;
      case HS.certificateStatus:
        this.onCertificateStatus(body);
        return null;
      case HS.serverKeyExchange:
        this.onServerKeyExchange(this.hello, body);
        return null;
      case HS.certificateRequest:
        return null;
      case HS.serverHelloDone:
        return this.accepted(this.hello, body);
      default:
        throw new Malformed(`unexpected handshake message ${type} before ServerHelloDone`);
    }
  }

  private onServerHello(body: Buffer): HelloOutcome | null {
    const r = new Reader(body, 'ServerHello');
    const code = r.uint(2);
    r.bytes(32); // server random; a downgrade sentinel in it is not our business here
    if (r.vec(1).length > 32) throw new Malformed('ServerHello session id longer than 32 bytes');
    const cipherSuite = r.uint(2);
    const compression = r.uint(1);
    if (r.left > 0) checkExtensions(r.vec(2));
    r.done();
    const version = this.offeredVersion(code);
    if (!version) {
      return refused(
        `server chose ${protocolName(code)}, which was not offered (${this.offerText()})`,
      );
    }
    if (!this.offered.includes(cipherSuite)) {
      return refused(`server chose cipher suite ${hex16(cipherSuite)}, which was not offered`);
    }
    if (compression !== 0) {
      return refused(`server chose compression method ${compression}, which was not offered`);
    }
    this.hello = { version, cipherSuite };
    return null;
  }

  private offeredVersion(code: number): HelloVersion | null {
    const max = VERSION_CODES[this.maxVersion];
    const hit = Object.entries(VERSION_CODES).find(([, c]) => c === code && c <= max);
    return hit ? (hit[0] as HelloVersion) : null;
  }

  private offerText(): string {
    return this.maxVersion === 'TLSv1'
      ? 'offered TLSv1 only'
      : `offered TLSv1 to ${this.maxVersion}`;
  }

  private onCertificate(body: Buffer): void {
    if (this.certificates) throw new Malformed('second Certificate message');
    const r = new Reader(body, 'Certificate');
    const list = new Reader(r.vec(3), 'certificate list');
    r.done();
    const certificates: Buffer[] = [];
    while (list.left > 0) {
      const der = list.vec(3);
      if (der.length === 0) throw new Malformed('empty certificate in Certificate message');
      certificates.push(Buffer.from(der)); // a copy: don't pin the whole flight in memory
    }
    this.certificates = certificates;
  }

  private onCertificateStatus(body: Buffer): void {
    const r = new Reader(body, 'CertificateStatus');
    if (r.uint(1) !== 1) return; // not status_type ocsp: nothing we asked for
    const response = r.vec(3);
    r.done();
    if (response.length === 0) throw new Malformed('empty OCSP response in CertificateStatus');
    this.ocspStaple = Buffer.from(response);
  }

  /** Read for its parameters only; the signature is not checked (the handshake is never finished). */
  private onServerKeyExchange(hello: ServerHello, body: Buffer): void {
    const kex = readServerKeyExchange(kexOf(cipherSuiteName(hello.cipherSuite)), body);
    if (kex) this.keyExchange = kex;
  }

  private accepted(hello: ServerHello, doneBody: Buffer): HelloOutcome {
    if (doneBody.length !== 0) throw new Malformed('ServerHelloDone with a body');
    const cipherName = cipherSuiteName(hello.cipherSuite);
    return {
      outcome: 'accepted',
      version: hello.version,
      cipherSuite: hello.cipherSuite,
      ...(cipherName ? { cipherName } : {}),
      certificates: this.certificates ?? [],
      ...(this.ocspStaple ? { ocspStaple: this.ocspStaple } : {}),
      ...(this.keyExchange ? { keyExchange: this.keyExchange } : {}),
    };
  }
}

/** Walks the ServerHello extension block only to check that its lengths add up. */
function checkExtensions(block: Buffer): void {
  const r = new Reader(block, 'ServerHello extensions');
  while (r.left > 0) {
    r.uint(2);
    r.vec(2);
  }
}

function refused(reason: string): HelloOutcome {
  return { outcome: 'refused', reason };
}

function notTls(reason: string): HelloOutcome {
  return { outcome: 'not-tls', reason };
}

/** The first bytes as printable text, so "HTTP/1.1 400" or "SSH-2.0" shows in the reason. */
function preview(head: Buffer): string {
  const text = head.toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  const printable = head.filter((b) => b >= 0x20 && b <= 0x7e).length;
  return printable >= head.length / 2
    ? `starts with ${JSON.stringify(text)}`
    : `starts with 0x${head.toString('hex')}`;
}
