/**
 * Is the key exchange one that current clients complete? Finite-field DHE under 2048 bits is
 * refused by OpenSSL at its default security level and not offered at all by Chrome, Firefox and
 * Go; export-grade, NULL and anonymous suites and curves under 256 bits by everyone.
 *
 * The real handshake tells what a modern client gets (getEphemeralKeyInfo). When it failed, a raw
 * ClientHello offering what modern clients refuse asks the server what it would take instead:
 * the raw hello reads the ServerKeyExchange in clear, whatever the local OpenSSL allows.
 */
import { finding } from '../findings.js';
import { suitesOf, weakOfferSuites } from '../tls/hello.js';
import {
  MIN_DH_BITS,
  MIN_EC_BITS,
  type ServerKeyExchange,
  WEAK_OFFER_GROUPS,
  weakCipher,
} from '../tls/key-exchange.js';
import type { Finding, ProbeContext } from '../types.js';
import type { EphemeralKey, Handshake } from './handshake.js';
import { type Accepted, describeHello, type HelloTarget, rawHello } from './raw-hello.js';
import type { KeyExchangeDetail } from './types.js';

export interface KexJudgement {
  detail: KeyExchangeDetail | null;
  /** TLS_WEAK_KEY_EXCHANGE, or null. When the handshake failed, it replaces the generic failure. */
  finding: Finding | null;
  /** The weak offer's accepted flight: its certificates are as sent, when the handshake failed. */
  accepted: Accepted | null;
}

const NOTHING: KexJudgement = { detail: null, finding: null, accepted: null };

const HINT =
  'Offer ECDHE suites (nginx: `ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;` with `ssl_ecdh_curve X25519:prime256v1;`), and if DHE must stay, a 2048-bit or larger group (`openssl dhparam 2048`, or RFC 7919 ffdhe2048).';

const REFUSERS =
  'Chrome, Firefox and Go offer no finite-field DHE, and OpenSSL at its default security level (2) refuses DH groups under 2048 bits';

export async function judgeKeyExchange(
  hs: Handshake,
  target: HelloTarget,
  where: string,
  ctx: ProbeContext,
  /** The hellos' signal, asked for only when a hello is sent (most probes send none). */
  signal: () => AbortSignal,
): Promise<KexJudgement> {
  if (hs.ok) {
    const eph = hs.session.ephemeral;
    if (!eph) return NOTHING;
    const detail = fromEphemeral(eph);
    if (eph.type !== 'DH' || eph.size >= MIN_DH_BITS) return { ...NOTHING, detail };
    return {
      ...NOTHING,
      detail,
      finding: await weakNegotiated(eph.size, hs, target, ctx, signal()),
    };
  }
  // A timeout says nothing of the key exchange; a refused version is TLS_LEGACY_PROTOCOL's.
  if (hs.kind !== 'failed' || hs.versionRefused) return NOTHING;
  const weak = await rawHello(target, 'TLSv1.2', ctx, signal(), {
    suites: weakOfferSuites(),
    groups: WEAK_OFFER_GROUPS,
  });
  if (weak.outcome !== 'accepted') return NOTHING;
  const detail = fromServerKeyExchange(weak);
  const problem = weakOnly(weak);
  if (!problem) return { ...NOTHING, detail };
  return {
    detail,
    accepted: weak,
    finding: finding(
      'TLS_WEAK_KEY_EXCHANGE',
      `TLS handshake with ${where} failed (${hs.reason}): ${problem}`,
      { hint: HINT },
    ),
  };
}

/** The real handshake got a DH group under 2048 bits: is there ECDHE for the clients that refuse it? */
async function weakNegotiated(
  bits: number,
  hs: Extract<Handshake, { ok: true }>,
  target: HelloTarget,
  ctx: ProbeContext,
  signal: AbortSignal,
): Promise<Finding> {
  const suite = hs.session.cipher ?? 'a DHE suite';
  const ecdhe = await rawHello(target, 'TLSv1.2', ctx, signal, { suites: suitesOf('ecdhe') });
  const message =
    ecdhe.outcome === 'accepted'
      ? `the server chooses finite-field DHE with a ${bits}-bit group (${suite}) even when ECDHE is offered: clients that offer DHE and require 2048 bits (OpenSSL at security level 2, as curl, Python and PHP on current distributions are) fail with "dh key too small"; Chrome, Firefox and Go get ECDHE (${describeHello(ecdhe)}) and connect`
      : `the server's only key exchange is finite-field DHE with a ${bits}-bit group (${suite}): ${REFUSERS}, so they cannot connect (a ClientHello offering only ECDHE got ${describeHello(ecdhe)})`;
  return finding('TLS_WEAK_KEY_EXCHANGE', message, { hint: HINT });
}

/** What is wrong with what the server took from the weak offer; null if nothing is. */
function weakOnly(weak: Accepted): string | null {
  const suite =
    weak.cipherName ?? `cipher suite 0x${weak.cipherSuite.toString(16).padStart(4, '0')}`;
  const grade = weakCipher(weak.cipherName);
  if (grade === 'null') {
    return `the only cipher suite the server accepts is ${suite}, NULL encryption: the traffic would travel in clear, and no current client offers it`;
  }
  if (grade === 'export') {
    return `the only cipher suite the server accepts is ${suite}, export grade (40/56-bit cipher, 512-bit key exchange: FREAK, Logjam), which no current client offers`;
  }
  if (grade === 'anonymous') {
    return `the only cipher suite the server accepts is ${suite}, anonymous DH: the server does not authenticate itself, and no current client offers it`;
  }
  const kex = weak.keyExchange;
  if (kex?.kind === 'dhe' && kex.bits < MIN_DH_BITS) {
    return `the server's only key exchange is finite-field DHE with a ${kex.bits}-bit group (${suite}): our client refused it; ${REFUSERS}`;
  }
  if (kex?.kind === 'ecdhe' && kex.bits !== null && kex.bits < MIN_EC_BITS) {
    return `the server's only key exchange is ECDHE on ${kex.groupName} (${kex.bits}-bit), a curve that no browser, Go or current OpenSSL client offers`;
  }
  if (kex?.kind === 'ecdhe-explicit') {
    return `the server's only key exchange is ECDHE on explicit curve parameters (${suite}), which current clients refuse (RFC 8422 deprecates them)`;
  }
  return null;
}

function fromEphemeral(eph: EphemeralKey): KeyExchangeDetail {
  return eph.type === 'DH'
    ? { kind: 'DHE', bits: eph.size, group: null, source: 'handshake' }
    : { kind: 'ECDHE', bits: eph.size, group: eph.name ?? null, source: 'handshake' };
}

function fromServerKeyExchange(weak: Accepted): KeyExchangeDetail | null {
  const kex: ServerKeyExchange | undefined = weak.keyExchange;
  if (!kex) return null;
  const base = { source: 'weak-offer' as const };
  switch (kex.kind) {
    case 'dhe':
      return { kind: 'DHE', bits: kex.bits, group: null, ...base };
    case 'ecdhe':
      return { kind: 'ECDHE', bits: kex.bits, group: kex.groupName, ...base };
    case 'ecdhe-explicit':
      return { kind: 'ECDHE', bits: null, group: 'explicit', ...base };
    case 'rsa-export':
      return { kind: 'RSA-EXPORT', bits: kex.bits, group: null, ...base };
  }
}
