/**
 * The real handshake, by Node/OpenSSL, as a modern client does it: protocol, cipher, the stapled
 * OCSP response. Certificates are not verified here (rejectUnauthorized: false): chain.ts does that.
 */
import type { X509Certificate } from 'node:crypto';
import type net from 'node:net';
import tls from 'node:tls';
import { certificateFromDer } from './parse.js';

export interface HandshakeOptions {
  /** Connected by dial(); the TLS socket takes it over. */
  socket: net.Socket;
  /** SNI; null sends none (IP literals). */
  servername: string | null;
  signal: AbortSignal;
  /**
   * 'sent' (default): the certificate list exactly as the server sent it. 'path': only the
   * certificates that issue one another from the leaf, which Node reads without leaking memory:
   * what a watch, checking thousands of hosts in one process, asks for (see readPath).
   */
  chain?: 'sent' | 'path';
}

export interface TlsSession {
  protocol: string | null;
  /** IANA name of the cipher suite. */
  cipher: string | null;
  ocspResponse: Buffer | null;
  /** The ephemeral key of the key exchange (getEphemeralKeyInfo); null for none (static RSA). */
  ephemeral: EphemeralKey | null;
  /**
   * The certificates the server sent, in the order it sent them. Read at secureConnect, so a
   * server that resets the connection right after the handshake cannot take them away.
   */
  peerChain: PeerChain;
  /** Ends the connection; idempotent. Must be called. */
  close(): void;
}

export interface EphemeralKey {
  /** 'DH' (finite field) or 'ECDH'. */
  type: string;
  /** X25519, prime256v1 …; absent for DH. */
  name?: string;
  /** Bits: the prime for DH, the curve for ECDH (X25519 says 253). */
  size: number;
}

export interface PeerChain {
  certs: X509Certificate[];
  /**
   * 'sent': the server's list as sent, in its order. 'loop': the walk ran into a loop or past
   * MAX_CHAIN, so the order is not known to be the server's. 'path': only the issuance path was
   * read (HandshakeOptions.chain), so neither order nor extra certificates are known.
   */
  order: 'sent' | 'loop' | 'path';
}

export type Handshake =
  | { ok: true; session: TlsSession; tlsMs: number }
  | {
      ok: false;
      kind: 'failed' | 'timeout';
      reason: string;
      /** The server refused every protocol version the client offered (TLS 1.2 and 1.3). */
      versionRefused: boolean;
      tlsMs: number;
    };

/**
 * No trusted roots, on purpose. chain.ts verifies; OpenSSL's verdict is not used. When OpenSSL's
 * own verification succeeds, Node follows up with getPeerCertificate(true) and
 * checkServerIdentity, which build JS objects for every certificate: with no roots it fails at
 * once and Node skips both. (Passing `ca` per connection would also parse every root each time.)
 */
const NO_ROOTS = tls.createSecureContext({ ca: [] });

const MAX_CHAIN = 32;

/** How long a closed session may wait for the server's side of the close. */
const LEAVE_MS = 2000;

const TIMEOUT = {
  ok: false,
  kind: 'timeout',
  reason: 'deadline reached',
  versionRefused: false,
} as const;

/** OpenSSL's errors for "no protocol version in common". */
const VERSION_REFUSED = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
]);

export function handshake(opts: HandshakeOptions): Promise<Handshake> {
  const { signal } = opts;
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  if (signal.aborted) {
    opts.socket.destroy();
    return Promise.resolve({ ...TIMEOUT, tlsMs: 0 });
  }
  return new Promise((resolve) => {
    let ocspResponse: Buffer | null = null;
    // requestOCSP is a documented tls.connect option that @types/node leaves out.
    const options: tls.ConnectionOptions & { requestOCSP: boolean } = {
      socket: opts.socket,
      ...(opts.servername ? { servername: opts.servername } : {}),
      rejectUnauthorized: false,
      requestOCSP: true,
      secureContext: NO_ROOTS,
    };
    const socket = tls.connect(options);
    const onAbort = () => {
      socket.destroy();
      resolve({ ...TIMEOUT, tlsMs: elapsed() });
    };
    const onError = (err: NodeJS.ErrnoException & { reason?: string }) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({
        ok: false,
        kind: 'failed',
        reason: describeTlsError(err),
        versionRefused: VERSION_REFUSED.has(err.code ?? ''),
        tlsMs: elapsed(),
      });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('OCSPResponse', (response?: Buffer) => {
      if (response && response.length > 0) ocspResponse = response;
    });
    socket.once('secureConnect', () => {
      const tlsMs = elapsed();
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      const chain = opts.chain ?? 'sent';
      resolve({ ok: true, session: openSession(socket, ocspResponse, signal, chain), tlsMs });
    });
  });
}

function openSession(
  socket: tls.TLSSocket,
  ocspResponse: Buffer | null,
  signal: AbortSignal,
  chain: 'sent' | 'path',
): TlsSession {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    signal.removeEventListener('abort', close);
    leave(socket);
  };
  socket.on('error', () => {});
  socket.resume();
  signal.addEventListener('abort', close, { once: true });
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.standardName ?? null,
    ocspResponse,
    ephemeral: ephemeralOf(socket),
    peerChain: chain === 'sent' ? walk(socket.getPeerX509Certificate()) : readPath(socket),
    close,
  };
}

/**
 * close_notify and a FIN (end), so the server logs a completed handshake and an orderly close, not
 * a reset: destroy() drops what is still queued (TLS 1.3's client Finished among it) and resets
 * the connection when a session ticket is unread. The server's own close_notify is not waited for
 * (the caller goes on at once, and the socket holds no process open); a server that never
 * answers is cut off after LEAVE_MS.
 */
function leave(socket: tls.TLSSocket): void {
  const timer = setTimeout(() => socket.destroy(), LEAVE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.end();
  socket.unref();
}

function ephemeralOf(socket: tls.TLSSocket): EphemeralKey | null {
  const info = socket.getEphemeralKeyInfo() as Partial<EphemeralKey> | null;
  if (!info?.type || typeof info.size !== 'number') return null;
  return { type: info.type, size: info.size, ...(info.name ? { name: info.name } : {}) };
}

/**
 * Node 20 links issuerCertificate to the next element of SSL_get_peer_cert_chain, the list as
 * the server sent it (TLS 1.2 and 1.3), not to the actual issuer: following the links gives the
 * server's order, duplicates and unrelated certificates included. The last one has none (OpenSSL
 * verified nothing: NO_ROOTS). test/cert.test.ts pins this. Duplicates are kept on purpose; only
 * a link back to an earlier object, or an absurd length, stops the walk early.
 */
function walk(leaf: X509Certificate | undefined): PeerChain {
  const certs: X509Certificate[] = [];
  for (let c = leaf; c; c = c.issuerCertificate) {
    // A self-signed certificate may be linked to itself: that ends the list too.
    if (c === certs.at(-1)) break;
    if (certs.includes(c) || certs.length === MAX_CHAIN) return { certs, order: 'loop' };
    certs.push(c);
  }
  return { certs, order: 'sent' };
}

/**
 * getPeerX509Certificate leaks every issuer it returns (Node 20–24: X509Certificate's constructor
 * X509_dup()s each issuer and removes the original from the session's list without freeing it),
 * about 6 KB per intermediate per handshake: a worker sweeping 20,000 watches kept 120 MB more
 * after every sweep. getPeerCertificate(true) copies the list instead, but links each certificate
 * to its issuer among those sent: the path from the leaf, in issuance order, without duplicates
 * or unrelated certificates (and where a server sends two issuers for one certificate, say an
 * expired intermediate before its renewal, only the first it finds). Its DER is parsed through
 * the shared cache (parse.ts), so the intermediates thousands of watches share are one object each.
 */
function readPath(socket: tls.TLSSocket): PeerChain {
  const certs: X509Certificate[] = [];
  const seen = new Set<tls.PeerCertificate>();
  let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  // An empty object when the server sent no certificate; a self-issued one links to itself.
  while (c?.raw && !seen.has(c) && certs.length < MAX_CHAIN) {
    seen.add(c);
    certs.push(certificateFromDer(c.raw));
    c = c.issuerCertificate;
  }
  return { certs, order: 'path' };
}

function describeTlsError(err: NodeJS.ErrnoException & { reason?: string }): string {
  if (err.code === 'ECONNRESET') {
    return 'the server closed the connection during the handshake (ECONNRESET)';
  }
  const alert = /alert number (\d+)/.exec(err.message)?.[1];
  const what = err.reason ?? err.message;
  return `${what}${alert ? ` (alert ${alert})` : ''}${err.code ? ` [${err.code}]` : ''}`;
}
