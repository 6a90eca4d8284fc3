/**
 * Real-world HTTP cases through `wx http --json`: HSTS that is present but off (max-age=0,
 * malformed, sent over plain http) and https → http redirects.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import { parseSts } from '../src/probes/http/hsts.js';
import { probeHttp } from '../src/probes/http/index.js';
import { type Handler, type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { wx } from './fixtures/wx.js';

const HOST = 'www.example.com';
const pki = goodChain(HOST);
const dir = mkdtempSync(join(tmpdir(), 'wx-http-rw-'));
const rootFile = join(dir, 'root.pem');
writeFileSync(rootFile, pki.root.certPem);
const tls = { keyPem: pki.leaf.keyPem, chainPem: bundle(pki.leaf, pki.intermediate) };

interface Finding {
  code: string;
  severity: string;
  message: string;
}
interface Result {
  status: string;
  findings: Finding[];
  detail: { status: number | null; redirects: Array<{ url: string; location: string }> };
}

const servers: RunningHttpServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(handler: Handler, secure: boolean): Promise<RunningHttpServer> {
  const s = await startHttpServer(handler, secure ? { tls } : {});
  servers.push(s);
  return s;
}

/** `wx http <url> --json` with every server's port resolved to loopback and the test root trusted. */
async function probe(url: string): Promise<{ code: number | null; result: Result }> {
  const resolves = servers.flatMap((s) => ['--resolve', `${HOST}:${s.port}:127.0.0.1`]);
  const r = await wx(['http', url, ...resolves, '--ca', rootFile, '--json']);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON document, got: ${r.stdout}${r.stderr}`);
  return { code: r.code, result: JSON.parse(lines[0] ?? '') as Result };
}

function stsServer(value: string | string[], secure = true): Promise<RunningHttpServer> {
  return serve((_req, res) => {
    res.setHeader('strict-transport-security', value);
    res.end('ok');
  }, secure);
}

function hsts(result: Result): Finding | undefined {
  return result.findings.find((f) => f.code === 'HTTP_NO_HSTS');
}

describe('HSTS that is sent but off', () => {
  it('max-age=0 disables HSTS: HTTP_NO_HSTS says so', async () => {
    const s = await stsServer('max-age=0; includeSubDomains');
    const { result } = await probe(`https://${HOST}:${s.port}/`);
    const f = hsts(result);
    assert.ok(f, JSON.stringify(result.findings));
    assert.match(f.message, /max-age=0.*disables HSTS \(RFC 6797 §6\.1\.1\)/);
    assert.equal(f.severity, 'info');
  });

  for (const [value, problem] of [
    ['max-age=31536000; max-age=0', /max-age directive appears twice/],
    ['includeSubDomains', /no max-age directive/],
    ['max-age=one-year', /max-age is "one-year", not a number/],
    ['max-age=31536000; includeSubDomains=yes', /includeSubDomains directive takes no value/],
  ] as const) {
    it(`a malformed header (${value}) is ignored by browsers: HTTP_NO_HSTS`, async () => {
      const s = await stsServer(value);
      const { result } = await probe(`https://${HOST}:${s.port}/`);
      const f = hsts(result);
      assert.ok(f, JSON.stringify(result.findings));
      assert.match(f.message, /invalid Strict-Transport-Security header/);
      assert.match(f.message, problem);
      assert.match(f.message, /RFC 6797 §6\.1/);
    });
  }

  it('two header fields: only the first counts (RFC 6797 §8.1)', async () => {
    const off = await stsServer(['max-age=0', 'max-age=31536000']);
    const { result } = await probe(`https://${HOST}:${off.port}/`);
    assert.match(hsts(result)?.message ?? '', /max-age=0 \(the first of 2 such headers/);
    const on = await stsServer(['max-age=31536000', 'max-age=0']);
    assert.equal(hsts((await probe(`https://${HOST}:${on.port}/`)).result), undefined);
  });

  it('a valid header, quoted max-age and odd case included, is fine', async () => {
    const s = await stsServer('Max-Age="31536000" ;includesubdomains; preload;');
    const { result, code } = await probe(`https://${HOST}:${s.port}/`);
    assert.deepEqual(result.findings, []);
    assert.equal(code, 0);
  });

  it('max-age=0 on an error page still switches HSTS off', async () => {
    const s = await serve((_req, res) => {
      res.statusCode = 404;
      res.setHeader('strict-transport-security', 'max-age=0');
      res.end('no');
    }, true);
    const { result } = await probe(`https://${HOST}:${s.port}/`);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['HTTP_4XX', 'HTTP_NO_HSTS'],
    );
  });

  it('HSTS sent over plain http is ignored: HTTP_NO_HSTS says so', async () => {
    const s = await stsServer('max-age=31536000', false);
    const { result } = await probe(`http://${HOST}:${s.port}/`);
    assert.match(hsts(result)?.message ?? '', /plain HTTP: browsers ignore .*RFC 6797 §8\.1/);
  });
});

describe('https → http redirects', () => {
  let plain: RunningHttpServer;
  before(async () => {
    plain = await serve((_req, res) => res.end('in clear'), false);
  });

  it('an https URL that redirects to http: HTTP_INSECURE_REDIRECT (fail) names the hop', async () => {
    const secure = await serve((_req, res) => {
      res.writeHead(302, { location: `http://${HOST}:${plain.port}/login` }).end();
    }, true);
    const first = `https://${HOST}:${secure.port}/`;
    const { result, code } = await probe(first);
    const f = result.findings.find((x) => x.code === 'HTTP_INSECURE_REDIRECT');
    assert.ok(f, JSON.stringify(result.findings));
    assert.equal(f.severity, 'fail');
    assert.match(f.message, /^redirect 1: /);
    assert.ok(
      f.message.includes(`${first} answered 302 with Location http://${HOST}:${plain.port}/login`),
    );
    assert.equal(result.status, 'fail');
    assert.equal(code, 2);
    assert.equal(result.detail.status, 200, 'the chain is still followed to its end');
  });

  it('a downgrade at a later hop names that hop', async () => {
    const down = await serve((_req, res) => {
      res.writeHead(301, { location: `http://${HOST}:${plain.port}/` }).end();
    }, true);
    const entry = await serve((_req, res) => {
      res.writeHead(308, { location: `https://${HOST}:${down.port}/next` }).end();
    }, true);
    const { result } = await probe(`https://${HOST}:${entry.port}/`);
    const found = result.findings.filter((x) => x.code === 'HTTP_INSECURE_REDIRECT');
    assert.equal(found.length, 1, JSON.stringify(result.findings));
    assert.match(
      found[0]?.message ?? '',
      new RegExp(`^redirect 2: https://${HOST}:${down.port}/next answered 301`),
    );
  });

  it('http → https is the good direction: no finding', async () => {
    const secure = await stsServer('max-age=31536000');
    const upgrade = await serve((_req, res) => {
      res.writeHead(301, { location: `https://${HOST}:${secure.port}/` }).end();
    }, false);
    const { result, code } = await probe(`http://${HOST}:${upgrade.port}/`);
    assert.deepEqual(result.findings, []);
    assert.equal(code, 0);
  });
});

describe('a public name that resolves to 0.0.0.0 or loopback (a sinkholing resolver, a hosts entry)', () => {
  // On Linux, 0.0.0.0 reaches this machine: without the check the probe diagnoses a local server.
  for (const address of ['0.0.0.0', '127.0.0.1']) {
    it(`${address}: DNS_SINKHOLE from the http and cert probes, nothing connected to`, async () => {
      const local = await serve((_req, res) => res.end('a local service'), true);
      const lookup = async () => [{ address, family: 4 as const }];
      const ctx = () => createContext({ timeoutMs: 5000, lookup, extraCaPem: [pki.root.certPem] });
      const http = await probeHttp({ url: `https://${HOST}:${local.port}/`, resolve: [] }, ctx());
      assert.deepEqual(
        http.findings.map((f) => f.code),
        ['DNS_SINKHOLE'],
        JSON.stringify(http.findings),
      );
      assert.match(http.findings[0]?.message ?? '', new RegExp(`resolves only to ${address}`));
      const cert = await probeCert({ host: HOST, port: local.port, warnDays: 14 }, ctx());
      assert.deepEqual(
        cert.findings.map((f) => f.code),
        ['DNS_SINKHOLE'],
      );
      assert.equal(local.connections(), 0);
    });
  }
});

describe('parseSts', () => {
  it('reads the directives browsers read', () => {
    assert.deepEqual(parseSts('max-age=300'), {
      valid: true,
      maxAge: 300,
      includeSubDomains: false,
      preload: false,
    });
    assert.equal(parseSts('max-age=300; unknown-ext="a;b"').valid, true);
    assert.equal(parseSts('max-age="300').valid, false);
    assert.equal(parseSts('max-age=').valid, false);
    assert.equal(parseSts('max-age=-1').valid, false);
  });
});
