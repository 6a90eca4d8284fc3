/**
 * Key exchanges current clients refuse (issue 12), through the CLI's JSON output: finite-field DHE
 * under 2048 bits (as the only choice, or chosen over ECDHE), export-grade and NULL suites as the
 * only choice, small curves; a 2048-bit group and a server that shares nothing stay as they were.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { observe } from '../src/watch/observe.js';
import { certResult, DAY } from './fixtures/cert-results.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';
import {
  DH1024_PEM,
  type ScriptedOptions,
  startScriptedServer,
} from './fixtures/weak-kex-server.js';
import { wx, wxCertJson } from './fixtures/wx.js';

const HOST = 'kex.example.test';
const pki = goodChain(HOST);
const dir = mkdtempSync(join(tmpdir(), 'wx-kex-'));
const rootFile = join(dir, 'root.pem');
writeFileSync(rootFile, pki.root.certPem);
const servers: RunningServer[] = [];

interface Finding {
  code: string;
  severity: string;
  message: string;
}
interface Result {
  status: string;
  findings: Finding[];
  detail: {
    cipher: string | null;
    keyExchange: { kind: string; bits: number | null; group: string | null; source: string } | null;
    chain: unknown[];
  };
}

async function tls12(opts: {
  ciphers: string;
  dhparam?: string;
  ecdhCurve?: string;
  honorCipherOrder?: boolean;
}) {
  const server = await startTlsServer({
    keyPem: pki.leaf.keyPem,
    chainPem: bundle(pki.leaf, pki.intermediate),
    maxVersion: 'TLSv1.2', // TLS 1.3 would settle on ECDHE whatever the TLS 1.2 suites are
    ...opts,
  });
  servers.push(server);
  return server;
}

async function scripted(kind: ScriptedOptions['kind'], bits?: number) {
  const server = await startScriptedServer({
    kind,
    ...(bits ? { bits } : {}),
    keyPem: pki.leaf.keyPem,
    certificates: [pki.leaf, pki.intermediate].map((c) =>
      Buffer.from(new X509Certificate(c.certPem).raw),
    ),
  });
  servers.push(server);
  return server;
}

async function check(port: number): Promise<Result> {
  return (await wxCertJson<Result>(HOST, port, rootFile)).result;
}

function weak(r: Result): Finding {
  const found = r.findings.filter((f) => f.code === 'TLS_WEAK_KEY_EXCHANGE');
  assert.equal(found.length, 1, JSON.stringify(r.findings));
  assert.equal(found[0]?.severity, 'fail');
  assert.equal(r.status, 'fail');
  assert.ok(!r.findings.some((f) => f.code === 'TLS_HANDSHAKE_FAILED'), 'not a generic failure');
  assert.ok(!r.findings.some((f) => f.code === 'PROBE_ERROR'));
  return found[0] as Finding;
}

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('TLS_WEAK_KEY_EXCHANGE through wx cert --json', () => {
  it('DHE with a 1024-bit group as the only key exchange: fail, not a clean verdict', async () => {
    const s = await tls12({
      ciphers: 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      dhparam: DH1024_PEM,
    });
    const r = await check(s.port);
    const f = weak(r);
    assert.match(f.message, /only key exchange is finite-field DHE with a 1024-bit group/);
    assert.match(f.message, /Chrome, Firefox and Go/);
    assert.deepEqual(r.detail.keyExchange, {
      kind: 'DHE',
      bits: 1024,
      group: null,
      source: 'handshake',
    });
    assert.equal(r.detail.chain.length, 2);
  });

  it('DHE-1024 chosen over ECDHE: fail, and the message says who still connects', async () => {
    const s = await tls12({
      ciphers: 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      dhparam: DH1024_PEM,
      honorCipherOrder: true,
    });
    const f = weak(await check(s.port));
    assert.match(
      f.message,
      /chooses finite-field DHE with a 1024-bit group .* even when ECDHE is offered/,
    );
    assert.match(f.message, /dh key too small/);
  });

  it('DHE with a 512-bit group that our own client refuses: TLS_WEAK_KEY_EXCHANGE, the chain still read', async () => {
    const s = await scripted('dhe', 512);
    const r = await check(s.port);
    const f = weak(r);
    assert.match(
      f.message,
      /failed \(.*\): the server's only key exchange is finite-field DHE with a 512-bit group/,
    );
    assert.deepEqual(r.detail.keyExchange, {
      kind: 'DHE',
      bits: 512,
      group: null,
      source: 'weak-offer',
    });
    assert.equal(r.detail.chain.length, 2, 'certificates read from the weak offer flight');
  });

  it('a NULL suite as the only choice', async () => {
    const s = await tls12({ ciphers: 'NULL-SHA256:@SECLEVEL=0' });
    const f = weak(await check(s.port));
    assert.match(
      f.message,
      /only cipher suite the server accepts is TLS_RSA_WITH_NULL_SHA256, NULL encryption/,
    );
  });

  it('an export-grade suite as the only choice', async () => {
    const s = await scripted('rsa-export');
    const r = await check(s.port);
    const f = weak(r);
    assert.match(f.message, /TLS_RSA_EXPORT_WITH_RC4_40_MD5, export grade/);
    assert.equal(r.detail.keyExchange?.kind, 'RSA-EXPORT');
    assert.equal(r.detail.keyExchange?.bits, 512);
  });

  it('ECDHE on a curve under 256 bits as the only choice', async () => {
    const s = await tls12({
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      ecdhCurve: 'secp224r1',
    });
    const r = await check(s.port);
    const f = weak(r);
    assert.match(f.message, /only key exchange is ECDHE on secp224r1 \(224-bit\)/);
    assert.equal(r.detail.keyExchange?.group, 'secp224r1');
  });

  it('DHE with a 2048-bit group: ok, the key exchange in the detail', async () => {
    const s = await tls12({ ciphers: 'DHE-RSA-AES128-GCM-SHA256', dhparam: 'auto' });
    const r = await check(s.port);
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.equal(r.detail.keyExchange?.kind, 'DHE');
    assert.ok((r.detail.keyExchange?.bits ?? 0) >= 2048);
  });

  it('a server that shares no suite at all stays TLS_HANDSHAKE_FAILED', async () => {
    // Speaks only DHE, without DH parameters: it can choose nothing, weak or not.
    const s = await tls12({ ciphers: 'DHE-RSA-AES128-GCM-SHA256' });
    const r = await check(s.port);
    assert.deepEqual(
      r.findings.map((f) => f.code).filter((c) => c.startsWith('TLS_')),
      ['TLS_HANDSHAKE_FAILED'],
    );
  });
});

describe('wx http', () => {
  it('an https URL on a server with a 512-bit DH group: TLS_WEAK_KEY_EXCHANGE, not a generic failure', async () => {
    const s = await scripted('dhe', 512);
    const r = await wx([
      'http',
      `https://${HOST}:${s.port}/`,
      '--resolve',
      `${HOST}:${s.port}:127.0.0.1`,
      '--ca',
      rootFile,
      '--json',
    ]);
    const result = JSON.parse(r.stdout) as Result;
    const codes = result.findings.map((f) => f.code);
    assert.ok(codes.includes('TLS_WEAK_KEY_EXCHANGE'), JSON.stringify(result.findings));
    assert.ok(!codes.includes('TLS_HANDSHAKE_FAILED'));
  });
});

describe('watches', () => {
  it('a weak key exchange or a missing Must-Staple staple is breakage, as the failure it replaces was', () => {
    const now = Date.now();
    for (const code of ['TLS_WEAK_KEY_EXCHANGE', 'CERT_MUST_STAPLE_MISSING'] as const) {
      const leaf = { role: 'leaf' as const, fp: 'AA:01', notAfter: now + 90 * DAY };
      const seen = observe(certResult(now, [leaf], [code]), [30], now);
      assert.equal(seen.kind, 'reachable');
      assert.ok(seen.kind === 'reachable' && seen.breakage.has(code), code);
    }
  });
});
