/** probeCert end to end, against real TLS servers on 127.0.0.1 with certificates made here. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, type TestContext, test } from 'node:test';
import tls from 'node:tls';
import { type CertDetail, type CertSpec, probeCert } from '../src/probes/cert/index.js';
import { type ContextOptions, createContext } from '../src/probes/context.js';
import type { FindingCode } from '../src/probes/findings.js';
import { GUARDED_POLICY } from '../src/probes/net/guard.js';
import type { LookupFn, ProbeResult } from '../src/probes/types.js';
import { buildOcspResponse, OcspResponder } from './fixtures/ocsp-responder.js';
import { bundle, type CertOptions, days, type Issued, issue, rsaKeyPem } from './fixtures/pki.js';
import {
  closedPort,
  type RunningServer,
  startSilentServer,
  startTlsServer,
  type TlsServerOptions,
} from './fixtures/tls-server.js';

const HOST = 'localhost';
const leafKey = rsaKeyPem();
const root = issue({ cn: 'wxdoctor Test Root', ca: true, notAfter: days(3650) });
const intermediate = issue({
  cn: 'wxdoctor Test Intermediate',
  ca: true,
  issuer: root,
  notAfter: days(1825),
});

/** "localhost" is 127.0.0.1 here, whatever /etc/hosts says about ::1. */
const loopback: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];

function leaf(opts: Partial<CertOptions> = {}): Issued {
  return issue({ cn: HOST, sans: [HOST], issuer: intermediate, keyPem: leafKey, ...opts });
}

function ctx(opts: ContextOptions = {}) {
  return createContext({ timeoutMs: 5000, extraCaPem: [root.certPem], lookup: loopback, ...opts });
}

async function serve(t: TestContext, opts: Partial<TlsServerOptions> & { certs?: Issued[] } = {}) {
  const certs = opts.certs ?? [leaf(), intermediate];
  const server = await startTlsServer({
    keyPem: certs[0]?.keyPem ?? leafKey,
    chainPem: bundle(...certs),
    ...opts,
  });
  t.after(() => server.close());
  return server;
}

function probe(
  server: RunningServer | number,
  spec: Partial<CertSpec> = {},
  context = ctx(),
): Promise<ProbeResult<CertDetail>> {
  const port = typeof server === 'number' ? server : server.port;
  return probeCert({ host: HOST, port, warnDays: 30, ...spec }, context);
}

function codes(r: ProbeResult<CertDetail>): FindingCode[] {
  return r.findings.map((f) => f.code).sort();
}

/** The findings that are not the ever-present "no OCSP responder named" note. */
function problems(r: ProbeResult<CertDetail>): FindingCode[] {
  return codes(r).filter((c) => c !== 'REVOCATION_UNCHECKED');
}

function only(r: ProbeResult<CertDetail>, code: FindingCode) {
  const hits = r.findings.filter((f) => f.code === code);
  assert.equal(hits.length, 1, `one ${code} in ${JSON.stringify(r.findings, null, 1)}`);
  return hits[0] as (typeof hits)[number];
}

describe('probeCert: good chain', () => {
  test('ok, with the chain as sent, the path, protocol, timings', async (t) => {
    const server = await serve(t);
    const r = await probe(server);
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.deepEqual(codes(r), ['REVOCATION_UNCHECKED']);
    assert.match(only(r, 'REVOCATION_UNCHECKED').message, /names no OCSP responder/);
    assert.equal(r.probe, 'cert');
    assert.equal(r.target, `localhost:${server.port}`);
    const d = r.detail;
    assert.equal(d.address, '127.0.0.1');
    assert.equal(d.servername, 'localhost');
    assert.equal(d.checkedName, 'localhost');
    assert.equal(d.protocol, 'TLSv1.3');
    assert.match(d.cipher ?? '', /^TLS_/);
    assert.equal(d.ocspStapled, false);
    assert.equal(d.chainSource, 'as-sent');
    assert.match(
      d.chainNote,
      /^2 certificates exactly as the server sent them in its TLS 1\.3 handshake$/,
    );
    assert.deepEqual(
      d.chain.map((c) => [c.index, c.role, c.subject, c.keyType, c.keyBits, c.signatureAlgorithm]),
      [
        [0, 'leaf', 'CN=localhost', 'rsa', 2048, 'sha256WithRSAEncryption'],
        [
          1,
          'intermediate',
          'CN=wxdoctor Test Intermediate',
          'rsa',
          2048,
          'sha256WithRSAEncryption',
        ],
      ],
    );
    const [l] = d.chain;
    assert.deepEqual(l?.sans, ['localhost']);
    assert.equal(l?.issuer, 'CN=wxdoctor Test Intermediate');
    assert.equal(l?.daysLeft, 89);
    assert.match(l?.notAfter ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.match(l?.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.match(l?.serial ?? '', /^[0-9a-f]+$/);
    assert.equal(d.path?.outcome, 'trusted');
    assert.equal(d.path?.anchor, 'CN=wxdoctor Test Root');
    assert.deepEqual(
      d.path?.steps.map((s) => s.index),
      [0, 1, null],
    );
    assert.deepEqual(d.legacy, { status: 'refused', accepted: [], note: 'alert protocol_version' });
    assert.equal(d.revocation.status, 'unchecked');
    for (const ms of Object.values(d.timings)) assert.ok(typeof ms === 'number' && ms >= 0);
    assert.equal(server.connections(), 2, 'main handshake, one legacy hello');
  });

  test('the result survives a JSON round trip unchanged', async (t) => {
    const r = await probe(await serve(t));
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });

  test('an IP literal sends no SNI and is checked against IP SANs', async (t) => {
    const seen: Array<string | false | null> = [];
    const server = await serve(t, {
      certs: [leaf({ sans: [HOST, '127.0.0.1'] }), intermediate],
      onSecureConnection: (s) => {
        seen.push(s.servername);
        s.end();
      },
    });
    const r = await probe(server, { host: '127.0.0.1' });
    assert.deepEqual(problems(r), []);
    assert.equal(r.detail.servername, null);
    assert.deepEqual(seen, [false]);
  });
});

describe('probeCert: certificate problems', () => {
  test('expired leaf', async (t) => {
    const r = await probe(
      await serve(t, { certs: [leaf({ notBefore: days(-90), notAfter: days(-3) }), intermediate] }),
    );
    assert.equal(r.status, 'fail');
    assert.deepEqual(problems(r), ['CERT_EXPIRED']);
    assert.match(only(r, 'CERT_EXPIRED').message, /^leaf CN=localhost expired 3 days ago \(/);
    assert.equal(r.detail.chain[0]?.daysLeft, -3, 'the same number as the words');
  });

  test('not yet valid', async (t) => {
    const r = await probe(
      await serve(t, { certs: [leaf({ notBefore: days(5), notAfter: days(95) }), intermediate] }),
    );
    assert.deepEqual(problems(r), ['CERT_NOT_YET_VALID']);
  });

  test('wrong host lists the names the certificate has', async (t) => {
    const r = await probe(
      await serve(t, {
        certs: [
          leaf({
            cn: 'other.example.test',
            sans: ['other.example.test', 'www.other.example.test'],
          }),
          intermediate,
        ],
      }),
    );
    assert.deepEqual(problems(r), ['CERT_HOSTNAME_MISMATCH']);
    assert.match(
      only(r, 'CERT_HOSTNAME_MISMATCH').message,
      /does not cover localhost; its names are other\.example\.test and www\.other\.example\.test/,
    );
  });

  test('self-signed leaf', async (t) => {
    const self = issue({ cn: HOST, sans: [HOST], keyPem: leafKey });
    const r = await probe(await serve(t, { certs: [self] }));
    assert.deepEqual(codes(r), ['CERT_SELF_SIGNED']);
    assert.equal(r.detail.revocation.status, 'skipped');
  });

  test('a chain to a root that is not trusted', async (t) => {
    const otherRoot = issue({ cn: 'Unknown Root', ca: true });
    const otherCa = issue({ cn: 'Unknown CA', ca: true, issuer: otherRoot });
    const r = await probe(
      await serve(t, { certs: [leaf({ issuer: otherCa }), otherCa, otherRoot] }),
    );
    assert.deepEqual(problems(r), ['CERT_UNTRUSTED', 'CHAIN_HAS_ROOT']);
    assert.match(only(r, 'CERT_UNTRUSTED').message, /self-signed root CN=Unknown Root/);
    assert.equal(r.detail.path?.outcome, 'untrusted-root');
  });

  test('incomplete chain (leaf only) names the missing issuer and its AIA URL', async (t) => {
    const url = 'http://127.0.0.1:9/intermediate.der';
    const r = await probe(await serve(t, { certs: [leaf({ caIssuersUrl: url })] }));
    assert.equal(r.status, 'fail');
    assert.deepEqual(problems(r), ['CHAIN_INCOMPLETE']);
    const f = only(r, 'CHAIN_INCOMPLETE');
    assert.match(
      f.message,
      /issued by CN=wxdoctor Test Intermediate, which the server does not send/,
    );
    assert.match(f.message, /127\.0\.0\.1:9\/intermediate\.der/);
    assert.match(f.hint, /fullchain\.pem/);
    assert.equal(r.detail.path?.missingIssuer, 'CN=wxdoctor Test Intermediate');
    assert.match(only(r, 'REVOCATION_UNCHECKED').message, /issuer of the leaf is not available/);
  });

  test('expired leaf, missing intermediate, wrong host: all three', async (t) => {
    const expiredElsewhere = leaf({
      cn: 'elsewhere.example.test',
      sans: ['elsewhere.example.test'],
      notBefore: days(-90),
      notAfter: days(-1),
    });
    const r = await probe(await serve(t, { certs: [expiredElsewhere] }));
    assert.deepEqual(problems(r), ['CERT_EXPIRED', 'CERT_HOSTNAME_MISMATCH', 'CHAIN_INCOMPLETE']);
  });

  test('wrong order (leaf, root, intermediate)', async (t) => {
    const r = await probe(await serve(t, { certs: [leaf(), root, intermediate] }));
    assert.equal(r.status, 'warn');
    assert.deepEqual(problems(r), ['CHAIN_HAS_ROOT', 'CHAIN_ORDER']);
    assert.deepEqual(
      r.detail.chain.map((c) => c.role),
      ['leaf', 'root', 'intermediate'],
    );
  });

  test('SHA-1 signature', async (t) => {
    const r = await probe(await serve(t, { certs: [leaf({ sigAlg: 'sha1' }), intermediate] }));
    assert.deepEqual(problems(r), ['CERT_WEAK_SIGNATURE']);
    assert.match(only(r, 'CERT_WEAK_SIGNATURE').message, /sha1WithRSAEncryption/);
  });

  test('RSA-1024 key', async (t) => {
    const weak = leaf({ keyPem: rsaKeyPem(1024) });
    const r = await probe(await serve(t, { certs: [weak, intermediate] }));
    assert.deepEqual(problems(r), ['CERT_WEAK_KEY']);
    assert.match(only(r, 'CERT_WEAK_KEY').message, /1024-bit RSA key/);
  });

  test('intermediate expiring, intermediate expired', async (t) => {
    const soon = issue({ cn: 'Soon CA', ca: true, issuer: root, notAfter: days(12) });
    const r1 = await probe(await serve(t, { certs: [leaf({ issuer: soon }), soon] }));
    assert.deepEqual(problems(r1), ['INTERMEDIATE_EXPIRING']);
    assert.match(
      only(r1, 'INTERMEDIATE_EXPIRING').message,
      /^intermediate CN=Soon CA expires in 11 days/,
    );

    const gone = issue({
      cn: 'Gone CA',
      ca: true,
      issuer: root,
      notBefore: days(-100),
      notAfter: days(-1),
    });
    const r2 = await probe(await serve(t, { certs: [leaf({ issuer: gone }), gone] }));
    assert.deepEqual(problems(r2), ['INTERMEDIATE_EXPIRED']);
    assert.equal(r2.status, 'fail');
  });

  test('the injected clock moves days left and the verdicts', async (t) => {
    const server = await serve(t);
    const later = (d: number) => {
      const at = new Date(Date.now() + d * 86_400_000);
      return probe(server, {}, ctx({ now: () => at }));
    };
    const soon = await later(80);
    assert.deepEqual(problems(soon), ['CERT_EXPIRING']);
    assert.equal(soon.detail.chain[0]?.daysLeft, 9);
    assert.ok(Date.parse(soon.startedAt) > Date.now() + 79 * 86_400_000, 'startedAt from ctx.now');
    const past = await later(100);
    assert.deepEqual(problems(past), ['CERT_EXPIRED']);
    assert.equal(past.detail.chain[0]?.daysLeft, -10);
    assert.match(only(past, 'CERT_EXPIRED').message, /expired 10 days ago/);
  });
});

describe('probeCert: protocols', () => {
  test('TLS 1.0 accepted (and nothing newer): legacy finding, chain still analysed', async (t) => {
    const r = await probe(await serve(t, { minVersion: 'TLSv1', maxVersion: 'TLSv1' }));
    assert.deepEqual(problems(r), ['TLS_HANDSHAKE_FAILED', 'TLS_LEGACY_PROTOCOL']);
    assert.deepEqual(r.detail.legacy.accepted, ['TLSv1']);
    assert.match(
      only(r, 'TLS_HANDSHAKE_FAILED').message,
      /speaks only TLS 1\.0, which current clients refuse/,
    );
    assert.match(only(r, 'TLS_LEGACY_PROTOCOL').message, /still accepts TLS 1\.0/);
    assert.equal(r.detail.chainSource, 'as-sent');
    assert.equal(r.detail.chain.length, 2);
    assert.equal(r.detail.protocol, null);
  });

  test('TLS 1.0 to 1.3 accepted: a warning, both legacy versions named', async (t) => {
    const r = await probe(await serve(t, { minVersion: 'TLSv1', maxVersion: 'TLSv1.3' }));
    assert.equal(r.status, 'warn');
    assert.deepEqual(problems(r), ['TLS_LEGACY_PROTOCOL']);
    assert.deepEqual(r.detail.legacy.accepted, ['TLSv1', 'TLSv1.1']);
    assert.equal(r.detail.protocol, 'TLSv1.3');
  });

  test('a TLS 1.3-only server gets its chain as sent and no legacy finding', async (t) => {
    const r = await probe(await serve(t, { minVersion: 'TLSv1.3' }));
    assert.equal(r.status, 'ok');
    assert.deepEqual(problems(r), []);
    assert.equal(r.detail.chainSource, 'as-sent');
    assert.match(r.detail.chainNote, /sent them in its TLS 1\.3 handshake/);
    assert.deepEqual(
      r.detail.chain.map((c) => c.role),
      ['leaf', 'intermediate'],
    );
    assert.equal(r.detail.legacy.status, 'refused');
  });

  // Pins a Node behaviour the probe depends on: getPeerX509Certificate().issuerCertificate follows
  // the list as the server sent it (SSL_get_peer_cert_chain), not issuance. If a Node release
  // changes that, this fails: the chain would come back leaf, intermediate, root.
  for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
    test(`${version} only, sent leaf, root, intermediate, intermediate: order, root and duplicate as sent`, async (t) => {
      const server = await serve(t, {
        certs: [leaf(), root, intermediate, intermediate],
        minVersion: version,
        maxVersion: version,
      });
      const r = await probe(server, { checkLegacy: false });
      assert.equal(r.detail.protocol, version);
      assert.equal(r.detail.chainSource, 'as-sent');
      assert.deepEqual(problems(r), ['CHAIN_HAS_ROOT', 'CHAIN_ORDER']);
      assert.match(only(r, 'CHAIN_ORDER').message, /duplicate/);
      assert.deepEqual(
        r.detail.chain.map((c) => [c.index, c.subject]),
        [
          [0, 'CN=localhost'],
          [1, 'CN=wxdoctor Test Root'],
          [2, 'CN=wxdoctor Test Intermediate'],
          [3, 'CN=wxdoctor Test Intermediate'],
        ],
      );
      assert.equal(server.connections(), 1, 'the real handshake only');
    });
  }

  test('checkOrder false (watches): the issuance path, read without getPeerX509Certificate', async (t) => {
    const stranger = issue({ cn: 'wxdoctor Unrelated CA', ca: true });
    const server = await serve(t, { certs: [leaf(), stranger, root, intermediate, intermediate] });
    const peerX509 = t.mock.method(tls.TLSSocket.prototype, 'getPeerX509Certificate');
    const r = await probe(server, { checkLegacy: false, checkOrder: false });
    assert.equal(peerX509.mock.callCount(), 0, 'the leaking call is not made');
    assert.equal(r.status, 'ok');
    assert.equal(r.detail.chainSource, 'rebuilt');
    assert.match(r.detail.chainNote, /issue one another from the leaf.*not checked/);
    assert.deepEqual(problems(r), []);
    assert.deepEqual(
      r.detail.chain.map((c) => c.subject),
      ['CN=localhost', 'CN=wxdoctor Test Intermediate', 'CN=wxdoctor Test Root'],
    );
    // The same server read as sent: what checkOrder false gives up.
    const sent = await probe(server, { checkLegacy: false });
    assert.equal(peerX509.mock.callCount(), 1);
    assert.deepEqual(problems(sent), ['CHAIN_HAS_ROOT', 'CHAIN_ORDER']);
  });

  test('checkOrder false: an expired intermediate sent before its renewal is judged from the list as sent', async (t) => {
    const intermediateKey = rsaKeyPem();
    const [expired, renewed] = [days(-5), days(1000)].map((notAfter) =>
      issue({
        cn: 'wxdoctor Test Intermediate',
        ca: true,
        issuer: root,
        keyPem: intermediateKey,
        notBefore: days(-400),
        notAfter,
      }),
    ) as [Issued, Issued];
    const server = await serve(t, {
      certs: [leaf({ issuer: renewed }), expired, renewed],
    });
    const peerX509 = t.mock.method(tls.TLSSocket.prototype, 'getPeerX509Certificate');
    const sent = await probe(server, { checkLegacy: false });
    const path = await probe(server, { checkLegacy: false, checkOrder: false });
    // The path alone links the expired one (the first issuer sent): a failure the list undoes.
    assert.equal(only(path, 'INTERMEDIATE_EXPIRED').severity, 'warn');
    assert.equal(path.status, sent.status);
    assert.deepEqual(codes(path), codes(sent));
    assert.equal(path.detail.chainSource, 'as-sent');
    assert.match(path.detail.chainNote, /read as sent: the path alone found INTERMEDIATE_EXPIRED/);
    assert.equal(peerX509.mock.callCount(), 2, 'once for each list read as sent');
    assert.equal(server.connections(), 3);
  });

  // Pins the Node behaviour behind checkOrder false: getPeerX509Certificate takes each issuer out
  // of the session's list (and never frees it: the leak). Should a Node release copy the list
  // instead, this fails, and reading the list as sent may be cheap enough for watches again.
  test('getPeerX509Certificate empties the session list that getPeerCertificate(true) reads', async (t) => {
    const server = await serve(t);
    const socket = tls.connect({
      port: server.port,
      host: '127.0.0.1',
      servername: HOST,
      rejectUnauthorized: false,
    });
    t.after(() => socket.destroy());
    await new Promise((resolve, reject) => {
      socket.once('secureConnect', resolve).once('error', reject);
    });
    assert.equal(
      socket.getPeerCertificate(true).issuerCertificate?.subject.CN,
      'wxdoctor Test Intermediate',
    );
    assert.equal(
      socket.getPeerX509Certificate()?.issuerCertificate?.subject,
      'CN=wxdoctor Test Intermediate',
    );
    assert.equal(socket.getPeerCertificate(true).issuerCertificate, undefined);
  });

  test('checkLegacy false skips the legacy probe', async (t) => {
    const server = await serve(t, { minVersion: 'TLSv1' });
    const r = await probe(server, { checkLegacy: false });
    assert.deepEqual(problems(r), []);
    assert.equal(r.detail.legacy.status, 'skipped');
    assert.equal(server.connections(), 1);
  });

  test('a port that does not speak TLS: TLS_HANDSHAKE_FAILED says what came back', async (t) => {
    const plain = net.createServer((s) => {
      s.on('error', () => {});
      s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => plain.close(() => resolve())));
    const r = await probe((plain.address() as net.AddressInfo).port);
    assert.deepEqual(codes(r), ['TLS_HANDSHAKE_FAILED']);
    assert.match(only(r, 'TLS_HANDSHAKE_FAILED').message, /not TLS/);
    assert.equal(r.detail.chainSource, null);
  });
});

describe('probeCert: reaching the server', () => {
  test('connection refused', async () => {
    const r = await probe(await closedPort());
    assert.deepEqual(codes(r), ['CONNECT_REFUSED']);
    assert.equal(r.status, 'fail');
    assert.equal(r.detail.address, '127.0.0.1');
  });

  test('a name that does not resolve', async () => {
    const nowhere: LookupFn = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const r = await probe(1, { host: 'nowhere.example.test' }, ctx({ lookup: nowhere }));
    assert.deepEqual(codes(r), ['DNS_FAILED']);
    assert.match(only(r, 'DNS_FAILED').message, /ENOTFOUND/);
  });

  test('a silent server: TLS_TIMEOUT within the deadline', async (t) => {
    const silent = await startSilentServer();
    t.after(() => silent.close());
    const r = await probe(silent, {}, ctx({ timeoutMs: 300 }));
    assert.deepEqual(codes(r), ['TLS_TIMEOUT']);
    assert.ok(r.durationMs < 2000, `took ${r.durationMs} ms`);
    assert.equal(r.detail.legacy.status, 'unknown');
  });

  test('the address guard refuses 127.0.0.1 without connecting; an allow-list lets it through', async (t) => {
    const server = await serve(t);
    const blocked = await probe(server, {}, ctx({ policy: GUARDED_POLICY }));
    assert.deepEqual(codes(blocked), ['ADDRESS_BLOCKED']);
    assert.equal(blocked.status, 'error');
    assert.equal(server.connections(), 0);

    const allowed = await probe(
      server,
      {},
      ctx({ policy: { denyPrivate: true, allow: ['127.0.0.0/8'] } }),
    );
    assert.deepEqual(problems(allowed), []);
    assert.ok(server.connections() > 0);
  });

  test('connectTo: no DNS, the name is used for SNI and the hostname check', async (t) => {
    const name = 'api.example.test';
    const seen: Array<string | false | null> = [];
    const server = await serve(t, {
      certs: [leaf({ cn: name, sans: [name] }), intermediate],
      onSecureConnection: (s) => {
        seen.push(s.servername);
        s.end();
      },
    });
    const lookups: string[] = [];
    const recording: LookupFn = async (h) => {
      lookups.push(h);
      throw new Error('no DNS in this test');
    };
    const r = await probe(
      server,
      { host: name, connectTo: '127.0.0.1' },
      ctx({ lookup: recording }),
    );
    assert.deepEqual(problems(r), []);
    assert.deepEqual(lookups, []);
    assert.deepEqual(seen, [name]);
    assert.equal(r.detail.servername, name);
    assert.equal(r.detail.checkedName, name);
    assert.equal(r.detail.address, '127.0.0.1');
    assert.equal(r.target, `${name}:${server.port}`);
  });

  test('an unreadable --ca is a PROBE_ERROR, not an exception', async (t) => {
    const server = await serve(t);
    const bad = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    const r = await probe(server, {}, ctx({ extraCaPem: [bad] }));
    assert.deepEqual(codes(r), ['PROBE_ERROR']);
    assert.equal(r.status, 'error');
  });
});

describe('probeCert: revocation', () => {
  const revoked = { status: 'revoked', revokedAt: days(-2), reason: 'keyCompromise' } as const;

  test('revoked according to the stapled OCSP response', async (t) => {
    const l = leaf();
    const staple = buildOcspResponse({ issuer: intermediate, leaf: l, state: revoked });
    const r = await probe(await serve(t, { certs: [l, intermediate], ocspStaple: () => staple }));
    assert.deepEqual(codes(r), ['CERT_REVOKED']);
    assert.match(only(r, 'CERT_REVOKED').message, /keyCompromise.*stapled OCSP response/);
    assert.equal(r.detail.ocspStapled, true);
    assert.equal(r.detail.revocation.status, 'revoked');
    assert.equal(r.detail.revocation.source, 'staple');
  });

  test('a good staple: nothing to report', async (t) => {
    const l = leaf();
    const staple = buildOcspResponse({ issuer: intermediate, leaf: l, state: { status: 'good' } });
    const r = await probe(await serve(t, { certs: [l, intermediate], ocspStaple: () => staple }));
    assert.deepEqual(r.findings, []);
    assert.equal(r.detail.revocation.status, 'good');
  });

  test('revoked according to the AIA responder; checkRevocation false does not ask', async (t) => {
    const responder = new OcspResponder(intermediate);
    const url = await responder.start();
    t.after(() => responder.close());
    const l = leaf({ ocspUrl: url });
    responder.set(l, revoked);
    const server = await serve(t, { certs: [l, intermediate] });

    const r = await probe(server);
    assert.deepEqual(codes(r), ['CERT_REVOKED']);
    assert.equal(r.detail.ocspStapled, false);
    assert.equal(r.detail.revocation.source, 'responder');
    assert.equal(r.detail.revocation.responder, url);
    assert.equal(responder.requests.length, 1);

    const unasked = await probe(server, { checkRevocation: false });
    assert.deepEqual(unasked.findings, []);
    assert.equal(unasked.detail.revocation.status, 'skipped');
    assert.equal(responder.requests.length, 1);
  });
});
