/**
 * A raw TLS ClientHello that reads what the server sends in clear: the chain exactly as sent (Node's
 * getPeerCertificate rebuilds it) and whether a version is accepted, whatever the local OpenSSL
 * security level allows. The handshake is abandoned at ServerHelloDone
 * (user_canceled, close_notify, FIN).
 */
import type net from 'node:net';
import {
  buildCancel,
  buildClientHello,
  FlightReader,
  type HelloOutcome,
  type HelloVersion,
} from './hello-wire.js';

export type { HelloAlert, HelloOutcome, HelloVersion } from './hello-wire.js';
export { alertName, cipherSuiteName, suitesOf, weakOfferSuites } from './hello-wire.js';
export type { ServerKeyExchange } from './key-exchange.js';

/** How long a cancelled hello may wait for the server to close its side. */
const CANCEL_MS = 2000;

export interface HelloOptions {
  /** An already-connected TCP socket; clientHello owns it and closes it. */
  socket: net.Socket;
  /** SNI; ignored for IP literals. */
  servername?: string;
  /** Highest version offered (client_version); TLS 1.3 is never offered. */
  maxVersion: HelloVersion;
  /** The probe deadline: aborting resolves 'timeout'. */
  signal: AbortSignal;
  /** Send status_request, to read a stapled OCSP response (CertificateStatus). */
  requestOcsp?: boolean;
  /** Cipher suites to offer instead of the default offer for maxVersion. */
  suites?: readonly number[];
  /** Named groups to offer instead of the default ones. */
  groups?: readonly number[];
}

/** Sends one ClientHello and reads the server's first flight. Resolves; never rejects for the server. */
export function clientHello(opts: HelloOptions): Promise<HelloOutcome> {
  const { socket, signal } = opts;
  return new Promise((resolve, reject) => {
    const reader = new FlightReader(opts.maxVersion, opts.suites);
    let settled = false;

    const cleanup = (outcome?: HelloOutcome) => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('end', onClosed);
      socket.off('close', onClosed);
      socket.off('error', onError);
      // A late error from the socket must not become an uncaught exception.
      socket.on('error', ignore);
      if (outcome?.outcome === 'accepted') cancel(socket, outcome.version);
      else socket.destroy();
    };
    const finish = (outcome: HelloOutcome) => {
      if (settled) return;
      cleanup(outcome);
      resolve(outcome);
    };
    const onAbort = () => finish({ outcome: 'timeout' });
    const onClosed = () => finish(reader.end());
    const onError = (err: NodeJS.ErrnoException) =>
      finish({ outcome: 'refused', reason: `connection failed: ${err.code ?? err.message}` });
    const onData = (chunk: Buffer) => {
      try {
        const outcome = reader.feed(chunk);
        if (outcome) finish(outcome);
      } catch (err) {
        // Only a bug in the parser gets here: everything a server can send is an outcome.
        if (!settled) cleanup();
        reject(err);
      }
    };

    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.on('end', onClosed);
    socket.on('close', onClosed);
    socket.on('error', onError);
    socket.write(
      buildClientHello({
        maxVersion: opts.maxVersion,
        ...(opts.servername ? { servername: opts.servername } : {}),
        ...(opts.requestOcsp ? { requestOcsp: true } : {}),
        ...(opts.suites ? { suites: opts.suites } : {}),
        ...(opts.groups ? { groups: opts.groups } : {}),
      }),
    );
  });
}

/**
 * The server waits for our next flight: tell it the handshake is off and close our side (a FIN,
 * not a reset: what is left of its flight is read and dropped), without waiting for its answer.
 */
function cancel(socket: net.Socket, version: HelloVersion): void {
  const timer = setTimeout(() => socket.destroy(), CANCEL_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
  socket.end(buildCancel(version));
  socket.unref();
}

function ignore(): void {}
