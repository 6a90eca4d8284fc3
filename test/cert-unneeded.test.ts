/**
 * Certificates a server sends but the valid path does not need (the Let's Encrypt 2021 case and its
 * siblings): judged by whether the path clients build uses them. A problem off that path is a
 * warning that names the old clients it still breaks, never a failure.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyseChain, type ChainAnalysis } from '../src/probes/cert/chain.js';
import type { FindingCode } from '../src/probes/findings.js';
import { trustStore } from '../src/probes/tls/trust.js';
import { observe } from '../src/watch/observe.js';
import { certResult, DAY } from './fixtures/cert-results.js';
import { bundle, days, type Issued, issue, rsaKeyPem } from './fixtures/pki.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import { wx } from './fixtures/wx.js';

const HOST = 'unneeded.example.test';
const R1 = 'Unneeded Test Root R1';
const leafKey = rsaKeyPem();
const caKey = rsaKeyPem();
/** R1 is trusted (the test's --ca); R0 is the old root that cross-signed it, long expired. */
const r1 = issue({ cn: R1, ca: true, notAfter: days(3650) });
const r0 = issue({ cn: 'Old Root R0', ca: true, notBefore: days(-4000), notAfter: days(-30) });
const crossExpired = issue({
  cn: R1,
  ca: true,
  issuer: r0,
  keyPem: r1.keyPem,
  notBefore: days(-1000),
  notAfter: days(-10),
});
const intermediate = issue({ cn: 'Unneeded CA I', ca: true, issuer: r1, keyPem: caKey });
const leaf = issue({ cn: HOST, sans: [HOST], issuer: intermediate, keyPem: leafKey });
const trust = trustStore([r1.certPem]);

function analyse(sent: Issued[], store = trust): ChainAnalysis {
  return analyseChain({
    sent: sent.map((c) => new X509Certificate(c.certPem)),
    host: HOST,
    trust: store,
    now: new Date(),
    warnDays: 30,
  });
}

function codes(a: { findings: Array<{ code: string }> }): string[] {
  return a.findings.map((f) => f.code).sort();
}

function only(a: ChainAnalysis, code: FindingCode) {
  const hits = a.findings.filter((f) => f.code === code);
  assert.equal(hits.length, 1, JSON.stringify(a.findings, null, 1));
  return hits[0] as (typeof hits)[number];
}

describe('analyseChain: a sent certificate the valid path does not need', () => {
  test('leaf + intermediate + expired cross-sign of the trusted root: a warning naming old clients', () => {
    const a = analyse([leaf, intermediate, crossExpired]);
    assert.deepEqual(codes(a), ['INTERMEDIATE_EXPIRED']);
    const f = only(a, 'INTERMEDIATE_EXPIRED');
    assert.equal(f.severity, 'warn');
    assert.match(
      f.message,
      /^intermediate CN=Unneeded Test Root R1 \(#2, issued by CN=Old Root R0, off the path\) expired 10 days ago/,
    );
    assert.match(f.message, /the path to CN=Unneeded Test Root R1 does not need it/);
    assert.match(f.message, /OpenSSL before 1\.1\.0, GnuTLS before 3\.6\.14/);
    assert.match(f.hint, /^Stop sending CN=Unneeded Test Root R1 \(#2\)/);
    assert.equal(a.path.outcome, 'trusted');
    assert.deepEqual(
      a.path.steps.map((s) => s.source),
      ['sent', 'sent', 'trust-store'],
    );
    assert.deepEqual(
      a.chain.map((c) => [c.role, c.onPath]),
      [
        ['leaf', true],
        ['intermediate', true],
        ['intermediate', false],
      ],
    );
  });

  test('the expired old root sent after it too: both warnings, the root named as sent', () => {
    const a = analyse([leaf, intermediate, crossExpired, r0]);
    assert.deepEqual(codes(a), ['CHAIN_HAS_ROOT', 'INTERMEDIATE_EXPIRED', 'INTERMEDIATE_EXPIRED']);
    for (const f of a.findings) assert.notEqual(f.severity, 'fail', f.message);
    assert.equal(a.chain[3]?.role, 'root');
    assert.equal(a.chain[3]?.onPath, false);
  });

  test('the same cross-sign on the only path (R1 not trusted, R0 is) is still a failure', () => {
    const a = analyse([leaf, intermediate, crossExpired], trustStore([r0.certPem]));
    // Both the cross-sign and R0 itself (from the store) are expired, and both are on the path.
    const expired = a.findings.filter((f) => f.code === 'INTERMEDIATE_EXPIRED');
    assert.deepEqual(
      expired.map((f) => [f.severity, f.message.split(' expired ')[0]]),
      [
        ['fail', `intermediate CN=${R1}`],
        ['fail', 'trusted root CN=Old Root R0 (from the trust store)'],
      ],
    );
    assert.equal(a.chain[2]?.onPath, true);
  });

  test('a stale copy of the intermediate sent before the renewed one: the valid one is used', () => {
    const stale = issue({
      cn: 'Unneeded CA I',
      ca: true,
      issuer: r1,
      keyPem: caKey,
      notBefore: days(-800),
      notAfter: days(-2),
    });
    const a = analyse([leaf, stale, intermediate]);
    assert.deepEqual(codes(a), ['INTERMEDIATE_EXPIRED']);
    assert.equal(only(a, 'INTERMEDIATE_EXPIRED').severity, 'warn');
    assert.match(only(a, 'INTERMEDIATE_EXPIRED').message, /#1, issued by .* off the path/);
    assert.deepEqual(
      a.path.steps.map((s) => s.index),
      [0, 2, null],
    );
  });

  test('a twin issued by an unknown CA sent first does not hide the trusted path', () => {
    const stranger = issue({ cn: 'Stranger Root', ca: true });
    const detour = issue({ cn: 'Unneeded CA I', ca: true, issuer: stranger, keyPem: caKey });
    const a = analyse([leaf, detour, intermediate]);
    assert.deepEqual(codes(a), []);
    assert.equal(a.path.outcome, 'trusted');
    assert.equal(a.chain[1]?.onPath, false);
  });

  test('a SHA-1 cross-sign the path does not need is a warning', () => {
    const sha1Cross = issue({ cn: R1, ca: true, issuer: r0, keyPem: r1.keyPem, sigAlg: 'sha1' });
    const a = analyse([leaf, intermediate, sha1Cross]);
    assert.deepEqual(codes(a), ['CERT_WEAK_SIGNATURE']);
    assert.equal(only(a, 'CERT_WEAK_SIGNATURE').severity, 'warn');
    assert.match(only(a, 'CERT_WEAK_SIGNATURE').message, /does not need it/);
  });

  test('a trust store holding an expired and a renewed copy of the root uses the renewed one', () => {
    const oldR1 = issue({
      cn: R1,
      ca: true,
      keyPem: r1.keyPem,
      notBefore: days(-4000),
      notAfter: days(-1),
    });
    const a = analyse([leaf, intermediate], trustStore([oldR1.certPem, r1.certPem]));
    assert.deepEqual(codes(a), []);
    assert.equal(a.path.steps[2]?.fingerprint256, new X509Certificate(r1.certPem).fingerprint256);
  });
});

describe('watches: an element off the path is not the chain expiring', () => {
  test('observe() skips a sent certificate the path does not need', () => {
    const now = Date.now();
    const result = certResult(now, [
      { role: 'leaf', fp: 'AA', notAfter: now + 60 * DAY },
      { role: 'intermediate', fp: 'BB', notAfter: now + 900 * DAY },
      {
        role: 'intermediate',
        fp: 'CC',
        notAfter: now - 10 * DAY,
        subject: `CN=${R1}`,
        onPath: false,
      },
    ]);
    const seen = observe(result, [30, 7], now);
    assert.equal(seen.kind, 'reachable');
    if (seen.kind !== 'reachable') return;
    assert.equal(seen.expiry.size, 2);
    for (const view of seen.expiry.values()) assert.notEqual(view.subject, `CN=${R1}`);
  });
});

describe('wx cert --json: the Let’s Encrypt 2021 case against a local server', () => {
  let server: RunningServer;
  const rootFile = join(tmpdir(), `wx-unneeded-${process.pid}-root.pem`);
  before(async () => {
    writeFileSync(rootFile, r1.certPem);
    server = await startTlsServer({
      keyPem: leaf.keyPem,
      chainPem: bundle(leaf, intermediate, crossExpired),
    });
  });
  after(async () => {
    await server.close();
  });

  test('warn (exit 1), not fail: INTERMEDIATE_EXPIRED as a warning on the element off the path', async () => {
    const r = await wx([
      'cert',
      `${HOST}:${server.port}`,
      '--resolve',
      `${HOST}:${server.port}:127.0.0.1`,
      '--ca',
      rootFile,
      '--json',
    ]);
    const result = JSON.parse(r.stdout);
    assert.equal(result.status, 'warn', r.stdout);
    assert.equal(r.code, 1);
    const expired = result.findings.filter(
      (f: { code: string }) => f.code === 'INTERMEDIATE_EXPIRED',
    );
    assert.equal(expired.length, 1);
    assert.equal(expired[0].severity, 'warn');
    assert.match(expired[0].message, /clients that follow the chain as sent/);
    assert.deepEqual(
      result.detail.chain.map((c: { onPath: boolean }) => c.onPath),
      [true, true, false],
    );
    assert.equal(result.detail.path.outcome, 'trusted');
  });
});
