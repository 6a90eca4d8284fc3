import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connectTcp } from '../src/probes/net/dial.js';
import {
  alertName,
  cipherSuiteName,
  clientHello,
  type HelloOptions,
} from '../src/probes/tls/hello.js';
import {
  buildClientHello,
  type ClientHelloParams,
  FlightReader,
  type HelloOutcome,
  MAX_FLIGHT_BYTES,
  offeredSuites,
} from '../src/probes/tls/hello-wire.js';
import { bundle, goodChain, type Issued } from './fixtures/pki.js';
import { type RunningServer, startSilentServer, startTlsServer } from './fixtures/tls-server.js';

type Chain = ReturnType<typeof goodChain>;

const der = (c: Issued) => Buffer.from(new X509Certificate(c.certPem).raw);

/**
 * Connects to 127.0.0.1:port and runs clientHello; checks the socket was released (destroyed, or
 * for an accepted hello ended with user_canceled + close_notify and then closed).
 */
async function hello(
  port: number,
  opts: Partial<Omit<HelloOptions, 'socket'>> = {},
  timeoutMs = 5000,
): Promise<HelloOutcome> {
  const signal = opts.signal ?? AbortSignal.timeout(timeoutMs);
  const socket = await connectTcp('127.0.0.1', port, signal);
  const outcome = await clientHello({ maxVersion: 'TLSv1.2', ...opts, socket, signal });
  if (outcome.outcome === 'accepted') {
    assert.ok(socket.writableEnded, 'socket ended');
    if (!socket.destroyed) await once(socket, 'close');
  }
  assert.ok(socket.destroyed, 'socket destroyed');
  assert.equal(socket.listenerCount('data'), 0, 'data listener removed');
  assert.equal(socket.listenerCount('close'), 0, 'close listener removed');
  return outcome;
}

function accepted(o: HelloOutcome): Extract<HelloOutcome, { outcome: 'accepted' }> {
  assert.equal(o.outcome, 'accepted', JSON.stringify(o));
  return o as Extract<HelloOutcome, { outcome: 'accepted' }>;
}

function refused(o: HelloOutcome): Extract<HelloOutcome, { outcome: 'refused' }> {
  assert.equal(o.outcome, 'refused', JSON.stringify(o));
  return o as Extract<HelloOutcome, { outcome: 'refused' }>;
}

/** A TCP server on 127.0.0.1 that answers the first bytes it reads (the ClientHello) with `reply`. */
async function startRawServer(
  reply: (socket: net.Socket) => void,
): Promise<RunningServer & { received: Buffer[] }> {
  const sockets = new Set<net.Socket>();
  const received: Buffer[] = [];
  let count = 0;
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    s.once('data', (chunk: Buffer) => {
      received.push(chunk);
      reply(s);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    received,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends our ClientHello to a real server and returns its raw flight, up to ServerHelloDone. */
async function recordFlight(port: number, params: ClientHelloParams): Promise<Buffer> {
  const socket = await connectTcp('127.0.0.1', port, AbortSignal.timeout(5000));
  const reader = new FlightReader(params.maxVersion);
  const chunks: Buffer[] = [];
  socket.write(buildClientHello(params));
  try {
    for await (const chunk of socket) {
      chunks.push(chunk as Buffer);
      const outcome = reader.feed(chunk as Buffer);
      if (outcome) {
        accepted(outcome);
        break;
      }
    }
  } finally {
    socket.destroy();
  }
  return Buffer.concat(chunks);
}

interface RawRecord {
  type: number;
  fragment: Buffer;
}

function splitRecords(flight: Buffer): RawRecord[] {
  const out: RawRecord[] = [];
  for (let at = 0; at + 5 <= flight.length; ) {
    const length = flight.readUInt16BE(at + 3);
    out.push({ type: flight.readUInt8(at), fragment: flight.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return out;
}

function record(type: number, fragment: Buffer, version = 0x0303): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(type, 0);
  header.writeUInt16BE(version, 1);
  header.writeUInt16BE(fragment.length, 3);
  return Buffer.concat([header, fragment]);
}

/** The handshake bytes of a flight, re-cut into records of `size` bytes. */
function refragment(flight: Buffer, size: number): Buffer {
  const hs = Buffer.concat(
    splitRecords(flight)
      .filter((r) => r.type === 22)
      .map((r) => r.fragment),
  );
  const out: Buffer[] = [];
  for (let at = 0; at < hs.length; at += size) out.push(record(22, hs.subarray(at, at + size)));
  return Buffer.concat(out);
}

function handshakeMessage(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt8(type, 0);
  header.writeUIntBE(body.length, 1, 3);
  return Buffer.concat([header, body]);
}

interface ParsedHello {
  recordVersion: number;
  clientVersion: number;
  messageLength: number;
  suites: number[];
  extensions: Map<number, Buffer>;
}

/** Enough of a ClientHello parser to check what we send. */
function parseClientHello(buf: Buffer): ParsedHello {
  assert.equal(buf.readUInt8(0), 22);
  assert.equal(buf.readUInt16BE(3), buf.length - 5, 'one record holding the whole hello');
  assert.equal(buf.readUInt8(5), 1, 'handshake type client_hello');
  const messageLength = buf.readUIntBE(6, 3) + 4;
  assert.equal(messageLength, buf.length - 5);
  let at = 9;
  const clientVersion = buf.readUInt16BE(at);
  at += 2 + 32;
  assert.equal(buf.readUInt8(at), 0, 'empty session id');
  at += 1;
  const suitesLength = buf.readUInt16BE(at);
  const suites: number[] = [];
  for (let i = 0; i < suitesLength; i += 2) suites.push(buf.readUInt16BE(at + 2 + i));
  at += 2 + suitesLength;
  assert.deepEqual([...buf.subarray(at, at + 2)], [1, 0], 'null compression only');
  at += 2;
  const extEnd = at + 2 + buf.readUInt16BE(at);
  assert.equal(extEnd, buf.length);
  at += 2;
  const extensions = new Map<number, Buffer>();
  while (at < extEnd) {
    const type = buf.readUInt16BE(at);
    const length = buf.readUInt16BE(at + 2);
    extensions.set(type, buf.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  assert.equal(at, extEnd);
  return { recordVersion: buf.readUInt16BE(1), clientVersion, messageLength, suites, extensions };
}

/** Deterministic PRNG (mulberry32), so a fuzz failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBuffer(rand: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(rand() * 256)));
}

const OUTCOMES = new Set(['accepted', 'refused', 'timeout', 'not-tls']);

describe('ClientHello bytes', () => {
  test('TLS 1.2 hello: record 0x0301, client_version 0x0303, no supported_versions', () => {
    const h = parseClientHello(
      buildClientHello({ maxVersion: 'TLSv1.2', servername: 'api.example.com' }),
    );
    assert.equal(h.recordVersion, 0x0301);
    assert.equal(h.clientVersion, 0x0303);
    assert.ok(!h.extensions.has(43), 'supported_versions must never be sent');
    assert.ok(h.suites.includes(0xc02f) && h.suites.includes(0x002f) && h.suites.includes(0x00ff));
    const sni = h.extensions.get(0);
    assert.ok(sni);
    assert.equal(sni.subarray(5).toString('ascii'), 'api.example.com');
    assert.ok(h.extensions.has(10) && h.extensions.has(11) && h.extensions.has(13));
    assert.deepEqual([...(h.extensions.get(0xff01) ?? [])], [0]);
    assert.ok(!h.extensions.has(5), 'no status_request unless asked');
    assert.ok(h.messageLength < 0x100 || h.messageLength >= 0x200, 'outside the F5 hang range');
  });

  test('legacy hello: client_version 0x0302, no TLS 1.2-only suites or signature_algorithms', () => {
    const h = parseClientHello(buildClientHello({ maxVersion: 'TLSv1.1', requestOcsp: true }));
    assert.equal(h.clientVersion, 0x0302);
    assert.ok(!h.suites.includes(0xc02f), 'no GCM suite in a pre-1.2 hello');
    assert.ok(h.suites.includes(0xc013) && h.suites.includes(0x000a));
    assert.ok(!h.extensions.has(13));
    assert.deepEqual([...(h.extensions.get(5) ?? [])], [1, 0, 0, 0, 0]);
    assert.equal(parseClientHello(buildClientHello({ maxVersion: 'TLSv1' })).clientVersion, 0x0301);
  });

  test('SNI: omitted for IP literals, trailing dot dropped, IDN as A-label', () => {
    for (const ip of ['127.0.0.1', '::1', '[::1]']) {
      const h = parseClientHello(buildClientHello({ maxVersion: 'TLSv1.2', servername: ip }));
      assert.ok(!h.extensions.has(0), ip);
    }
    const dotted = parseClientHello(
      buildClientHello({ maxVersion: 'TLSv1.2', servername: 'example.com.' }),
    );
    assert.equal(dotted.extensions.get(0)?.subarray(5).toString('ascii'), 'example.com');
    const idn = parseClientHello(
      buildClientHello({ maxVersion: 'TLSv1.2', servername: '微信.cn' }),
    );
    assert.equal(idn.extensions.get(0)?.subarray(5).toString('ascii'), 'xn--vuqz89a.cn');
  });

  test('a hello that would be 256..511 bytes long is padded to 512', () => {
    const servername = `${'a'.repeat(63)}.${'b'.repeat(40)}.example.com`;
    const h = parseClientHello(buildClientHello({ maxVersion: 'TLSv1.2', servername }));
    assert.ok(h.extensions.has(21));
    assert.equal(h.messageLength, 512);
    const short = parseClientHello(buildClientHello({ maxVersion: 'TLSv1.2' }));
    assert.ok(!short.extensions.has(21));
  });

  test('every offered suite has an IANA name; alert names', () => {
    for (const id of offeredSuites('TLSv1.2')) assert.match(cipherSuiteName(id) ?? '', /^TLS_/);
    assert.equal(cipherSuiteName(0x1301), undefined);
    assert.equal(alertName(40), 'handshake_failure');
    assert.equal(alertName(70), 'protocol_version');
    assert.equal(alertName(112), 'unrecognized_name');
    assert.equal(alertName(71), 'insufficient_security');
    assert.equal(alertName(250), 'alert_250');
  });
});

describe('clientHello against real TLS servers', () => {
  let chain: Chain;
  const servers: RunningServer[] = [];
  const start = async (opts: Partial<Parameters<typeof startTlsServer>[0]>) => {
    const server = await startTlsServer({
      keyPem: chain.leaf.keyPem,
      chainPem: bundle(chain.leaf, chain.intermediate),
      ...opts,
    });
    servers.push(server);
    return server;
  };

  before(() => {
    chain = goodChain();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  test('the chain comes back exactly as sent, wrong order included', async () => {
    const { leaf, root, intermediate } = chain;
    const server = await start({ chainPem: bundle(leaf, root, intermediate) });
    const o = accepted(await hello(server.port, { servername: 'localhost' }));
    assert.equal(o.certificates.length, 3);
    assert.deepEqual(o.certificates, [der(leaf), der(root), der(intermediate)]);
    assert.equal(o.ocspStaple, undefined);
  });

  test('TLS 1.2 server: accepted TLSv1.2 with the IANA cipher name', async () => {
    const server = await start({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' });
    const o = accepted(await hello(server.port));
    assert.equal(o.version, 'TLSv1.2');
    assert.equal(o.cipherSuite, 0xc02f);
    assert.equal(o.cipherName, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    assert.deepEqual(o.certificates, [der(chain.leaf), der(chain.intermediate)]);
  });

  test('TLS 1.2 server with its default ciphers: a named suite', async () => {
    const server = await start({ maxVersion: 'TLSv1.2' });
    const o = accepted(await hello(server.port));
    assert.equal(o.cipherName, cipherSuiteName(o.cipherSuite));
    assert.match(o.cipherName ?? '', /^TLS_ECDHE_RSA_/);
  });

  test('TLS 1.3-only server: refused with protocol_version', async () => {
    const server = await start({ minVersion: 'TLSv1.3' });
    const o = refused(await hello(server.port));
    assert.equal(o.alert?.description, 70);
    assert.equal(o.alert?.name, 'protocol_version');
    assert.equal(o.alert?.level, 2);
  });

  test('TLS 1.0-only server, hello up to TLSv1.1: accepted TLSv1', async () => {
    const server = await start({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    const o = accepted(await hello(server.port, { maxVersion: 'TLSv1.1' }));
    assert.equal(o.version, 'TLSv1');
    assert.ok(o.cipherName && !o.cipherName.includes('GCM'), o.cipherName);
    assert.deepEqual(o.certificates, [der(chain.leaf), der(chain.intermediate)]);
  });

  test('modern server (min TLSv1.2), hello up to TLSv1.1: refused', async () => {
    const server = await start({ minVersion: 'TLSv1.2' });
    const o = refused(await hello(server.port, { maxVersion: 'TLSv1.1' }));
    assert.equal(o.alert?.name, 'protocol_version');
  });

  test('OCSP staple read from CertificateStatus when asked for, and only then', async () => {
    const staple = Buffer.from('3082000a0a0100a003020100', 'hex');
    let asked = 0;
    const server = await start({
      maxVersion: 'TLSv1.2',
      ocspStaple: () => {
        asked++;
        return staple;
      },
    });
    const o = accepted(await hello(server.port, { requestOcsp: true }));
    assert.deepEqual(o.ocspStaple, staple);
    assert.equal(asked, 1);
    const without = accepted(await hello(server.port));
    assert.equal(without.ocspStaple, undefined);
  });

  test('a flight re-cut into tiny records, or into one big record, parses the same', async () => {
    const server = await start({ chainPem: bundle(chain.leaf, chain.root, chain.intermediate) });
    const flight = await recordFlight(server.port, { maxVersion: 'TLSv1.2' });
    const expected = [der(chain.leaf), der(chain.root), der(chain.intermediate)];
    for (const size of [1, 7, 100, 2 ** 14]) {
      const raw = await startRawServer((s) => s.write(refragment(flight, size)));
      servers.push(raw);
      const o = accepted(await hello(raw.port));
      assert.deepEqual(o.certificates, expected, `records of ${size} bytes`);
    }
  });
});

describe('clientHello against odd servers', () => {
  const servers: RunningServer[] = [];
  const raw = async (reply: (s: net.Socket) => void) => {
    const server = await startRawServer(reply);
    servers.push(server);
    return server;
  };
  let flight: Buffer;

  before(async () => {
    const chain = goodChain();
    const tls = await startTlsServer({
      keyPem: chain.leaf.keyPem,
      chainPem: bundle(chain.leaf, chain.intermediate),
      maxVersion: 'TLSv1.2',
    });
    servers.push(tls);
    flight = await recordFlight(tls.port, { maxVersion: 'TLSv1.2', requestOcsp: true });
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  test('a silent server: timeout at the deadline', async () => {
    const server = await startSilentServer();
    servers.push(server);
    const t0 = performance.now();
    const o = await hello(server.port, { signal: AbortSignal.timeout(300) });
    assert.deepEqual(o, { outcome: 'timeout' });
    assert.ok(performance.now() - t0 < 2000);
  });

  test('an already-aborted signal: timeout, socket destroyed', async () => {
    const server = await startSilentServer();
    servers.push(server);
    const socket = await connectTcp('127.0.0.1', server.port, AbortSignal.timeout(5000));
    const o = await clientHello({ socket, maxVersion: 'TLSv1.2', signal: AbortSignal.abort() });
    assert.deepEqual(o, { outcome: 'timeout' });
    assert.ok(socket.destroyed);
  });

  test('a plain HTTP server: not-tls, showing what it said', async () => {
    const server = await raw((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const o = await hello(server.port);
    assert.equal(o.outcome, 'not-tls');
    assert.match((o as { reason: string }).reason, /HTTP\/1\.1 400 Bad Request/);
  });

  test('a server that closes without a word: refused', async () => {
    const server = await raw((s) => s.end());
    const o = refused(await hello(server.port));
    assert.match(o.reason, /without answering/);
    assert.equal(o.alert, undefined);
  });

  test('a server that resets: refused', async () => {
    const server = await raw((s) => s.resetAndDestroy());
    refused(await hello(server.port));
  });

  test('the hello the server receives is ours, with SNI and status_request', async () => {
    const server = await raw((s) => s.end());
    await hello(server.port, { servername: 'wx.example.com', requestOcsp: true });
    const received = server.received[0];
    assert.ok(received);
    const h = parseClientHello(received);
    assert.equal(h.extensions.get(0)?.subarray(5).toString('ascii'), 'wx.example.com');
    assert.ok(h.extensions.has(5));
  });

  test('a warning unrecognized_name before the flight is ignored; close_notify is not', async () => {
    const warn = await raw((s) =>
      s.write(Buffer.concat([record(21, Buffer.from([1, 112])), flight])),
    );
    assert.equal(accepted(await hello(warn.port)).certificates.length, 2);
    const bye = await raw((s) => s.write(record(21, Buffer.from([1, 0]))));
    assert.equal(refused(await hello(bye.port)).alert?.name, 'close_notify');
  });

  test('a version or cipher suite we did not offer: refused', async () => {
    // The recorded flight's ServerHello says TLS 1.2: offering at most TLS 1.1 makes it unoffered.
    const v12 = new FlightReader('TLSv1.1').feed(flight);
    assert.equal(v12?.outcome, 'refused');
    assert.match((v12 as { reason: string }).reason, /TLSv1\.2, which was not offered/);

    const tls13 = Buffer.from(flight);
    tls13.writeUInt16BE(0x0304, 9);
    assert.match(
      (new FlightReader('TLSv1.2').feed(tls13) as { reason: string }).reason,
      /TLSv1\.3, which was not offered/,
    );

    const suite = Buffer.from(flight);
    suite.writeUInt16BE(0x1301, 9 + 2 + 32 + 1 + (suite[9 + 34] ?? 0));
    assert.match(
      (new FlightReader('TLSv1.2').feed(suite) as { reason: string }).reason,
      /cipher suite 0x1301, which was not offered/,
    );
  });

  test('hostile length fields: not-tls at once, without waiting for the bytes', async () => {
    const cases = [
      Buffer.from([22, 3, 3, 0xff, 0xff]), // record longer than TLS allows
      record(22, Buffer.from([2, 0xff, 0xff, 0xff])), // 16 MiB handshake message
      Buffer.from([0x80, 0x2e, 0x02, 0x00, 0x02]), // an SSLv2-format ServerHello
    ];
    for (const bytes of cases) {
      const server = await raw((s) => s.write(bytes)); // and stay open
      const o = await hello(server.port, {}, 2000);
      assert.equal(o.outcome, 'not-tls', `${bytes.toString('hex')}: ${JSON.stringify(o)}`);
    }
  });

  test('endless HelloRequests: not-tls after the byte budget, not a loop', async () => {
    const spam = Buffer.concat(
      Array.from({ length: 64 }, () => record(22, Buffer.alloc(4 * 1024))), // 1024 HelloRequests each
    );
    const server = await raw((s) => {
      for (let i = 0; i * spam.length <= MAX_FLIGHT_BYTES; i++) s.write(spam);
    });
    const o = await hello(server.port, {}, 5000);
    assert.equal(o.outcome, 'not-tls');
    assert.match((o as { reason: string }).reason, /KiB without a ServerHelloDone/);
  });

  test('truncated flights over the network: never throw, never hang', async () => {
    const rand = prng(7);
    for (let i = 0; i < 12; i++) {
      const cut = 1 + Math.floor(rand() * (flight.length - 1));
      const close = i % 2 === 0;
      const server = await raw((s) =>
        close ? s.end(flight.subarray(0, cut)) : s.write(flight.subarray(0, cut)),
      );
      const o = await hello(server.port, {}, 300);
      assert.ok(OUTCOMES.has(o.outcome));
      assert.notEqual(o.outcome, 'accepted', `cut at ${cut}`);
      if (!close) assert.equal(o.outcome, 'timeout', `cut at ${cut}, still open`);
    }
  });

  test('random bytes over the network: an outcome every time', async () => {
    const rand = prng(11);
    for (let i = 0; i < 8; i++) {
      const bytes = randomBuffer(rand, 1 + Math.floor(rand() * 2048));
      if (i % 2 === 0) bytes.writeUInt8(22, 0); // sometimes look like a handshake record
      const server = await raw((s) => s.end(bytes));
      const o = await hello(server.port, {}, 2000);
      assert.ok(o.outcome === 'not-tls' || o.outcome === 'refused', JSON.stringify(o));
    }
  });

  test('fuzz the parser: mutated, truncated and re-chunked flights never throw', () => {
    const rand = prng(42);
    const pick = (n: number) => Math.floor(rand() * n);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      let bytes = Buffer.from(i % 3 === 0 ? refragment(flight, 1 + pick(300)) : flight);
      switch (i % 4) {
        case 0:
          for (let k = 0, n = 1 + pick(4); k < n; k++) bytes[pick(bytes.length)] = pick(256);
          break;
        case 1:
          bytes = bytes.subarray(0, pick(bytes.length));
          break;
        case 2: {
          const at = pick(bytes.length);
          bytes = Buffer.concat([
            bytes.subarray(0, at),
            randomBuffer(rand, pick(64)),
            bytes.subarray(at),
          ]);
          break;
        }
        default:
          // A length field (any 2 or 3 bytes) set to a huge value.
          bytes.writeUIntBE(0xffffff, pick(bytes.length - 3), 3);
      }
      const reader = new FlightReader(i % 5 === 0 ? 'TLSv1.1' : 'TLSv1.2');
      let outcome: HelloOutcome | null = null;
      for (let at = 0; at < bytes.length && !outcome; ) {
        const size = 1 + pick(i % 2 ? 5000 : 16);
        outcome = reader.feed(bytes.subarray(at, at + size));
        at += size;
      }
      outcome ??= reader.end();
      assert.ok(OUTCOMES.has(outcome.outcome));
      counts[outcome.outcome] = (counts[outcome.outcome] ?? 0) + 1;
    }
    // The mutations reach past the first byte: every kind of outcome shows up.
    assert.ok(
      (counts.accepted ?? 0) > 0 && (counts['not-tls'] ?? 0) > 0 && (counts.refused ?? 0) > 0,
    );
  });

  test('the parser agrees with itself whatever the chunking', () => {
    const whole = new FlightReader('TLSv1.2').feed(flight);
    assert.equal(accepted(whole as HelloOutcome).certificates.length, 2);
    const reader = new FlightReader('TLSv1.2');
    let byByte: HelloOutcome | null = null;
    for (let i = 0; i < flight.length && !byByte; i++)
      byByte = reader.feed(flight.subarray(i, i + 1));
    assert.deepEqual(byByte, whole);
  });

  test('handshake messages out of order: not-tls', () => {
    const cert = handshakeMessage(11, Buffer.from([0, 0, 0]));
    const o = new FlightReader('TLSv1.2').feed(record(22, cert));
    assert.equal(o?.outcome, 'not-tls');
    const ccs = new FlightReader('TLSv1.2').feed(record(20, Buffer.from([1])));
    assert.equal(ccs?.outcome, 'not-tls');
  });
});
