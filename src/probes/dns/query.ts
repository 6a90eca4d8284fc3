import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import net from 'node:net';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import { connectTcp, DialError } from '../net/dial.js';
import { sameName } from './name.js';
import type { RecordType, ResolverSpec } from './types.js';

export interface Question {
  /** Normalised (see name.ts); '' is the root. */
  name: string;
  type: RecordType;
}

export type Transport = 'udp' | 'tcp';

export type WireResult =
  | { kind: 'response'; rcode: string; answers: Answer[]; transport: Transport; timeMs: number }
  | { kind: 'timeout'; transport: Transport; timeMs: number }
  | { kind: 'unreachable'; error: string; transport: Transport; timeMs: number };

type Exchange =
  | { kind: 'response'; packet: DecodedPacket }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; error: string };

/**
 * dns-packet, loaded on the first query: a `wx cert` that resolves through the system (or
 * `--resolve`) never needs it. `require`, not `import()`: it is CommonJS, and Node's ESM wrapper
 * of it (its export names found by lexing the source) cost ~20 ms more; the query path stays
 * synchronous.
 */
let wire: typeof import('dns-packet') | undefined;
function dnsPacket(): typeof import('dns-packet') {
  wire ??= createRequire(import.meta.url)('dns-packet') as typeof import('dns-packet');
  return wire;
}

/** UDP is lossy: resend the same query at this interval until an answer or the deadline. */
const RETRANSMIT_MS = 2000;
/** The EDNS buffer size of DNS Flag Day 2020: large enough for most answers, small enough not to fragment. */
const EDNS_UDP_SIZE = 1232;

/**
 * Asks one resolver one question over UDP, retrying over TCP when the answer is truncated.
 * Never rejects: a resolver that does not answer before `signal` aborts is a 'timeout'.
 */
export async function queryResolver(
  server: ResolverSpec,
  question: Question,
  signal: AbortSignal,
): Promise<WireResult> {
  dnsPacket(); // Loaded before the clock starts: the first query's time is the resolver's alone.
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  let transport: Transport = 'udp';
  let exchange = await exchangeUdp(server, question, signal);
  if (exchange.kind === 'response' && exchange.packet.flag_tc) {
    transport = 'tcp';
    exchange = await exchangeTcp(server, question, signal);
    if (exchange.kind === 'unreachable') {
      exchange = {
        kind: 'unreachable',
        error: `truncated over UDP, TCP retry failed: ${exchange.error}`,
      };
    }
  }
  if (exchange.kind === 'response') {
    return {
      kind: 'response',
      rcode: rcodeOf(exchange.packet),
      answers: exchange.packet.answers ?? [],
      transport,
      timeMs: elapsed(),
    };
  }
  return { ...exchange, transport, timeMs: elapsed() };
}

function exchangeUdp(server: ResolverSpec, q: Question, signal: AbortSignal): Promise<Exchange> {
  if (signal.aborted) return Promise.resolve({ kind: 'timeout' });
  return new Promise((resolve) => {
    const id = randomInt(0x10000);
    const query = dnsPacket().encode(queryPacket(id, q));
    const socket = dgram.createSocket(net.isIPv6(server.address) ? 'udp6' : 'udp4');
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: Exchange) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      signal.removeEventListener('abort', onAbort);
      try {
        socket.close();
      } catch {
        // Already closed by a failed bind or connect.
      }
      resolve(outcome);
    };
    const onAbort = () => finish({ kind: 'timeout' });
    const send = () => {
      if (done) return;
      socket.send(query, (err) => {
        if (err) finish({ kind: 'unreachable', error: errorText(err) });
      });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // A connected socket only receives datagrams from the resolver's address and port, and
    // reports an ICMP port-unreachable as ECONNREFUSED instead of silence.
    socket.on('error', (err) => finish({ kind: 'unreachable', error: errorText(err) }));
    socket.on('message', (msg) => {
      const packet = matchResponse(msg, id, q);
      if (packet) finish({ kind: 'response', packet });
    });
    socket.connect(server.port, server.address, () => {
      send();
      timer = setInterval(send, RETRANSMIT_MS);
    });
  });
}

async function exchangeTcp(
  server: ResolverSpec,
  q: Question,
  signal: AbortSignal,
): Promise<Exchange> {
  let socket: net.Socket;
  try {
    socket = await connectTcp(server.address, server.port, signal);
  } catch (err) {
    return signal.aborted ? { kind: 'timeout' } : { kind: 'unreachable', error: errorText(err) };
  }
  return new Promise((resolve) => {
    const id = randomInt(0x10000);
    let pending = Buffer.alloc(0);
    let done = false;
    const finish = (outcome: Exchange) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = () => finish({ kind: 'timeout' });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (err) => finish({ kind: 'unreachable', error: errorText(err) }));
    socket.on('close', () =>
      finish({ kind: 'unreachable', error: 'TCP connection closed without an answer' }),
    );
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Each DNS message over TCP is preceded by its length (RFC 1035 4.2.2).
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) return;
        const packet = matchResponse(pending.subarray(2, 2 + length), id, q);
        pending = pending.subarray(2 + length);
        if (packet) return finish({ kind: 'response', packet });
      }
    });
    const message = dnsPacket().encode(queryPacket(id, q));
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length);
    socket.write(Buffer.concat([prefix, message]));
  });
}

function queryPacket(id: number, q: Question): Packet {
  return {
    type: 'query',
    id,
    flags: dnsPacket().RECURSION_DESIRED,
    questions: [{ name: q.name === '' ? '.' : q.name, type: q.type, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: EDNS_UDP_SIZE,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: 0,
        flag_do: false,
        options: [],
      },
    ],
  };
}

/**
 * The response to our query, or null for anything else: undecodable bytes, another id (a late
 * answer to an earlier query, or a spoofing attempt) or another question.
 */
function matchResponse(msg: Buffer, id: number, q: Question): DecodedPacket | null {
  let packet: DecodedPacket;
  try {
    packet = dnsPacket().decode(msg);
  } catch {
    return null;
  }
  if (packet.id !== id || !packet.flag_qr) return null;
  const questions = packet.questions ?? [];
  // Some servers leave out the question when they refuse or cannot parse a query.
  if (questions.length === 0) return rcodeOf(packet) === 'NOERROR' ? null : packet;
  const [asked] = questions;
  const matches =
    questions.length === 1 &&
    asked !== undefined &&
    sameName(asked.name, q.name) &&
    asked.type === q.type &&
    (asked.class ?? 'IN') === 'IN';
  return matches ? packet : null;
}

function rcodeOf(packet: DecodedPacket): string {
  // dns-packet decodes the header's rcode, but its type declarations omit it.
  return (packet as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR';
}

function errorText(err: unknown): string {
  if (err instanceof DialError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ECONNREFUSED') return 'unreachable (ECONNREFUSED: nothing listens on that port)';
  return e?.code ? `unreachable (${e.code})` : `unreachable (${e?.message ?? String(err)})`;
}
