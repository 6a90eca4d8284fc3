/** One raw ClientHello on its own connection to the address the main handshake uses. */
import { DialError, dial } from '../net/dial.js';
import { clientHello, type HelloOutcome, type HelloVersion } from '../tls/hello.js';
import type { ProbeContext } from '../types.js';
import { versionName } from './wording.js';

export interface HelloTarget {
  /** The address the main connection went to: same server, no second DNS answer. */
  address: string;
  port: number;
  servername: string | null;
}

export type RawHello = HelloOutcome | { outcome: 'unreachable'; reason: string };

export type Accepted = Extract<HelloOutcome, { outcome: 'accepted' }>;

/** A ClientHello other than the default offer for its version. */
export interface HelloOffer {
  suites?: readonly number[];
  groups?: readonly number[];
}

export async function rawHello(
  target: HelloTarget,
  maxVersion: HelloVersion,
  ctx: ProbeContext,
  signal: AbortSignal,
  offer: HelloOffer = {},
): Promise<RawHello> {
  let socket: Awaited<ReturnType<typeof dial>>['socket'];
  try {
    ({ socket } = await dial({ host: target.address, port: target.port }, ctx));
  } catch (err) {
    if (err instanceof DialError) return { outcome: 'unreachable', reason: err.message };
    throw err;
  }
  return clientHello({
    socket,
    maxVersion,
    signal,
    ...(target.servername ? { servername: target.servername } : {}),
    ...(offer.suites ? { suites: offer.suites } : {}),
    ...(offer.groups ? { groups: offer.groups } : {}),
  });
}

/** What the server answered, in words: "TLS 1.0 with TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA". */
export function describeHello(hello: RawHello): string {
  switch (hello.outcome) {
    case 'accepted':
      return `${versionName(hello.version)} with ${hello.cipherName ?? `cipher suite 0x${hello.cipherSuite.toString(16).padStart(4, '0')}`}`;
    case 'refused':
      return hello.alert ? `alert ${hello.alert.name}` : hello.reason;
    case 'timeout':
      return 'no answer before the deadline';
    case 'not-tls':
      return `not TLS: ${hello.reason}`;
    case 'unreachable':
      return hello.reason;
  }
}
