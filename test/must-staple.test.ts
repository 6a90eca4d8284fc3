/**
 * OCSP Must-Staple (RFC 7633, issue 12), through the CLI's JSON output: a leaf with the TLS
 * Feature extension and no staple is CERT_MUST_STAPLE_MISSING; stapling a good response, or no
 * Must-Staple, is fine.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { requiresStaple } from '../src/probes/cert/must-staple.js';
import { buildOcspResponse } from './fixtures/ocsp-responder.js';
import { bundle, goodChain, issue } from './fixtures/pki.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import { wxCertJson } from './fixtures/wx.js';

const HOST = 'staple.example.test';
const pki = goodChain(HOST);
const dir = mkdtempSync(join(tmpdir(), 'wx-staple-'));
const rootFile = join(dir, 'root.pem');
writeFileSync(rootFile, pki.root.certPem);
const servers: RunningServer[] = [];

const mustStapleLeaf = issue({
  cn: HOST,
  sans: [HOST],
  issuer: pki.intermediate,
  mustStaple: true,
});

interface Result {
  status: string;
  findings: Array<{ code: string; severity: string; message: string }>;
  detail: { ocspStapled: boolean; revocation: { status: string; source: string | null } };
}

async function serve(leaf: typeof mustStapleLeaf, ocspStaple?: () => Buffer | null) {
  const server = await startTlsServer({
    keyPem: leaf.keyPem,
    chainPem: bundle(leaf, pki.intermediate),
    ...(ocspStaple ? { ocspStaple } : {}),
  });
  servers.push(server);
  return server;
}

async function check(port: number): Promise<Result> {
  return (await wxCertJson<Result>(HOST, port, rootFile)).result;
}

const codes = (r: Result) => r.findings.map((f) => f.code);

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('CERT_MUST_STAPLE_MISSING through wx cert --json', () => {
  it('Must-Staple leaf, nothing stapled: fail', async () => {
    const r = await check((await serve(mustStapleLeaf)).port);
    const found = r.findings.find((f) => f.code === 'CERT_MUST_STAPLE_MISSING');
    assert.ok(found, JSON.stringify(r.findings));
    assert.equal(found.severity, 'fail');
    assert.match(
      found.message,
      /CN=staple\.example\.test carries OCSP Must-Staple .* Firefox refuses/,
    );
    assert.equal(r.status, 'fail');
    assert.equal(r.detail.ocspStapled, false);
  });

  it('Must-Staple leaf with a good staple: ok', async () => {
    const staple = buildOcspResponse({
      issuer: pki.intermediate,
      leaf: mustStapleLeaf,
      state: { status: 'good' },
    });
    const r = await check((await serve(mustStapleLeaf, () => staple)).port);
    assert.deepEqual(codes(r), []);
    assert.equal(r.status, 'ok');
    assert.equal(r.detail.ocspStapled, true);
    assert.deepEqual([r.detail.revocation.status, r.detail.revocation.source], ['good', 'staple']);
  });

  it('no Must-Staple, nothing stapled: no such finding', async () => {
    const r = await check((await serve(pki.leaf)).port);
    assert.ok(!codes(r).includes('CERT_MUST_STAPLE_MISSING'), JSON.stringify(r.findings));
    assert.equal(r.status, 'ok');
  });
});

describe('requiresStaple', () => {
  it('reads the TLS Feature extension of the leaf', () => {
    assert.equal(requiresStaple(new X509Certificate(mustStapleLeaf.certPem)), true);
    assert.equal(requiresStaple(new X509Certificate(pki.leaf.certPem)), false);
  });
});
