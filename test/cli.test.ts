import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { ProgressLine } from '../src/cli/progress.js';
import { DnsServer } from './fixtures/dns-server.js';
import { bundle, days, goodChain, issue } from './fixtures/pki.js';
import { type RunningServer, startSilentServer, startTlsServer } from './fixtures/tls-server.js';
import { wx } from './fixtures/wx.js';

const HOST = 'api.example.test';
const dir = mkdtempSync(join(tmpdir(), 'wx-cli-'));
const pki = goodChain(HOST);
const rootFile = join(dir, 'root.pem');
writeFileSync(rootFile, pki.root.certPem);

const servers: Array<{ close(): Promise<void> | void }> = [];
let good: RunningServer;
let expiring: RunningServer;
let expired: RunningServer;

function resolve(port: number): string[] {
  return ['--resolve', `${HOST}:${port}:127.0.0.1`];
}

function json(stdout: string) {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON document on stdout, got: ${stdout}`);
  return JSON.parse(lines[0] ?? '');
}

function codes(result: { findings: Array<{ code: string }> }): string[] {
  return result.findings.map((f) => f.code);
}

before(async () => {
  good = await startTlsServer({
    keyPem: pki.leaf.keyPem,
    chainPem: bundle(pki.leaf, pki.intermediate),
  });
  const soon = issue({ cn: HOST, issuer: pki.intermediate, notAfter: days(10) });
  expiring = await startTlsServer({
    keyPem: soon.keyPem,
    chainPem: bundle(soon, pki.intermediate),
  });
  const old = issue({
    cn: HOST,
    issuer: pki.intermediate,
    notBefore: days(-100),
    notAfter: days(-3),
  });
  expired = await startTlsServer({ keyPem: old.keyPem, chainPem: bundle(old, pki.intermediate) });
  servers.push(good, expiring, expired);
});

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('wx: usage and help', () => {
  it('help lists the commands, exit 0', async () => {
    const r = await wx(['help']);
    assert.equal(r.code, 0);
    for (const c of ['cert', 'dns', 'http', 'check'])
      assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('no command: the overview on stderr, exit 3', async () => {
    const r = await wx([]);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /commands:/);
  });

  for (const argv of [
    ['cert'],
    ['cert', HOST, '--bogus'],
    ['cert', HOST, '--timeout', 'x'],
    ['frobnicate'],
  ]) {
    it(`bad arguments ${JSON.stringify(argv)}: usage on stderr, exit 3, no stack trace`, async () => {
      const r = await wx(argv);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^wx: .+\n\n/);
      assert.match(r.stderr, /usage: wx |commands:/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }

  it('an unreadable --ca file is named, exit 3', async () => {
    const r = await wx(['cert', HOST, '--ca', join(dir, 'missing.pem')]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /--ca .*missing\.pem: ENOENT/);
  });
});

describe('wx cert: JSON, exit codes, trust', () => {
  it('a good chain: the ProbeResult alone on stdout, exit 0', async () => {
    const r = await wx([
      'cert',
      `${HOST}:${good.port}`,
      ...resolve(good.port),
      '--ca',
      rootFile,
      '--json',
    ]);
    const result = json(r.stdout);
    assert.equal(result.probe, 'cert');
    assert.equal(result.target, `${HOST}:${good.port}`);
    assert.equal(result.status, 'ok', r.stdout);
    assert.equal(r.code, 0);
    for (const key of ['findings', 'detail', 'startedAt', 'durationMs'])
      assert.ok(key in result, key);
    assert.equal(result.detail.chain.length, 2);
  });

  it('expiring within --warn-days: warn, exit 1; a smaller window: ok, exit 0', async () => {
    const r = await wx([
      'cert',
      `${HOST}:${expiring.port}`,
      ...resolve(expiring.port),
      '--ca',
      rootFile,
      '--json',
    ]);
    assert.equal(r.code, 1);
    assert.ok(codes(json(r.stdout)).includes('CERT_EXPIRING'));
    const narrow = await wx([
      'cert',
      `${HOST}:${expiring.port}`,
      ...resolve(expiring.port),
      '--ca',
      rootFile,
      '--warn-days',
      '5',
      '--json',
    ]);
    assert.equal(narrow.code, 0, narrow.stdout);
  });

  it('expired: fail, exit 2', async () => {
    const r = await wx([
      'cert',
      `${HOST}:${expired.port}`,
      ...resolve(expired.port),
      '--ca',
      rootFile,
      '--json',
    ]);
    assert.equal(r.code, 2);
    assert.ok(codes(json(r.stdout)).includes('CERT_EXPIRED'));
  });

  it('NODE_EXTRA_CA_CERTS is trusted like --ca; neither: the unsent, untrusted root is named', async () => {
    const withEnv = await wx(['cert', `${HOST}:${good.port}`, ...resolve(good.port), '--json'], {
      env: { NODE_EXTRA_CA_CERTS: rootFile },
    });
    assert.equal(withEnv.code, 0, withEnv.stdout);
    const without = await wx(['cert', `${HOST}:${good.port}`, ...resolve(good.port), '--json']);
    assert.equal(without.code, 2);
    const incomplete = json(without.stdout).findings.find(
      (f: { code: string }) => f.code === 'CHAIN_INCOMPLETE',
    );
    assert.match(incomplete?.message ?? '', /wxdoctor Test Root/);
  });

  it('--deny-private refuses loopback: error, exit 3', async () => {
    const r = await wx(['cert', `127.0.0.1:${good.port}`, '--deny-private', '--json']);
    assert.equal(r.code, 3);
    const result = json(r.stdout);
    assert.equal(result.status, 'error');
    assert.deepEqual(codes(result), ['ADDRESS_BLOCKED']);
  });

  it('--timeout bounds a server that never speaks: fail, exit 2', async () => {
    const silent = await startSilentServer();
    servers.push(silent);
    const t0 = performance.now();
    // 1.5 s: long enough that a loaded CI machine still connects (the wait is for the TLS
    // answer, not the TCP connect), short enough that "bounded" means something.
    const r = await wx(['cert', `127.0.0.1:${silent.port}`, '--timeout', '1500', '--json']);
    assert.equal(r.code, 2);
    assert.ok(codes(json(r.stdout)).includes('TLS_TIMEOUT'), r.stdout);
    assert.ok(performance.now() - t0 < 10_000, 'wx returned long after its timeout');
  });

  it('human output: verdict line first, findings with hints, no colour off a TTY', async () => {
    const r = await wx([
      'cert',
      `${HOST}:${expired.port}`,
      ...resolve(expired.port),
      '--ca',
      rootFile,
    ]);
    assert.equal(r.code, 2);
    const [first] = r.stdout.split('\n');
    assert.match(first ?? '', new RegExp(`^FAIL cert ${HOST}:${expired.port}: `));
    assert.match(r.stdout, /CERT_EXPIRED .+\n\s+→ /);
    assert.ok(!r.stdout.includes('\u001b['), 'no ANSI escapes off a TTY');
  });

  it('--file: JSONL, one line per good target, bad lines named on stderr, worst exit code', async () => {
    const list = join(dir, 'hosts.txt');
    writeFileSync(list, `# targets\n${HOST}:${good.port}\n\n${HOST}:${expired.port}\n`);
    const overrides = [...resolve(good.port), ...resolve(expired.port)];
    const r = await wx([
      'cert',
      '--file',
      list,
      '--concurrency',
      '2',
      ...overrides,
      '--ca',
      rootFile,
      '--json',
    ]);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.status).sort(), ['fail', 'ok']);
    assert.equal(r.code, 2);

    writeFileSync(list, `${HOST}:${good.port}\nnot a host!\n`);
    const bad = await wx(['cert', '--file', list, ...overrides, '--ca', rootFile, '--json']);
    assert.equal(bad.stdout.trim().split('\n').length, 1);
    assert.match(bad.stderr, /hosts\.txt:2: not a host name/);
    assert.equal(bad.code, 3);
  });

  it('--file - reads targets from stdin', async () => {
    const r = await wx(['cert', '--file', '-', ...resolve(good.port), '--ca', rootFile, '--json'], {
      stdin: `${HOST}:${good.port}\n`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, 'ok');
  });
});

describe('wx dns and wx http through the CLI', () => {
  it('dns: resolvers that disagree → DNS_INCONSISTENT, exit 1', async () => {
    const a = await new DnsServer({ zone: { [HOST]: [{ type: 'A', data: '192.0.2.1' }] } }).start();
    const b = await new DnsServer({ zone: { [HOST]: [{ type: 'A', data: '192.0.2.2' }] } }).start();
    servers.push(a, b);
    const r = await wx([
      'dns',
      HOST,
      '--resolver',
      `127.0.0.1:${a.port}`,
      '--resolver',
      `127.0.0.1:${b.port}`,
      '--json',
    ]);
    assert.equal(r.code, 1, r.stdout);
    const result = json(r.stdout);
    assert.ok(codes(result).includes('DNS_INCONSISTENT'));
    assert.equal(result.detail.resolvers.length, 2);
  });

  it('http: 503 → HTTP_5XX, exit 2', async () => {
    const server = http.createServer((_req, res) => {
      res.statusCode = 503;
      res.end('down');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push({ close: () => void server.close() });
    const { port } = server.address() as AddressInfo;
    const r = await wx(['http', `http://127.0.0.1:${port}/healthz`, '--json']);
    assert.equal(r.code, 2);
    assert.ok(codes(json(r.stdout)).includes('HTTP_5XX'));
  });
});

describe('wx check', () => {
  it('cert + dns + http in one combined report, exit code the worst', async () => {
    const server = https.createServer(
      { key: pki.leaf.keyPem, cert: bundle(pki.leaf, pki.intermediate) },
      (_req, res) => {
        res.setHeader('strict-transport-security', 'max-age=31536000');
        res.end('ok');
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push({ close: () => void server.close() });
    const { port } = server.address() as AddressInfo;
    const dns = await new DnsServer({
      zone: { [HOST]: [{ type: 'A', data: '127.0.0.1' }] },
    }).start();
    servers.push(dns);
    const args = [
      'check',
      `${HOST}:${port}`,
      ...resolve(port),
      '--resolver',
      `127.0.0.1:${dns.port}`,
      '--ca',
      rootFile,
    ];
    const r = await wx([...args, '--json']);
    const report = json(r.stdout);
    assert.equal(report.check, `${HOST}:${port}`);
    assert.deepEqual(
      report.results.map((x: { probe: string }) => x.probe),
      ['cert', 'dns', 'http'],
    );
    assert.equal(report.status, 'ok', r.stdout);
    assert.equal(r.code, 0);

    const human = await wx(args);
    assert.match(human.stdout, new RegExp(`^OK check ${HOST}:${port}: cert ok, dns ok, http ok`));
  });
});

describe('wx --file at scale: progress, summary, --summary; watch list --file', () => {
  function collector() {
    let text = '';
    const stream = new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    });
    return { stream, text: () => text };
  }

  /** `n` lines alternating a good and an expired server, plus one line that names no host. */
  function hostsFile(n: number): { file: string; overrides: string[] } {
    const file = join(dir, `many-${n}.txt`);
    const lines = ['# hosts', 'not a host!'];
    for (let i = 0; i < n; i++) lines.push(`${HOST}:${i % 2 === 0 ? good.port : expired.port}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return { file, overrides: [...resolve(good.port), ...resolve(expired.port), '--ca', rootFile] };
  }

  it('human output ends with a summary: counts by status, worst codes with counts and examples', async () => {
    const { file, overrides } = hostsFile(4);
    const r = await wx(['cert', '--file', file, ...overrides]);
    assert.equal(r.code, 3, 'the unreadable line counts as error');
    assert.match(r.stderr, /many-4\.txt:2: not a host name/);
    assert.equal(r.stdout.match(/^(OK|FAIL) cert /gm)?.length, 4, 'every result, in full');
    const summary = r.stdout.slice(r.stdout.indexOf('\nSummary: '));
    assert.match(
      summary,
      /^\nSummary: 4 targets: 2 ok · 2 fail; 1 line not understood \(see stderr\)\n/,
    );
    assert.match(
      summary,
      new RegExp(`\\n  fail +CERT_EXPIRED +2 +${HOST}:${expired.port}, ${HOST}:${expired.port}\\n`),
    );
    assert.ok(!r.stderr.includes('\r'), 'no progress line off a terminal');
  });

  it('--summary: one line per target that is not ok, then the summary; bounded at scale', async () => {
    const { file, overrides } = hostsFile(40);
    const r = await wx(['cert', '--file', file, '--summary', '--concurrency', '16', ...overrides]);
    assert.equal(r.code, 3);
    const lines = r.stdout.trimEnd().split('\n');
    const problems = lines.filter((l) => l.startsWith('FAIL cert '));
    assert.equal(problems.length, 20);
    assert.match(
      problems[0] ?? '',
      new RegExp(`^FAIL cert ${HOST}:${expired.port}: .+ \\(CERT_EXPIRED\\b`),
    );
    assert.ok(!lines.some((l) => l.startsWith('OK ')), 'ok targets are not listed');
    assert.ok(lines.length < 30, `compact: ${lines.length} lines`);
    assert.match(r.stdout, /^Summary: 40 targets: 20 ok · 20 fail; 1 line not understood/m);
    assert.match(r.stdout, /^ {2}fail +CERT_EXPIRED +20 +.+, …$/m);
  });

  it('--json stays JSONL with no summary; --summary with --json or without --file is a usage error', async () => {
    const { file, overrides } = hostsFile(2);
    const r = await wx(['cert', '--file', file, '--json', ...overrides]);
    assert.deepEqual(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).status)
        .sort(),
      ['fail', 'ok'],
    );
    const both = await wx(['cert', '--file', file, '--json', '--summary']);
    assert.equal(both.code, 3);
    assert.match(both.stderr, /^wx: --summary is for people/);
    const single = await wx(['cert', HOST, '--summary']);
    assert.equal(single.code, 3);
    assert.match(single.stderr, /^wx: --summary only applies with --file/);
  });

  it('on a terminal: a progress line on stderr, rewritten in place and cleared at the end', async () => {
    const { file, overrides } = hostsFile(4);
    const out = collector();
    const err = collector();
    const argv = ['cert', '--file', file, '--summary', ...overrides];
    const code = await main(argv, {
      stdout: out.stream,
      stderr: err.stream,
      stdin: Readable.from([]),
      colour: false,
      progress: true,
    });
    assert.equal(code, 3);
    const stderr = err.text();
    // Each frame starts with "back to column 0, erase the line".
    const frames = stderr.split('\r\x1b[2K');
    assert.ok(
      frames.some((f) => /^wx: \d+\/\d+\+? checked · /.test(f)),
      'drawn in place',
    );
    assert.ok(frames.includes('wx: 4/4 checked · 2 ok · 2 fail'), 'the final count');
    assert.ok(
      frames.some((f) => /^wx: .+:2: not a host name: "not a host!"\n$/.test(f)),
      stderr,
    );
    assert.ok(stderr.endsWith('\r\x1b[2K'), 'cleared before the summary');
    assert.ok(!out.text().includes('\r'), 'nothing of it on stdout');
    assert.match(out.text(), /^Summary: 4 targets/m);

    const quiet = collector();
    await main(argv, {
      stdout: collector().stream,
      stderr: quiet.stream,
      stdin: Readable.from([]),
      colour: false,
      progress: false,
    });
    assert.equal(quiet.text(), `wx: ${file}:2: not a host name: "not a host!"\n`);
  });

  it('the progress line steps aside for other output and comes back', () => {
    const err = collector();
    let t = 0;
    const line = new ProgressLine(err.stream, true, 100, () => t);
    line.show('wx: 1/3 checked');
    t = 50;
    line.show('wx: 2/3 checked');
    line.around(
      () => err.stream.write('wx: hosts.txt:7: not a host name\n'),
      () => 'wx: 2/3 checked',
    );
    line.clear();
    assert.equal(
      err.text(),
      '\r\x1b[2Kwx: 1/3 checked\r\x1b[2Kwx: hosts.txt:7: not a host name\n\r\x1b[2Kwx: 2/3 checked\r\x1b[2K',
    );
    const off = collector();
    new ProgressLine(off.stream, false).show('wx: 1/3 checked', true);
    assert.equal(off.text(), '');
  });

  it('watch list --file: one line per watch, then the summary', async () => {
    const watches = join(dir, 'watches.yml');
    writeFileSync(
      watches,
      [
        'watches:',
        `  - { host: "${HOST}:${good.port}", resolve: "${HOST}:${good.port}:127.0.0.1", to: [slack:C0123ABCD] }`,
        `  - { host: "${HOST}:${expired.port}", resolve: "${HOST}:${expired.port}:127.0.0.1", to: [wecom-robot:ops, slack:C0123ABCD] }`,
      ].join('\n'),
    );
    const r = await wx(['watch', 'list', '--file', watches], {
      env: { NODE_EXTRA_CA_CERTS: rootFile },
    });
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0] ?? '', /^status +watch +days +expires +to +problem$/);
    assert.match(
      lines[1] ?? '',
      new RegExp(`^OK +${HOST}:${good.port} +\\d+ +\\d{4}-\\d\\d-\\d\\d +slack:C0123ABCD +-$`),
    );
    assert.match(
      lines[2] ?? '',
      new RegExp(
        `^FAIL +${HOST}:${expired.port} +-3 +\\d{4}-\\d\\d-\\d\\d +wecom-robot:ops,slack:C0123ABCD +CERT_EXPIRED: `,
      ),
    );
    assert.equal(lines[3], '');
    assert.match(lines[4] ?? '', /^Summary: 2 targets: 1 ok · 1 fail$/);
  });
});
