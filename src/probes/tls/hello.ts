/**
 * A raw TLS ClientHello that reads what the server sends in clear: the chain exactly as sent (Node's
 * getPeerCertificate rebuilds it) and whether a version is accepted, whatever the local OpenSSL
 * security level allows. The handshake is abandoned at ServerHelloDone.
 */
import type net from 'node:net';
import {
  buildClientHello,
  FlightReader,
  type HelloOutcome,
  type HelloVersion,
} from './hello-wire.js';

export type { HelloAlert, HelloOutcome, HelloVersion } from './hello-wire.js';
export { alertName, cipherSuiteName, suitesOf, weakOfferSuites } from './hello-wire.js';
export type { ServerKeyExchange } from './key-exchange.js';

export interface HelloOptions {
  /** An already-connected TCP socket; clientHello owns it and destroys it. */
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

    const cleanup = () => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('end', onClosed);
      socket.off('close', onClosed);
      socket.off('error', onError);
      // A late error from the destroyed socket must not become an uncaught exception.
      socket.on('error', ignore);
      socket.destroy();
    };
    const finish = (outcome: HelloOutcome) => {
      if (settled) return;
      cleanup();
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

function ignore(): void {}
