/**
 * The real handshake, by Node/OpenSSL, as a modern client does it: protocol, cipher, the stapled
 * OCSP response. Certificates are not verified here (rejectUnauthorized: false): chain.ts does that.
 */
import type { X509Certificate } from 'node:crypto';
import type net from 'node:net';
import tls from 'node:tls';

export interface HandshakeOptions {
  /** Connected by dial(); the TLS socket takes it over. */
  socket: net.Socket;
  /** SNI; null sends none (IP literals). */
  servername: string | null;
  signal: AbortSignal;
}

export interface TlsSession {
  protocol: string | null;
  /** IANA name of the cipher suite. */
  cipher: string | null;
  ocspResponse: Buffer | null;
  /**
   * The certificates Node received, leaf first, following issuerCertificate links. Read on
   * demand (each one costs a parse); available until close(), even if the server closed first.
   */
  peerChain(): X509Certificate[];
  /** Ends the connection; idempotent. Must be called. */
  close(): void;
}

export type Handshake =
  | { ok: true; session: TlsSession; tlsMs: number }
  | { ok: false; kind: 'failed' | 'timeout'; reason: string; tlsMs: number };

/**
 * No trusted roots, on purpose. chain.ts verifies; OpenSSL's verdict is not used. When OpenSSL's
 * own verification succeeds, Node follows up with getPeerCertificate(true) and
 * checkServerIdentity, which build JS objects for every certificate: with no roots it fails at
 * once and Node skips both. (Passing `ca` per connection would also parse every root each time.)
 */
const NO_ROOTS = tls.createSecureContext({ ca: [] });

const MAX_CHAIN = 32;

export function handshake(opts: HandshakeOptions): Promise<Handshake> {
  const { signal } = opts;
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  if (signal.aborted) {
    opts.socket.destroy();
    return Promise.resolve({ ok: false, kind: 'timeout', reason: 'deadline reached', tlsMs: 0 });
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
    // The peer's certificates live as long as the socket. Half-open, the socket outlives the
    // server's close (typical right after a handshake) until close(), so peerChain() can wait
    // until it is known to be needed.
    socket.allowHalfOpen = true;
    const onAbort = () => {
      socket.destroy();
      resolve({ ok: false, kind: 'timeout', reason: 'deadline reached', tlsMs: elapsed() });
    };
    const onError = (err: NodeJS.ErrnoException & { reason?: string }) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ ok: false, kind: 'failed', reason: describeTlsError(err), tlsMs: elapsed() });
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
      resolve({ ok: true, session: openSession(socket, ocspResponse, signal), tlsMs });
    });
  });
}

function openSession(
  socket: tls.TLSSocket,
  ocspResponse: Buffer | null,
  signal: AbortSignal,
): TlsSession {
  let chain: X509Certificate[] | null = null;
  const peerChain = () => {
    if (chain === null && !socket.destroyed) chain = walk(socket.getPeerX509Certificate());
    return chain ?? [];
  };
  const close = () => {
    signal.removeEventListener('abort', close);
    socket.destroy();
  };
  socket.on('error', () => {});
  socket.resume();
  signal.addEventListener('abort', close, { once: true });
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.standardName ?? null,
    ocspResponse,
    peerChain,
    close,
  };
}

function walk(leaf: X509Certificate | undefined): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (let c = leaf; c && out.length < MAX_CHAIN; c = c.issuerCertificate) {
    // A self-signed certificate is its own issuer.
    if (out.some((o) => o.fingerprint256 === c?.fingerprint256)) break;
    out.push(c);
  }
  return out;
}

function describeTlsError(err: NodeJS.ErrnoException & { reason?: string }): string {
  if (err.code === 'ECONNRESET') {
    return 'the server closed the connection during the handshake (ECONNRESET)';
  }
  const alert = /alert number (\d+)/.exec(err.message)?.[1];
  const what = err.reason ?? err.message;
  return `${what}${alert ? ` (alert ${alert})` : ''}${err.code ? ` [${err.code}]` : ''}`;
}
