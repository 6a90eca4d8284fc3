/**
 * `wx check` names one root cause, through the real program, against local servers: the JSON
 * contract (`cause`, `consequenceOf`, the status of causes) and the human opening (verdict with
 * the cause, then the fix).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DnsServer } from './fixtures/dns-server.js';
import { type RunningHttpServer, startHttpServer } from './fixtures/http-server.js';
import { bundle, goodChain } from './fixtures/pki.js';
import { closedPort } from './fixtures/tls-server.js';
import { wx } from './fixtures/wx.js';

const HOST = 'api.example.test';
const pki = goodChain(HOST);
const dir = mkdtempSync(join(tmpdir(), 'wx-cause-'));
const rootFile = join(dir, 'root.pem');
writeFileSync(rootFile, pki.root.certPem);

interface Finding {
  code: string;
  severity: string;
  consequenceOf?: string;
}
interface Combined {
  check: string;
  status: string;
  cause: { probe: string; code: string; severity: string; message: string; hint: string } | null;
  results: Array<{ probe: string; status: string; findings: Finding[] }>;
}

let dns: DnsServer;
let nxdomain: DnsServer;
let incomplete: RunningHttpServer;
let badGateway: RunningHttpServer;
let healthy: RunningHttpServer;
let refused: number;

before(async () => {
  dns = await new DnsServer({ zone: { [HOST]: [{ type: 'A', data: '127.0.0.1' }] } }).start();
  nxdomain = await new DnsServer({ mode: 'nxdomain' }).start();
  const tls = { keyPem: pki.leaf.keyPem, chainPem: bundle(pki.leaf, pki.intermediate) };
  incomplete = await startHttpServer((_q, res) => res.end('ok'), {
    tls: { keyPem: pki.leaf.keyPem, chainPem: bundle(pki.leaf) },
  });
  badGateway = await startHttpServer(
    (_q, res) => {
      res.statusCode = 502;
      res.end('bad gateway');
    },
    { tls },
  );
  healthy = await startHttpServer(
    (_q, res) => {
      res.setHeader('strict-transport-security', 'max-age=31536000');
      res.end('ok');
    },
    { tls },
  );
  refused = await closedPort();
});

after(async () => {
  await Promise.all([dns, nxdomain].map((s) => s.close()));
  await Promise.all([incomplete, badGateway, healthy].map((s) => s.close()));
});

/** `wx check HOST:port` pinned to loopback, its DNS from the local resolver, the test root trusted. */
function args(port: number, resolver = dns): string[] {
  return [
    'check',
    `${HOST}:${port}`,
    '--resolve',
    `${HOST}:${port}:127.0.0.1`,
    '--resolver',
    `127.0.0.1:${resolver.port}`,
    '--ca',
    rootFile,
  ];
}

async function check(argv: string[]): Promise<{ report: Combined; human: string; code: number }> {
  const j = await wx([...argv, '--json']);
  const lines = j.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON document: ${j.stdout}${j.stderr}`);
  const h = await wx(argv);
  assert.equal(h.code, j.code, 'the same verdict in both forms');
  return { report: JSON.parse(lines[0] ?? '') as Combined, human: h.stdout, code: j.code ?? -1 };
}

function findings(report: Combined, probe: string): Finding[] {
  return report.results.find((r) => r.probe === probe)?.findings ?? [];
}

describe('wx check: one root cause', () => {
  test('an incomplete chain is the cause; the http handshake failure follows from it', async () => {
    const { report, human, code } = await check(args(incomplete.port));
    assert.equal(report.cause?.probe, 'cert', JSON.stringify(report));
    assert.equal(report.cause?.code, 'CHAIN_INCOMPLETE');
    assert.equal(report.status, 'fail');
    assert.equal(code, 2);
    const http = findings(report, 'http');
    assert.ok(http.length > 0);
    for (const f of http.filter((x) => x.severity !== 'info')) {
      assert.equal(f.consequenceOf, 'cert/CHAIN_INCOMPLETE', JSON.stringify(http));
    }
    const [first = '', second = ''] = human.split('\n');
    assert.match(
      first,
      new RegExp(`^FAIL check ${HOST}:${incomplete.port}: .+ \\(cert CHAIN_INCOMPLETE\\)$`),
    );
    assert.equal(second, `Fix: ${report.cause?.hint}`);
    assert.match(second, /fullchain\.pem/);
    assert.match(human, /↳ follows from cert\/CHAIN_INCOMPLETE/);
    assert.doesNotMatch(human, /\nAlso:/, 'no other independent problem');
  });

  test('a good certificate and HTTP 502: HTTP_5XX is the cause', async () => {
    const { report, human, code } = await check(args(badGateway.port));
    assert.deepEqual(
      [report.cause?.probe, report.cause?.code, report.status, code],
      ['http', 'HTTP_5XX', 'fail', 2],
      JSON.stringify(report),
    );
    assert.ok(report.results.every((r) => r.findings.every((f) => !f.consequenceOf)));
    const [first = '', second = ''] = human.split('\n');
    assert.match(first, /^FAIL check .*502.* \(http HTTP_5XX\)$/);
    assert.match(second, /^Fix: .*502\/504/);
  });

  test('a refused port: the other connect failures follow from it', async () => {
    const { report, human } = await check(args(refused));
    assert.equal(report.cause?.code, 'CONNECT_REFUSED', JSON.stringify(report));
    assert.equal(report.cause?.probe, 'cert');
    assert.deepEqual(
      findings(report, 'http').map((f) => [f.code, f.consequenceOf]),
      [['CONNECT_REFUSED', 'cert/CONNECT_REFUSED']],
    );
    assert.match(human.split('\n')[0] ?? '', /\(cert CONNECT_REFUSED\)$/);
    assert.equal((human.match(/→ Check that the service is running/g) ?? []).length, 0);
    assert.equal((human.match(/Check that the service is running/g) ?? []).length, 1, human);
  });

  test('--resolver is the DNS of the whole check: a name it says does not exist, said once', async () => {
    const before = nxdomain.queries.length;
    const { report, human, code } = await check([
      'check',
      'nosuch.example',
      '--resolver',
      `127.0.0.1:${nxdomain.port}`,
      '--timeout',
      '5000',
    ]);
    assert.equal(code, 2);
    assert.deepEqual(report.cause && [report.cause.probe, report.cause.code], [
      'dns',
      'DNS_NXDOMAIN',
    ]);
    for (const probe of ['cert', 'http']) {
      assert.deepEqual(
        findings(report, probe).map((f) => [f.code, f.consequenceOf]),
        [['DNS_FAILED', 'dns/DNS_NXDOMAIN']],
        probe,
      );
    }
    // cert and http asked the given resolver (A and AAAA each), in both runs, not the system's.
    const asked = nxdomain.queries.slice(before);
    assert.ok(asked.filter((q) => q.type === 'AAAA').length >= 4, JSON.stringify(asked));
    assert.equal((human.match(/does not exist/g) ?? []).length, 1, human);
    assert.match(
      human.split('\n')[0] ?? '',
      /^FAIL check nosuch\.example: nosuch\.example does not exist/,
    );
    assert.match(human.split('\n')[1] ?? '', /^Fix: /);
  });

  test('--resolve pins the name: its DNS failure is information, the check is ok', async () => {
    const { report, code } = await check(args(healthy.port, nxdomain));
    const dnsFindings = findings(report, 'dns');
    assert.deepEqual(
      dnsFindings.map((f) => [f.code, f.severity]),
      [['DNS_NXDOMAIN', 'info']],
    );
    assert.equal(report.results.find((r) => r.probe === 'dns')?.status, 'ok');
    assert.equal(report.status, 'ok', JSON.stringify(report));
    assert.equal(report.cause, null);
    assert.equal(code, 0);
  });

  test('a healthy host: ok, no cause, the one-line verdict', async () => {
    const { report, human, code } = await check(args(healthy.port));
    assert.equal(report.status, 'ok', JSON.stringify(report));
    assert.equal(report.cause, null);
    assert.equal(code, 0);
    assert.match(
      human,
      new RegExp(`^OK check ${HOST}:${healthy.port}: cert ok, dns ok, http ok\\n`),
    );
    assert.doesNotMatch(human, /Fix:/);
  });
});
