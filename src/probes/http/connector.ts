import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import type { buildConnector } from 'undici';
import { dial } from '../net/dial.js';
import { overrideFor, type ResolveOverride } from '../net/resolve-override.js';
import { trustStore } from '../tls/trust.js';
import type { ProbeContext } from '../types.js';
import { originKey } from './url.js';

/** One connection the probe opened; filled in as the connection gets further. */
export interface Connection {
  /** `scheme://host:port`, port always written (url.ts originKey). */
  origin: string;
  address: string;
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  /** Time spent on the client's own setup (loading the trust store), not on the network. */
  localMs: number;
  /** performance.now() when the connection could carry a request. */
  readyAt: number | null;
  tls?: { protocol: string; cipher: string };
}

/**
 * The TLS handshake failed or timed out. Deliberately has no `code` property: undici treats some
 * error codes from a connector as retryable and would reconnect instead of failing the request.
 */
export class HandshakeError extends Error {
  constructor(
    /** The OpenSSL/Node error code (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID …), or TIMEOUT. */
    readonly reason: string,
    message: string,
    readonly address: string,
  ) {
    super(message);
    this.name = 'HandshakeError';
  }
}

/**
 * An undici connector that dials through the project's dialer (address guard, --resolve) and
 * verifies TLS against the probe's trust store, reporting each connection as it is made.
 */
export function createConnector(
  overrides: readonly ResolveOverride[],
  ctx: ProbeContext,
  onConnection: (conn: Connection) => void,
): buildConnector.connector {
  return (options, callback) => {
    const https = options.protocol === 'https:';
    const host = options.hostname.toLowerCase();
    const port = options.port === '' ? (https ? 443 : 80) : Number(options.port);
    open(host, port, https, overrides, ctx, onConnection).then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err, null),
    );
  };
}

async function open(
  host: string,
  port: number,
  https: boolean,
  overrides: readonly ResolveOverride[],
  ctx: ProbeContext,
  onConnection: (conn: Connection) => void,
): Promise<Socket> {
  const dialed = await dial({ host, port, connectTo: overrideFor(overrides, host, port) }, ctx);
  const conn: Connection = {
    origin: originKey({ host, port, https }),
    address: dialed.address,
    dnsMs: dialed.dnsMs,
    connectMs: dialed.connectMs,
    tlsMs: 0,
    localMs: 0,
    readyAt: null,
  };
  onConnection(conn);
  if (!https) {
    conn.readyAt = performance.now();
    return dialed.socket;
  }
  // The TLS socket takes the stream over; this only keeps a late error on the shell harmless.
  dialed.socket.on('error', () => {});
  const setup = performance.now();
  // Its first build is kept out of the timings (Connection.localMs).
  const secureContext = trustStore(ctx.extraCaPem).secureContext();
  const t0 = performance.now();
  conn.localMs = t0 - setup;
  const secure = await handshake(dialed.socket, host, dialed.address, secureContext, ctx);
  conn.tlsMs = performance.now() - t0;
  conn.readyAt = performance.now();
  conn.tls = {
    protocol: secure.getProtocol() ?? 'unknown',
    cipher: secure.getCipher()?.name ?? 'unknown',
  };
  return secure;
}

function handshake(
  socket: Socket,
  host: string,
  address: string,
  secureContext: tls.SecureContext,
  ctx: ProbeContext,
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      // The certificate is checked against `host`; SNI may not carry an IP literal (RFC 6066).
      host,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      secureContext,
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
    });
    const settle = (err: HandshakeError | null) => {
      ctx.signal.removeEventListener('abort', onAbort);
      secure.removeListener('error', onError);
      if (!err) {
        resolve(secure);
        return;
      }
      secure.on('error', () => {});
      secure.destroy();
      socket.destroy();
      reject(err);
    };
    const onAbort = () =>
      settle(new HandshakeError('TIMEOUT', `TLS handshake with ${host} timed out`, address));
    const onError = (err: NodeJS.ErrnoException) => {
      const reason = err.code ?? 'UNKNOWN';
      settle(
        new HandshakeError(reason, `TLS handshake with ${host} failed: ${err.message}`, address),
      );
    };
    if (ctx.signal.aborted) {
      onAbort();
      return;
    }
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    secure.once('error', onError);
    secure.once('secureConnect', () => settle(null));
  });
}
