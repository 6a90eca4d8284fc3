/**
 * What the benches share: the TLS farm (tls-farm.ts, a process of its own so its CPU is not
 * the client's) and the floor every probe is measured against, a bare tls.connect handshake.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import tls from 'node:tls';

export interface TlsFarm {
  port: number;
  /** How the farm's connections went so far, as its server saw them. */
  tally(): Promise<FarmTally>;
  close(): void;
}

export interface FarmTally {
  /** Handshakes the server completed; of those, closed without and with an error. */
  completed: number;
  cleanClose: number;
  resetClose: number;
  /** Connections that never completed a handshake (a server logs each as an error). */
  failed: number;
}

/** Starts the farm serving `chainPem`; resolves with its port once it listens. */
export async function startTlsFarm(keyPem: string, chainPem: string): Promise<TlsFarm> {
  const child = spawn(process.execPath, [new URL('./tls-farm.js', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.write(`${JSON.stringify({ keyPem, chainPem })}\n`);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => (await lines.next()).value as string;
  const port = Number(await next());
  return {
    port,
    tally: async () => {
      child.stdin.write('tally\n');
      return JSON.parse(await next()) as FarmTally;
    },
    close: () => child.stdin.end(),
  };
}

/**
 * One handshake and the peer chain, nothing else. Give one SecureContext for the whole loop:
 * the floor pays for handshakes, not for parsing CAs.
 */
export function bareHandshake(
  port: number,
  servername: string,
  secureContext: tls.SecureContext,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, secureContext });
    s.once('secureConnect', () => {
      s.getPeerCertificate(true);
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

/**
 * The same handshake, closed as the probe closes it (close_notify and a FIN, handshake.ts leave()):
 * the server sees a completed handshake and an orderly close. bareHandshake's destroy() drops the
 * TLS 1.3 client Finished, so its server logs a failed handshake: cheaper, but not what a
 * well-behaved client does, and not what the probe may do.
 */
export function cleanHandshake(
  port: number,
  servername: string,
  secureContext: tls.SecureContext,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, secureContext });
    s.once('secureConnect', () => {
      s.getPeerCertificate(true);
      s.on('error', () => {});
      s.resume();
      s.end();
      s.unref();
      resolve();
    });
    s.once('error', reject);
  });
}
