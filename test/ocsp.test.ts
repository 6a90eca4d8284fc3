import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { checkStaple, type OcspStatus, queryResponder } from '../src/probes/cert/ocsp.js';
import { certIdFor, encodeRequest, parseCertificate } from '../src/probes/cert/ocsp-wire.js';
import { type ContextOptions, createContext } from '../src/probes/context.js';
import {
  buildOcspResponse,
  type CertState,
  issueResponderCert,
  normaliseSerial,
  OcspResponder,
} from './fixtures/ocsp-responder.js';
import { bundle, days, type Issued, issue } from './fixtures/pki.js';
import { closedPort, startSilentServer, startTlsServer } from './fixtures/tls-server.js';

const x509 = (c: Issued) => new X509Certificate(c.certPem);
const REVOKED_AT = new Date('2026-01-02T03:04:05Z');
const GOOD: CertState = { status: 'good' };
const REVOKED: CertState = { status: 'revoked', revokedAt: REVOKED_AT, reason: 'keyCompromise' };

function assertUnchecked(result: OcspStatus, pattern: RegExp): void {
  assert.equal(result.status, 'unchecked', JSON.stringify(result));
  if (result.status === 'unchecked') assert.match(result.reason, pattern);
}

describe('OCSP', () => {
  let root: Issued;
  let intermediate: Issued;
  let responder: OcspResponder;
  let goodLeaf: Issued;
  let revokedLeaf: Issued;
  let unknownLeaf: Issued;

  const query = (leaf: Issued, opts: ContextOptions = {}) =>
    queryResponder(x509(leaf), x509(intermediate), createContext(opts));
  const leafFor = (ocspUrl?: string, issuer = intermediate) =>
    issue({ cn: 'api.example.test', issuer, ...(ocspUrl ? { ocspUrl } : {}) });

  before(async () => {
    root = issue({ cn: 'wxdoctor OCSP Test Root', ca: true, notAfter: days(3650) });
    intermediate = issue({ cn: 'wxdoctor OCSP Test CA', ca: true, issuer: root });
    responder = new OcspResponder(intermediate);
    // The leaves name the responder's URL, so it must be listening before they are issued.
    await responder.start();
    goodLeaf = leafFor(responder.url);
    revokedLeaf = leafFor(responder.url);
    unknownLeaf = leafFor(responder.url);
    responder.set(goodLeaf, GOOD);
    responder.set(revokedLeaf, REVOKED);
    responder.set(unknownLeaf, { status: 'unknown' });
  });
  after(() => responder.close());
  afterEach(() => {
    responder.options = {};
  });

  describe('queryResponder', () => {
    test('good: POSTs a request for the leaf and reports the validity window', async () => {
      const before = responder.requests.length;
      const result = await query(goodLeaf);
      assert.equal(result.status, 'good', JSON.stringify(result));
      assert.equal(result.source, 'responder');
      assert.equal(result.responder, responder.url);
      assert.ok(result.status === 'good' && result.nextUpdate && result.thisUpdate);
      const sent = responder.requests.slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.method, 'POST');
      assert.equal(sent[0]?.contentType, 'application/ocsp-request');
      assert.deepEqual(sent[0]?.serials, [normaliseSerial(goodLeaf.cert.serialNumber)]);
    });

    test('revoked: time and reason', async () => {
      assert.deepEqual(await query(revokedLeaf), {
        status: 'revoked',
        source: 'responder',
        revokedAt: REVOKED_AT.toISOString(),
        reason: 'keyCompromise',
        responder: responder.url,
      });
    });

    test('unknown: the responder does not know the certificate', async () => {
      assert.deepEqual(await query(unknownLeaf), {
        status: 'unknown',
        source: 'responder',
        responder: responder.url,
      });
    });

    test('a delegated responder with the OCSPSigning EKU is trusted', async () => {
      const delegate = issueResponderCert(intermediate);
      for (const responderId of ['key', 'name'] as const) {
        responder.options = { signer: delegate, responderId };
        const result = await query(goodLeaf);
        assert.equal(result.status, 'good', `${responderId}: ${JSON.stringify(result)}`);
      }
    });

    test('a delegated responder without the OCSPSigning EKU is not', async () => {
      responder.options = { signer: issueResponderCert(intermediate, { ocspSigning: false }) };
      assertUnchecked(await query(revokedLeaf), /lacks the OCSPSigning extended key usage/);
    });

    test('an expired delegated responder certificate is not', async () => {
      const delegate = issueResponderCert(intermediate, {
        notBefore: days(-30),
        notAfter: days(-1),
      });
      responder.options = { signer: delegate };
      assertUnchecked(await query(goodLeaf), /outside its validity/);
    });

    test('a bad signature gives unchecked, never good', async () => {
      responder.options = { badSignature: true };
      assertUnchecked(await query(goodLeaf), /signature does not verify/);
    });

    test('signed by an unrelated key, claiming to be the issuer', async () => {
      const impostor = issue({ cn: 'wxdoctor OCSP Test CA', ca: true });
      responder.options = { signer: impostor, claimIssuer: true };
      assertUnchecked(await query(goodLeaf), /signature does not verify/);
    });

    test('signed by an OCSP responder of another CA', async () => {
      const otherCa = issue({ cn: 'Some Other CA', ca: true });
      responder.options = { signer: issueResponderCert(otherCa), responderId: 'key' };
      assertUnchecked(await query(goodLeaf), /is not issued by the certificate's issuer/);
    });

    test('stale: nextUpdate in the past', async () => {
      responder.options = { thisUpdate: days(-3), nextUpdate: days(-1) };
      assertUnchecked(await query(goodLeaf), /is stale: nextUpdate .* has passed/);
    });

    test('not yet valid: thisUpdate in the future', async () => {
      responder.options = { thisUpdate: days(1), nextUpdate: days(2) };
      assertUnchecked(await query(goodLeaf), /thisUpdate .* is in the future/);
    });

    test('within the clock skew allowance is still current', async () => {
      const now = Date.now();
      responder.options = { thisUpdate: new Date(now + 60_000), nextUpdate: days(1) };
      assert.equal((await query(revokedLeaf)).status, 'revoked');
      responder.options = { thisUpdate: days(-2), nextUpdate: new Date(now - 60_000) };
      assert.equal((await query(revokedLeaf)).status, 'revoked');
    });

    test('no nextUpdate: current while recent, stale after a week', async () => {
      responder.options = { nextUpdate: null };
      const fresh = await query(goodLeaf);
      assert.equal(fresh.status, 'good');
      assert.ok(fresh.status === 'good' && fresh.nextUpdate === undefined);
      responder.options = { nextUpdate: null, thisUpdate: days(-8) };
      assertUnchecked(await query(goodLeaf), /stale: thisUpdate .* and no nextUpdate/);
    });

    test('a responder that refuses (tryLater) gives unchecked', async () => {
      responder.options = { refuse: 'tryLater' };
      assertUnchecked(await query(goodLeaf), /responder answered tryLater/);
    });

    test('a leaf of another CA is refused by the responder', async () => {
      const otherCa = issue({ cn: 'Some Other CA', ca: true });
      const stranger = leafFor(responder.url, otherCa);
      const result = await queryResponder(x509(stranger), x509(otherCa), createContext());
      assertUnchecked(result, /responder answered unauthorized/);
    });

    test('garbage instead of an OCSP response', async () => {
      responder.options = { rawBody: Buffer.from('<html>502 Bad Gateway</html>') };
      assertUnchecked(await query(goodLeaf), /is not a readable OCSP response/);
    });

    test('an HTTP error status from the responder', async () => {
      responder.options = { httpStatus: 404 };
      assertUnchecked(await query(goodLeaf), /answered HTTP 404/);
    });

    test('an oversized answer is cut off', async () => {
      responder.options = { rawBody: Buffer.alloc(200 * 1024, 0x30) };
      assertUnchecked(await query(goodLeaf), /sent more than 65536 bytes/);
    });

    test('a certificate without an OCSP URL', async () => {
      assertUnchecked(await query(leafFor()), /names no OCSP responder/);
    });

    test('responder down: unchecked naming the URL and the refusal', async () => {
      const url = `http://127.0.0.1:${await closedPort()}/`;
      assertUnchecked(
        await query(leafFor(url)),
        new RegExp(`OCSP responder ${url} unreachable: .*ECONNREFUSED`),
      );
    });

    test('a responder that never answers gives up at the deadline', async () => {
      const silent = await startSilentServer();
      try {
        const leaf = leafFor(`http://127.0.0.1:${silent.port}/`);
        const t0 = performance.now();
        const result = await query(leaf, { timeoutMs: 300 });
        assertUnchecked(result, /did not answer before the deadline/);
        assert.ok(performance.now() - t0 < 2_000, 'gave up promptly');
        assert.equal(silent.connections(), 1);
      } finally {
        await silent.close();
      }
    });

    test('the address guard refuses a loopback responder, and never connects', async () => {
      const before = responder.requests.length;
      const result = await query(goodLeaf, { policy: { denyPrivate: true, allow: [] } });
      assertUnchecked(
        result,
        /blocked by the address guard: .*127\.0\.0\.1 is in a loopback range/,
      );
      assert.equal(responder.requests.length, before);
    });

    test('an allow-listed range passes the guard', async () => {
      const result = await query(revokedLeaf, {
        policy: { denyPrivate: true, allow: ['127.0.0.0/8'] },
      });
      assert.equal(result.status, 'revoked');
    });

    test('the guard applies to the resolved address, not the name', async () => {
      const port = new URL(responder.url).port;
      const leaf = leafFor(`http://ocsp.example.test:${port}/ocsp`);
      responder.set(leaf, GOOD);
      const lookup = async () => [{ address: '127.0.0.1', family: 4 as const }];
      const guarded = await query(leaf, { lookup, policy: { denyPrivate: true, allow: [] } });
      assertUnchecked(guarded, /address guard/);
      assert.equal((await query(leaf, { lookup })).status, 'good');
    });
  });

  describe('checkStaple', () => {
    const staple = (leaf: Issued, state: CertState) =>
      buildOcspResponse({ issuer: intermediate, leaf, state });

    test('good', () => {
      const result = checkStaple(
        staple(goodLeaf, GOOD),
        x509(goodLeaf),
        x509(intermediate),
        new Date(),
      );
      assert.equal(result.status, 'good');
      assert.equal(result.status === 'good' && result.source, 'staple');
    });

    test('revoked', () => {
      const der = staple(revokedLeaf, { status: 'revoked', revokedAt: REVOKED_AT });
      assert.deepEqual(checkStaple(der, x509(revokedLeaf), x509(intermediate), new Date()), {
        status: 'revoked',
        source: 'staple',
        revokedAt: REVOKED_AT.toISOString(),
      });
    });

    test('judged against the `now` it is given', () => {
      const der = staple(goodLeaf, GOOD);
      assertUnchecked(
        checkStaple(der, x509(goodLeaf), x509(intermediate), days(3)),
        /stapled OCSP response is stale/,
      );
    });

    test('a staple for another certificate does not vouch for this one', () => {
      const der = staple(goodLeaf, GOOD);
      assertUnchecked(
        checkStaple(der, x509(revokedLeaf), x509(intermediate), new Date()),
        /does not cover this certificate/,
      );
    });

    test('a staple with a bad signature', () => {
      const der = buildOcspResponse({
        issuer: intermediate,
        leaf: goodLeaf,
        state: GOOD,
        badSignature: true,
      });
      assertUnchecked(
        checkStaple(der, x509(goodLeaf), x509(intermediate), new Date()),
        /signature does not verify/,
      );
    });

    test('truncated bytes', () => {
      const der = staple(goodLeaf, GOOD).subarray(0, 40);
      assertUnchecked(
        checkStaple(der, x509(goodLeaf), x509(intermediate), new Date()),
        /not a readable OCSP response/,
      );
    });

    test('end to end: a TLS server staples, a Node client reads it, the staple says revoked', async () => {
      const leaf = issue({
        cn: 'localhost',
        sans: ['localhost', '127.0.0.1'],
        issuer: intermediate,
        ocspUrl: responder.url,
      });
      const server = await startTlsServer({
        keyPem: leaf.keyPem,
        chainPem: bundle(leaf, intermediate),
        ocspStaple: () => staple(leaf, REVOKED),
      });
      // tls.connect passes requestOCSP on to TLSSocket; @types/node only declares it there.
      const options: tls.ConnectionOptions & tls.TLSSocketOptions = {
        host: '127.0.0.1',
        port: server.port,
        servername: 'localhost',
        ca: root.certPem,
        requestOCSP: true,
      };
      const socket = tls.connect(options);
      try {
        const [[response]] = await Promise.all([
          once(socket, 'OCSPResponse') as Promise<[Buffer]>,
          once(socket, 'secureConnect'),
        ]);
        const peer = socket.getPeerCertificate(true);
        const result = checkStaple(
          response,
          new X509Certificate(peer.raw),
          new X509Certificate(peer.issuerCertificate.raw),
          new Date(),
        );
        assert.equal(result.status, 'revoked', JSON.stringify(result));
        assert.equal(result.status === 'revoked' && result.reason, 'keyCompromise');
      } finally {
        socket.destroy();
        await server.close();
      }
    });
  });

  describe('interoperability with openssl ocsp', {
    skip: !hasOpenssl() && 'openssl not installed',
  }, () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'wxdoctor-ocsp-'));
      await writeFile(join(dir, 'root.pem'), root.certPem);
      await writeFile(join(dir, 'ca.pem'), intermediate.certPem);
      await writeFile(join(dir, 'ca.key'), intermediate.keyPem);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    test('openssl as client accepts the fixture responder', async () => {
      await writeFile(join(dir, 'leaf.pem'), revokedLeaf.certPem);
      const out = await openssl(dir, [
        'ocsp',
        ...['-issuer', 'ca.pem', '-cert', 'leaf.pem', '-url', responder.url],
        ...['-CAfile', 'root.pem', '-verify_other', 'ca.pem'],
      ]);
      assert.match(out, /Response verify OK/);
      assert.match(out, /leaf\.pem: revoked/);
      assert.match(out, /Reason: keyCompromise/);
    });

    test('openssl as responder answers our request, and we verify its answer', async () => {
      const leaf = issue({ cn: 'interop.example.test', issuer: intermediate, serialHex: '1a2b3c' });
      await writeFile(
        join(dir, 'index.txt'),
        'R\t300101000000Z\t260102030405Z,keyCompromise\t1A2B3C\tunknown\t/CN=interop.example.test\n',
      );
      const id = certIdFor(
        parseCertificate(x509(leaf).raw),
        parseCertificate(x509(intermediate).raw),
      );
      await writeFile(join(dir, 'req.der'), encodeRequest(id));
      await openssl(dir, [
        'ocsp',
        ...['-index', 'index.txt', '-CA', 'ca.pem', '-rsigner', 'ca.pem', '-rkey', 'ca.key'],
        ...['-reqin', 'req.der', '-respout', 'resp.der', '-ndays', '1'],
      ]);
      const response = await readFile(join(dir, 'resp.der'));
      assert.deepEqual(checkStaple(response, x509(leaf), x509(intermediate), new Date()), {
        status: 'revoked',
        source: 'staple',
        revokedAt: REVOKED_AT.toISOString(),
        reason: 'keyCompromise',
      });
    });
  });
});

function hasOpenssl(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => existsSync(join(d, 'openssl')));
}

async function openssl(cwd: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('openssl', args, { cwd });
  return `${stdout}${stderr}`;
}
