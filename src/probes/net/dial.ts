import net from 'node:net';
import { isPublicName, sinkholeKind } from '../dns/sinkhole.js';
import type { FindingArgs, LookupFn, ProbeContext } from '../types.js';
import { normaliseIp, refusal } from './guard.js';

export interface Endpoint {
  /** The name the user asked about: used for SNI, Host and hostname checks. */
  host: string;
  port: number;
  /** Connect here instead of resolving `host` (curl's --resolve). */
  connectTo?: string;
}

export type DialFailure =
  | 'DNS_FAILED'
  | 'DNS_SINKHOLE'
  | 'ADDRESS_BLOCKED'
  | 'CONNECT_REFUSED'
  | 'CONNECT_TIMEOUT';

export class DialError extends Error {
  constructor(
    readonly code: DialFailure,
    message: string,
    readonly address?: string,
    /** The message's specifics and shape, for the finding made from it (types.ts `args`). */
    readonly words: { args: FindingArgs; variant?: string } = { args: {} },
  ) {
    super(message);
    this.name = 'DialError';
  }
}

export interface Resolved {
  addresses: Array<{ address: string; family: 4 | 6 }>;
  dnsMs: number;
}

export interface Dialed {
  socket: net.Socket;
  address: string;
  family: 4 | 6;
  dnsMs: number;
  connectMs: number;
}

export async function resolveEndpoint(ep: Endpoint, ctx: ProbeContext): Promise<Resolved> {
  const literal = normaliseIp(ep.connectTo ?? ep.host);
  if (literal)
    return { addresses: [{ address: literal, family: net.isIPv6(literal) ? 6 : 4 }], dnsMs: 0 };
  const t0 = performance.now();
  try {
    const addresses = await raceSignal(ctx.lookup(ep.host), ctx.signal);
    if (addresses.length === 0) throw new Error('no addresses');
    return { addresses, dnsMs: performance.now() - t0 };
  } catch (err) {
    const why = ctx.signal.aborted ? 'timed out' : describe(err);
    throw new DialError('DNS_FAILED', `could not resolve ${ep.host}: ${why}`, undefined, {
      args: ctx.signal.aborted ? { host: ep.host } : { host: ep.host, why },
      variant: ctx.signal.aborted ? 'timeout' : 'failed',
    });
  }
}

/**
 * A public name that resolves only to 0.0.0.0, loopback and the like: connecting would reach this
 * machine (0.0.0.0 is this host on Linux) and diagnose whatever listens here. Not for --resolve,
 * which picks the address on purpose.
 */
function sinkholeOf(ep: Endpoint, addresses: Resolved['addresses']): DialError | null {
  if (ep.connectTo !== undefined || !isPublicName(ep.host)) return null;
  const kinds = addresses.map((a) => sinkholeKind(a.address));
  if (kinds.some((k) => k === null)) return null;
  const shown = addresses.map((a) => a.address).join(', ');
  return new DialError(
    'DNS_SINKHOLE',
    `${ep.host} resolves only to ${shown} (${[...new Set(kinds)].join(', ')}), which no public service has: a filtering resolver, a hosts-file entry or a bad record; nothing was connected to (--resolve ${ep.host}:${ep.port}:ADDR probes a server on purpose)`,
    addresses[0]?.address,
    { args: { host: ep.host, port: ep.port, addresses: shown }, variant: 'dial' },
  );
}

/**
 * Resolves and connects, with the address guard applied to the address actually connected to.
 * Blocked addresses are skipped (never connected to); if every address is blocked, the dial fails.
 */
export async function dial(ep: Endpoint, ctx: ProbeContext): Promise<Dialed> {
  const { addresses, dnsMs } = await resolveEndpoint(ep, ctx);
  const sinkholed = sinkholeOf(ep, addresses);
  if (sinkholed) throw sinkholed;
  const permitted = addresses.filter((a) => refusal(ctx.policy, a.address) === null);
  const first = permitted[0];
  if (!first) {
    // A name's private answers stay private: saying which internal address it maps to would turn
    // the bot into a map of the internal network.
    if (!normaliseIp(ep.connectTo ?? ep.host)) {
      throw new DialError(
        'ADDRESS_BLOCKED',
        `refusing to connect to ${ep.host}: it resolves only to private or reserved addresses`,
        undefined,
        { args: { host: ep.host }, variant: 'name' },
      );
    }
    const why = refusal(ctx.policy, addresses[0]?.address ?? '') ?? 'no address';
    throw new DialError(
      'ADDRESS_BLOCKED',
      `refusing to connect to ${ep.host}: ${why}`,
      addresses[0]?.address,
      { args: { host: ep.host, address: addresses[0]?.address ?? '-' }, variant: 'address' },
    );
  }
  const t0 = performance.now();
  const socket = await connectTcp(first.address, ep.port, ctx.signal, ctx.connectTimeoutMs);
  return {
    socket,
    address: first.address,
    family: first.family,
    dnsMs,
    connectMs: performance.now() - t0,
  };
}

/**
 * Opens a TCP connection, given up on when `signal` aborts or, with `connectTimeoutMs`, when the
 * connection is not established within it (a dropped SYN must not hold a probe to its deadline):
 * CONNECT_TIMEOUT either way, the latter saying within how long.
 */
export function connectTcp(
  address: string,
  port: number,
  signal: AbortSignal,
  connectTimeoutMs?: number,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const where = net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
    const timedOut = (within: boolean) =>
      within && connectTimeoutMs !== undefined
        ? new DialError(
            'CONNECT_TIMEOUT',
            `connection to ${where} not established within ${seconds(connectTimeoutMs)} s`,
            address,
            { args: { where, seconds: seconds(connectTimeoutMs) }, variant: 'within' },
          )
        : new DialError('CONNECT_TIMEOUT', `connection to ${where} timed out`, address, {
            args: { where },
          });
    if (signal.aborted) {
      reject(timedOut(false));
      return;
    }
    const socket = net.connect({ host: address, port });
    // The parent's signal and a plain timer, not a deadline of its own: an AbortController per
    // connection is most of what a watch check's dial allocates.
    const giveUp = (within: boolean) => {
      done();
      socket.destroy();
      reject(timedOut(within));
    };
    const onAbort = () => giveUp(false);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      connectTimeoutMs === undefined ? undefined : setTimeout(giveUp, connectTimeoutMs, true);
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    };
    socket.once('connect', () => {
      done();
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      done();
      const code = err.code === 'ETIMEDOUT' ? 'CONNECT_TIMEOUT' : 'CONNECT_REFUSED';
      reject(
        new DialError(code, `connection to ${where} failed: ${err.code ?? err.message}`, address, {
          args: { where, why: err.code ?? err.message },
          variant: 'failed',
        }),
      );
    });
  });
}

/** 3000 → 3, 1500 → 1.5. */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** The system resolver (getaddrinfo), every address. */
export const systemLookup: LookupFn = async (hostname) => {
  const { lookup } = await import('node:dns/promises');
  const all = await lookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? e?.message ?? String(err);
}
