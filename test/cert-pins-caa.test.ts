/**
 * Pins and CAA through the `wx cert` CLI's JSON, against TLS servers with test-made CAs named like
 * public ones and a DNS server on loopback holding the CAA records.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spkiSha256 } from '../src/probes/cert/spki.js';
import type { CertResult } from '../src/probes/index.js';
import { runGuarded } from '../src/probes/index.js';
import { DnsServer } from './fixtures/dns-server.js';
import { bundle, days, type Issued, issue } from './fixtures/pki.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import { wx, wxCertJson } from './fixtures/wx.js';

const dir = mkdtempSync(join(tmpdir(), 'wx-pins-'));
const root = issue({ cn: 'wxdoctor Pin Root', ca: true, notAfter: days(3650) });
const le = issue({ cn: "Let's Encrypt Test R3", ca: true, issuer: root, notAfter: days(1000) });
const otherRoot = issue({ cn: 'Elsewhere Root', ca: true, notAfter: days(3650) });
const digicert = issue({
  cn: 'DigiCert Test CA',
  ca: true,
  issuer: otherRoot,
  notAfter: days(900),
});
const privateCa = issue({ cn: 'Acme Private CA', ca: true, issuer: root, notAfter: days(900) });
const rootsFile = join(dir, 'roots.pem');
writeFileSync(rootsFile, bundle(root, otherRoot));

const dns = new DnsServer({
  zone: {
    // Nothing at api.pay.example.test: the walk goes up to pay.example.test.
    'pay.example.test': [{ type: 'CAA', data: { flags: 0, tag: 'issue', value: 'digicert.com' } }],
    'api.ok.example.test': [{ type: 'A', data: '127.0.0.1' }],
    'example.test': [
      { type: 'CAA', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org; accounturi=x' } },
    ],
    // A wildcard is judged at its base name, where issuewild wins over issue.
    'wild.example.test': [
      { type: 'CAA', data: { flags: 0, tag: 'issue', value: 'digicert.com' } },
      { type: 'CAA', data: { flags: 0, tag: 'issuewild', value: 'letsencrypt.org' } },
    ],
    'private.example.test': [{ type: 'CAA', data: { flags: 0, tag: 'issue', value: ';' } }],
  },
});
// Receives and never answers.
const silent = new DnsServer({ mode: 'silent' });
const servers = new Map<string, RunningServer>();

function serve(host: string, ca: Issued, sans = [host]) {
  const leaf = issue({ cn: host, sans, issuer: ca });
  return startTlsServer({ keyPem: leaf.keyPem, chainPem: bundle(leaf, ca) });
}

before(async () => {
  await dns.start();
  await silent.start();
  servers.set('api.pay.example.test', await serve('api.pay.example.test', le));
  servers.set('api.ok.example.test', await serve('api.ok.example.test', le));
  servers.set('api.none.test', await serve('api.none.test', le));
  servers.set(
    'a.wild.example.test',
    await serve('a.wild.example.test', le, ['*.wild.example.test']),
  );
  servers.set('api.private.example.test', await serve('api.private.example.test', privateCa));
  servers.set('digicert', await serve('api.ok.example.test', digicert));
});

after(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  await dns.close();
  await silent.close();
});

async function cert(host: string, server: string, ...extra: string[]) {
  const port = servers.get(server)?.port ?? 0;
  const { code, result } = await wxCertJson<CertResult>(host, port, rootsFile, ...extra);
  // No OCSP responder here: REVOCATION_UNCHECKED (info) is beside the point.
  const codes = result.findings.map((f) => f.code).filter((c) => c !== 'REVOCATION_UNCHECKED');
  return { code, result, codes };
}

const resolver = () => ['--resolver', `127.0.0.1:${dns.port}`];

describe('wx cert --pin-issuer / --pin-spki', () => {
  test('an issuer pin matches the CN or O of the issuer of any certificate on the path', async () => {
    for (const pin of [
      "Let's Encrypt Test R3",
      'wxdoctor pin root',
      "other, let's encrypt test r3",
    ]) {
      const r = await cert('api.ok.example.test', 'api.ok.example.test', '--pin-issuer', pin);
      assert.deepEqual(r.codes, [], pin);
      assert.equal(r.code, 0);
    }
  });

  test('a certificate from another CA is CERT_PIN_MISMATCH (fail), naming its issuer and path', async () => {
    const r = await cert(
      'api.ok.example.test',
      'digicert',
      '--pin-issuer',
      "Let's Encrypt Test R3",
    );
    assert.deepEqual(r.codes, ['CERT_PIN_MISMATCH']);
    assert.equal(r.code, 2);
    const f = r.result.findings.find((x) => x.code === 'CERT_PIN_MISMATCH');
    assert.equal(f?.severity, 'fail');
    assert.match(f?.message ?? '', /issued by CN=DigiCert Test CA/);
    assert.match(f?.message ?? '', /DigiCert Test CA → CN=Elsewhere Root/);
  });

  test('an SPKI pin matches any key on the path, in base64 or hex; others mismatch', async () => {
    const caKey = spkiSha256(new X509Certificate(le.certPem));
    const hex = Buffer.from(caKey, 'base64').toString('hex');
    for (const pin of [caKey, `pin-sha256="${caKey}"`, hex]) {
      const r = await cert('api.ok.example.test', 'api.ok.example.test', '--pin-spki', pin);
      assert.deepEqual(r.codes, [], pin);
    }
    const r = await cert('api.ok.example.test', 'digicert', '--pin-spki', caKey);
    assert.deepEqual(r.codes, ['CERT_PIN_MISMATCH']);
    assert.equal(
      r.result.detail.path?.steps[1]?.spkiSha256,
      spkiSha256(new X509Certificate(digicert.certPem)),
    );
    const bad = await wx(['cert', 'api.ok.example.test', '--pin-spki', 'nope']);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /--pin-spki wants a SHA-256/);
  });
});

describe('wx cert: CAA', () => {
  test('the closest CAA set up the tree that does not allow the CA: CERT_CAA_MISMATCH (warn)', async () => {
    const r = await cert('api.pay.example.test', 'api.pay.example.test', ...resolver());
    assert.deepEqual(r.codes, ['CERT_CAA_MISMATCH']);
    assert.equal(r.code, 1);
    assert.equal(r.result.detail.caa.name, 'pay.example.test');
    assert.deepEqual(r.result.detail.caa.allowed, ['digicert.com']);
    assert.deepEqual(r.result.detail.caa.caDomains, ['letsencrypt.org']);
    const f = r.result.findings.find((x) => x.code === 'CERT_CAA_MISMATCH');
    assert.equal(f?.severity, 'warn');
    assert.match(f?.message ?? '', /allow only "digicert\.com".*Let's Encrypt Test R3/);
  });

  test('a CA the records allow: no finding; the parameters after ";" do not matter', async () => {
    const r = await cert('api.ok.example.test', 'api.ok.example.test', ...resolver());
    assert.deepEqual(r.codes, []);
    assert.equal(r.result.detail.caa.status, 'found');
    assert.equal(r.result.detail.caa.name, 'example.test');
    assert.deepEqual(r.result.detail.caa.records, ['0 issue "letsencrypt.org; accounturi=x"']);
  });

  test('a wildcard certificate is judged by issuewild at its base name', async () => {
    const r = await cert('a.wild.example.test', 'a.wild.example.test', ...resolver());
    assert.deepEqual(r.codes, []);
    assert.deepEqual(r.result.detail.caa.allowed, ['letsencrypt.org']);
  });

  test('no CAA anywhere up the tree: CERT_CAA_NONE (info), verdict still ok', async () => {
    const r = await cert('api.none.test', 'api.none.test', ...resolver());
    assert.deepEqual(r.codes, ['CERT_CAA_NONE']);
    assert.equal(r.result.findings.find((f) => f.code === 'CERT_CAA_NONE')?.severity, 'info');
    assert.equal(r.code, 0);
    const asked = dns.queries.filter((q) => q.type === 'CAA').map((q) => q.name);
    for (const n of ['api.none.test', 'none.test', 'test']) assert.ok(asked.includes(n), n);
  });

  test('an issuer not in our table is "unknown": never guessed into a mismatch', async () => {
    const r = await cert('api.private.example.test', 'api.private.example.test', ...resolver());
    assert.deepEqual(r.codes, []);
    assert.equal(r.result.detail.caa.caDomains, null);
    assert.deepEqual(r.result.detail.caa.allowed, []);
  });

  test('special-use names are not asked of the system resolver', async () => {
    const before = dns.queries.length;
    const r = await cert('api.pay.example.test', 'api.pay.example.test');
    assert.equal(r.result.detail.caa.status, 'skipped');
    assert.equal(dns.queries.length, before);
  });

  test('a resolver that never answers does not hold the probe to its deadline', async () => {
    const port = servers.get('api.none.test')?.port;
    const t0 = Date.now();
    const r = await wx([
      'cert',
      `api.none.test:${port}`,
      '--resolve',
      `api.none.test:${port}:127.0.0.1`,
      '--ca',
      rootsFile,
      '--resolver',
      `127.0.0.1:${silent.port}`,
      '--timeout',
      '20000',
      '--json',
    ]);
    const result = JSON.parse(r.stdout) as CertResult;
    assert.equal(result.detail.caa.status, 'unchecked');
    assert.deepEqual(
      result.findings.filter((f) => f.code !== 'REVOCATION_UNCHECKED'),
      [],
    );
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });

  test('a connection that fails first ends the lookup too: wx exits', {
    timeout: 15_000,
  }, async () => {
    // Nothing listens on port 1: refused at once, while the silent resolver is still asked.
    const r = await wx([
      'cert',
      'api.none.test:1',
      '--resolve',
      'api.none.test:1:127.0.0.1',
      '--resolver',
      `127.0.0.1:${silent.port}`,
      '--timeout',
      '60000',
      '--json',
    ]);
    assert.equal(r.code, 2);
    assert.deepEqual(
      (JSON.parse(r.stdout) as CertResult).findings.map((f) => f.code),
      ['CONNECT_REFUSED'],
    );
  });

  test('a named resolver goes through the address guard', async () => {
    const port = servers.get('api.pay.example.test')?.port;
    const result = (await runGuarded(
      {
        probe: 'cert',
        spec: {
          host: 'api.pay.example.test',
          port: port ?? 0,
          connectTo: '127.0.0.1',
          warnDays: 30,
          checkLegacy: false,
          checkRevocation: false,
          resolver: { address: '10.0.0.53', port: 53 },
        },
      },
      {
        extraCaPem: [root.certPem],
        policy: { denyPrivate: true, allow: ['127.0.0.1/32'] },
      },
    )) as CertResult;
    assert.equal(result.detail.caa.status, 'unchecked');
    assert.match(result.detail.caa.reason ?? '', /refused by address guard/);
    assert.deepEqual(result.findings, []);
  });
});
