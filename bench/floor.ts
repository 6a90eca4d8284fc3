/**
 * What the benches share: the TLS farm (tls-farm.ts, a process of its own so its CPU is not
 * the client's) and the floor every probe is measured against, a bare tls.connect handshake.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import tls from 'node:tls';

export interface TlsFarm {
  port: number;
  /** How the farm's connections went so far, as its server saw them. */
  tally(): Promise<FarmTally>;
  /** Completed handshakes per SNI name (with FarmOptions.names; else empty). */
  names(): Promise<Record<string, number>>;
  /** Ends it; resolves once its process has exited. */
  close(): Promise<void>;
}

export interface FarmTally {
  /** Handshakes the server completed; of those, closed without and with an error. */
  completed: number;
  cleanClose: number;
  resetClose: number;
  /** Connections that never completed a handshake (a server logs each as an error). */
  failed: number;
}

export interface FarmOptions {
  /** Where it listens (default 127.0.0.1, a free port). */
  host?: string;
  port?: number;
  /** Count completed handshakes per SNI name (TlsFarm.names). */
  names?: boolean;
  /** Runs it through this command (e.g. `ip netns exec NS`). */
  prefix?: string[];
}

/** Starts the farm serving `chainPem`; resolves with its port once it listens. */
export async function startTlsFarm(
  keyPem: string,
  chainPem: string,
  opts: FarmOptions = {},
): Promise<TlsFarm> {
  const { prefix = [], ...listen } = opts;
  const argv = [...prefix, process.execPath, new URL('./tls-farm.js', import.meta.url).pathname];
  const child = spawn(argv[0] as string, argv.slice(1), {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.write(`${JSON.stringify({ keyPem, chainPem, ...listen })}\n`);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => (await lines.next()).value as string;
  const port = Number(await next());
  return {
    port,
    tally: async () => {
      child.stdin.write('tally\n');
      return JSON.parse(await next()) as FarmTally;
    },
    names: async () => {
      child.stdin.write('names\n');
      return JSON.parse(await next()) as Record<string, number>;
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
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
  host = '127.0.0.1',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host, port, servername, secureContext });
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
