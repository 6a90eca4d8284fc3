/**
 * The seed's man-in-the-middle case through the watch service: a real TLS server on loopback whose
 * certificate the test swaps between checks (renewal, a look-alike CA, another CA, another key
 * with the same validity), the real cert probe, the incident logic and the Redis store.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, type TestContext, test } from 'node:test';
import tls from 'node:tls';
import type { IncidentContent, OutboundMessage } from '../src/model/index.js';
import { spkiSha256 } from '../src/probes/cert/spki.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { parseWatches } from '../src/watch/file.js';
import { watchId } from '../src/watch/id.js';
import { certWatchProbe } from '../src/watch/probe.js';
import { watchRefs } from '../src/watch/refs.js';
import { type CertWatchSpec, WatchService } from '../src/watch/service.js';
import { createWatchStore } from '../src/watch/store.js';
import { days, type Issued, issue } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

const DAY = 86_400_000;
const T0 = Date.now();
const root = issue({ cn: 'ISRG Test Root', ca: true, notAfter: days(3650) });
const r3 = issue({ cn: "Let's Encrypt Test R3", ca: true, issuer: root, notAfter: days(1000) });
const r11 = issue({ cn: "Let's Encrypt Test R11", ca: true, issuer: root, notAfter: days(1000) });
// The rogue intermediate of the seed article: the same name, another key, another root.
const rogueRoot = issue({ cn: 'Rogue Root', ca: true, notAfter: days(3650) });
const rogueR3 = issue({
  cn: "Let's Encrypt Test R3",
  ca: true,
  issuer: rogueRoot,
  notAfter: days(900),
});
const digicert = issue({
  cn: 'DigiCert Test CA',
  ca: true,
  issuer: rogueRoot,
  notAfter: days(900),
});
const leaf = (ca: Issued, from = T0, keyPem?: string) =>
  issue({
    cn: 'localhost',
    issuer: ca,
    notBefore: new Date(from - DAY),
    notAfter: new Date(from + 89 * DAY),
    ...(keyPem ? { keyPem } : {}),
  });

let redis: TestRedis;
let prefixes = 0;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.close();
});

async function tlsServer(t: TestContext, chain: () => Issued[]) {
  const context = (c: Issued[]) =>
    tls.createSecureContext({ key: c[0]?.keyPem, cert: c.map((x) => x.certPem).join('') });
  const first = chain();
  const server = tls.createServer({
    SNICallback: (_name, cb) => cb(null, context(chain())),
    key: first[0]?.keyPem,
    cert: first[0]?.certPem,
  });
  server.on('secureConnection', (s) => {
    s.on('error', () => {});
    s.end();
  });
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

async function harness(t: TestContext, chain: () => Issued[], extra: Partial<CertWatchSpec> = {}) {
  const port = await tlsServer(t, chain);
  const prefix = `{wxi${++prefixes}}`;
  const conn = createQueueConnection(redis.url, 'worker');
  t.after(() => quit(conn));
  const store = createWatchStore(conn, { prefix });
  const clock = { now: T0 };
  const sent: OutboundMessage[] = [];
  const service = new WatchService({
    store,
    refs: watchRefs(conn, { prefix }),
    enqueue: async (m) => {
      sent.push(...m);
    },
    checkSoon: async () => {},
    probe: certWatchProbe({
      allow: [],
      timeoutMs: 5000,
      extraCaPem: [root.certPem, rogueRoot.certPem],
    }),
    now: () => clock.now,
  });
  const spec: CertWatchSpec = {
    id: watchId('localhost', port),
    host: 'localhost',
    port,
    connectTo: '127.0.0.1',
    days: [30, 14, 7, 3, 1],
    to: [{ platform: 'slack', workspace: 'T1', conversation: 'C1' }],
    source: 'file',
    lang: 'en',
    ...extra,
  };
  await service.syncFile([spec]);
  const check = async (advanceDays = 1) => {
    clock.now += advanceDays * DAY;
    const from = sent.length;
    assert.equal(await service.check(spec.id), 'checked');
    return sent.slice(from);
  };
  return { service, store, spec, check, sent };
}

const content = (m: OutboundMessage) => m.content as IncidentContent;
const said = (ms: OutboundMessage[]) =>
  ms
    .filter((m) => m.action !== 'update')
    .map((m) => {
      const c = content(m);
      return `${m.action} ${c.event} ${c.problem.kind === 'breakage' ? c.problem.code : 'expiry'}`;
    });

describe('watches remember who issues the certificate', () => {
  test('a renewal from the same CA (even another intermediate) is quiet; a look-alike CA opens CERT_ISSUER_CHANGED', async (t) => {
    let current = [leaf(r3), r3];
    const h = await harness(t, () => current);
    assert.deepEqual(said(await h.check()), []);
    const known = (await h.store.get(h.spec.id))?.state.cert;
    assert.equal(
      known?.current.leafSpki,
      spkiSha256(new X509Certificate(current[0]?.certPem ?? '')),
    );
    assert.deepEqual(
      known?.current.cas.map((c) => c.subject),
      ["CN=Let's Encrypt Test R3", 'CN=ISRG Test Root'],
    );

    // Renewed 60 days later, by the CA's other intermediate (as Let's Encrypt rotates R10/R11).
    const renewedLeaf = leaf(r11, T0 + 60 * DAY);
    current = [renewedLeaf, r11];
    assert.deepEqual(said(await h.check(60)), []);
    const renewed = (await h.store.get(h.spec.id))?.state.cert;
    assert.ok(renewed?.renewed, 'the renewal is noted in the state');
    assert.equal(renewed?.renewed?.notAfter, renewed?.current.notAfter);

    // The seed's attack: a rogue intermediate named like the real one issues for the name.
    current = [leaf(rogueR3, T0 + 62 * DAY), rogueR3];
    const opened = await h.check(2);
    assert.deepEqual(said(opened), ['post opened CERT_ISSUER_CHANGED']);
    const problem = content(opened[0] as OutboundMessage).problem;
    assert.ok(problem.kind === 'breakage' && problem.change);
    assert.equal(problem.change.before.cas[0]?.subject, "CN=Let's Encrypt Test R11");
    assert.equal(problem.change.after.cas[1]?.subject, 'CN=Rogue Root');
    assert.equal(
      problem.change.after.cas[0]?.spki,
      spkiSha256(new X509Certificate(rogueR3.certPem)),
    );
    assert.match(problem.message, /named like the usual one.*none of its CA keys/);
    assert.equal(
      content(opened[0] as OutboundMessage).critical,
      false,
      'a warning: no daily reminder',
    );
    // Still served: the incident stays open, nothing repeated; the rogue CA is not learnt.
    assert.deepEqual(said(await h.check()), []);
    assert.deepEqual(said(await h.check()), []);

    // The real certificate is back for two checks: recovered, in the same thread.
    current = [renewedLeaf, r11];
    assert.deepEqual(said(await h.check()), []);
    assert.deepEqual(said(await h.check()), ['reply recovered CERT_ISSUER_CHANGED']);
  });

  test('another CA opens the incident; acknowledging it accepts the CA, which closes it', async (t) => {
    const first = leaf(r3);
    let current = [first, r3];
    const h = await harness(t, () => current);
    await h.check();
    current = [leaf(digicert, T0 + 30 * DAY), digicert];
    const opened = await h.check(30);
    assert.deepEqual(said(opened), ['post opened CERT_ISSUER_CHANGED']);
    const problem = content(opened[0] as OutboundMessage).problem;
    assert.match(
      problem.kind === 'breakage' ? problem.message : '',
      /now issued by CN=DigiCert Test CA .*; it was issued by CN=Let's Encrypt Test R3/,
    );
    const n = content(opened[0] as OutboundMessage).incident;
    assert.equal(await h.service.acknowledge(h.spec.id, n, 'U1'), true);
    const acked = h.sent.slice(-2).map((m) => [m.action, content(m).event, content(m).open]);
    assert.deepEqual(acked, [
      ['reply', 'acknowledged', false],
      ['update', 'state', false],
    ]);
    assert.deepEqual(said(await h.check()), [], 'the accepted CA is known now');
    // Both CAs are known: a CDN serving either one is no news.
    current = [first, r3];
    assert.deepEqual(said(await h.check()), []);
  });

  test('another key with the same validity period is not a renewal', async (t) => {
    let current = [leaf(r3), r3];
    const h = await harness(t, () => current);
    await h.check();
    current = [leaf(r3), r3]; // same dates, new key
    const opened = await h.check();
    assert.deepEqual(said(opened), ['post opened CERT_ISSUER_CHANGED']);
    const p = content(opened[0] as OutboundMessage).problem;
    assert.match(p.kind === 'breakage' ? p.message : '', /another key .* same validity period/);
  });

  test('pins from the watches file: a certificate outside them opens CERT_PIN_MISMATCH', async (t) => {
    const [fromFile] = parseWatches(
      [
        {
          host: 'localhost:1',
          to: ['slack:C0123ABCD'],
          pin: { issuers: ["Let's Encrypt Test R3", 'ISRG Test Root'] },
        },
      ],
      'en',
    ) as CertWatchSpec[];
    assert.deepEqual(fromFile?.pin, { issuers: ["Let's Encrypt Test R3", 'ISRG Test Root'] });
    let current = [leaf(r11), r11];
    const h = await harness(t, () => current, { pin: fromFile?.pin });
    assert.deepEqual(said(await h.check()), [], 'R11 is under the pinned root');
    current = [leaf(digicert), digicert];
    assert.deepEqual(said(await h.check()), [
      'post opened CERT_PIN_MISMATCH',
      'post opened CERT_ISSUER_CHANGED',
    ]);
  });

  test('the watches file checks its pins', () => {
    const bad = (pin: unknown) =>
      assert.throws(() =>
        parseWatches([{ host: 'a.example.com', to: ['slack:C0123ABCD'], pin }], 'en'),
      );
    bad({});
    bad({ spki: ['not a key'] });
    bad({ issuers: [] });
    bad({ subjects: ['x'] });
    const hex = 'ab'.repeat(32);
    const [w] = parseWatches(
      [{ host: 'a.example.com', to: ['slack:C0123ABCD'], pin: { spki: [hex] } }],
      'en',
    ) as CertWatchSpec[];
    assert.deepEqual(w?.pin?.spki, [Buffer.from(hex, 'hex').toString('base64')]);
  });

  // Node's getPeerX509Certificate leaks every issuer it returns (src/probes/cert/handshake.ts):
  // a watch, checked sweep after sweep, must read its chain another way.
  test('a watch never reads the list as sent while the path is sound, out of order or not', async (t) => {
    const peerX509 = t.mock.method(tls.TLSSocket.prototype, 'getPeerX509Certificate');
    const cert = leaf(r3);
    const { check, sent } = await harness(t, () => [cert, root, r3]);
    for (let i = 0; i < 3; i++) await check();
    assert.equal(peerX509.mock.callCount(), 0);
    assert.deepEqual(said(sent), [], 'order and a sent root are not breakage');
  });
});
