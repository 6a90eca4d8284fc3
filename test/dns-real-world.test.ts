/**
 * Real-world DNS cases through `wx dns --json`, each resolver a local DNS server: sinkholed
 * answers, CNAME loops, and a name that exists on one resolver and not on another.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { findingHint } from '../src/i18n/findings.js';
import { analyse } from '../src/probes/dns/compare.js';
import { isPublicName, sinkholeKind } from '../src/probes/dns/sinkhole.js';
import { DnsServer, type Zone } from './fixtures/dns-server.js';
import { wx } from './fixtures/wx.js';

interface Finding {
  code: string;
  severity: string;
  message: string;
  hint: string;
}
interface Result {
  status: string;
  findings: Finding[];
  detail: { resolvers: Array<{ rcode: string | null; cnameChain: string[] }> };
}

const servers: DnsServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** `wx dns <name> --json`, one local resolver per zone. */
async function dns(
  name: string,
  zones: Zone[],
  type = 'A',
): Promise<{ code: number | null; result: Result; ports: string[] }> {
  const started = await Promise.all(zones.map((zone) => new DnsServer({ zone }).start()));
  servers.push(...started);
  const ports = started.map((s) => `127.0.0.1:${s.port}`);
  const r = await wx([
    'dns',
    name,
    '--type',
    type,
    ...ports.flatMap((p) => ['--resolver', p]),
    '--json',
  ]);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON document, got: ${r.stdout}${r.stderr}`);
  return { code: r.code, result: JSON.parse(lines[0] ?? '') as Result, ports };
}

function codes(r: Result): string[] {
  return r.findings.map((f) => f.code);
}

function only(r: Result, code: string): Finding {
  const found = r.findings.filter((f) => f.code === code);
  assert.equal(found.length, 1, `${code} in ${JSON.stringify(r.findings)}`);
  return found[0] as Finding;
}

const PUBLIC_V4 = '93.184.215.14';

describe('DNS_SINKHOLE', () => {
  it('every resolver answers 0.0.0.0 for a public name: fail', async () => {
    const zone: Zone = { 'api.example.com': [{ type: 'A', data: '0.0.0.0' }] };
    const { result, code } = await dns('api.example.com', [zone, zone]);
    assert.deepEqual(codes(result), ['DNS_SINKHOLE']);
    const f = only(result, 'DNS_SINKHOLE');
    assert.equal(f.severity, 'fail');
    assert.match(f.message, /says 0\.0\.0\.0 for api\.example\.com: unspecified address/);
    assert.match(f.message, /No resolver asked gives a routable address/);
    assert.equal(code, 2);
  });

  it('one resolver answers 127.0.0.1 while another answers routably: warn, and not called GeoDNS', async () => {
    const { result, code, ports } = await dns('api.example.com', [
      { 'api.example.com': [{ type: 'A', data: '127.0.0.1' }] },
      { 'api.example.com': [{ type: 'A', data: PUBLIC_V4 }] },
    ]);
    assert.deepEqual(codes(result), ['DNS_SINKHOLE']);
    const f = only(result, 'DNS_SINKHOLE');
    assert.equal(f.severity, 'warn');
    assert.ok(f.message.startsWith(`${ports[0]} says 127.0.0.1 for api.example.com: loopback`));
    assert.match(f.message, new RegExp(`${ports[1]} says ${PUBLIC_V4}, so the record is fine`));
    assert.equal(code, 1);
  });

  it('AAAA :: (and through a CNAME) is a sinkhole too', async () => {
    const { result } = await dns(
      'www.example.com',
      [
        {
          'www.example.com': [{ type: 'CNAME', data: 'edge.example.net' }],
          'edge.example.net': [{ type: 'AAAA', data: '::' }],
        },
      ],
      'AAAA',
    );
    assert.equal(only(result, 'DNS_SINKHOLE').severity, 'fail');
  });

  it('is not raised for special-use names, private answers or a set with a routable address', async () => {
    const cases: Array<[string, string[]]> = [
      ['api.example.test', ['127.0.0.1']],
      ['printer.local', ['169.254.10.1']],
      ['router.home.arpa', ['0.0.0.0']],
      ['intranet.example.com', ['10.1.2.3']],
      ['mixed.example.com', ['0.0.0.0', PUBLIC_V4]],
    ];
    for (const [name, addresses] of cases) {
      const zone: Zone = { [name]: addresses.map((data) => ({ type: 'A' as const, data })) };
      const { result } = await dns(name, [zone]);
      assert.deepEqual(codes(result), [], `${name}: ${JSON.stringify(result.findings)}`);
    }
  });

  it('classifies addresses and names', () => {
    for (const a of ['0.0.0.0', '::', '127.0.0.53', '::1', '::ffff:127.0.0.1', '169.254.169.254']) {
      assert.notEqual(sinkholeKind(a), null, a);
    }
    for (const a of [
      '10.0.0.1',
      '100.64.0.1',
      'fd00::1',
      '198.18.0.1',
      PUBLIC_V4,
      '2606:4700::1',
    ]) {
      assert.equal(sinkholeKind(a), null, a);
    }
    assert.equal(isPublicName('api.weixin.qq.com'), true);
    for (const n of [
      'localhost',
      'wpad',
      'a.localhost',
      'x.internal',
      'nas.lan',
      'ipv4only.arpa',
    ]) {
      assert.equal(isPublicName(n), false, n);
    }
  });
});

describe('DNS_CNAME_LOOP', () => {
  const LOOP: Zone = {
    'a.example.com': [{ type: 'CNAME', data: 'b.example.com' }],
    'b.example.com': [{ type: 'CNAME', data: 'a.example.com' }],
    'self.example.com': [{ type: 'CNAME', data: 'self.example.com' }],
  };

  it('a chain that returns to a name on it: DNS_CNAME_LOOP (fail), not DNS_NO_ANSWER', async () => {
    const { result, code } = await dns('a.example.com', [LOOP]);
    assert.deepEqual(codes(result), ['DNS_CNAME_LOOP']);
    const f = only(result, 'DNS_CNAME_LOOP');
    assert.equal(f.severity, 'fail');
    assert.match(
      f.message,
      /a\.example\.com → b\.example\.com → a\.example\.com \(RFC 1034 §3\.6\.2\)/,
    );
    assert.equal(code, 2);
  });

  it('a CNAME to itself is a loop', async () => {
    const { result } = await dns('self.example.com', [LOOP]);
    assert.match(only(result, 'DNS_CNAME_LOOP').message, /self\.example\.com → self\.example\.com/);
  });

  it('looping on one resolver only: a warning and a partial failure', async () => {
    const { result, ports } = await dns('a.example.com', [
      LOOP,
      { 'a.example.com': [{ type: 'A', data: PUBLIC_V4 }] },
    ]);
    assert.deepEqual(codes(result).sort(), ['DNS_CNAME_LOOP', 'DNS_PARTIAL_FAILURE']);
    assert.equal(only(result, 'DNS_CNAME_LOOP').severity, 'warn');
    assert.match(
      only(result, 'DNS_PARTIAL_FAILURE').message,
      new RegExp(`${ports[0]} \\(CNAME loop\\)`),
    );
  });
});

describe('DNS_CNAME_LOOP from a resolver that says SERVFAIL with the chain', () => {
  it('is named as the loop, not as a bare SERVFAIL', () => {
    const cname = (name: string, data: string) => ({ name, type: 'CNAME', ttl: 60, data });
    const answers = [
      cname('a.example.com', 'b.example.com'),
      cname('b.example.com', 'a.example.com'),
    ];
    const result = {
      resolver: '192.0.2.53',
      address: '192.0.2.53',
      port: 53,
      rcode: 'SERVFAIL',
      answers,
      cnameChain: ['b.example.com', 'a.example.com'],
      timeMs: 1,
      transport: 'udp' as const,
    };
    const findings = analyse({ name: 'a.example.com', type: 'A' }, [
      { outcome: 'response', result },
    ]);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['DNS_CNAME_LOOP'],
    );
    assert.match(findings[0]?.message ?? '', /192\.0\.2\.53 \(SERVFAIL\)/);
  });
});

describe('NXDOMAIN on some resolvers only', () => {
  it('says the name exists elsewhere and why it may be missing, never that it does not exist', async () => {
    const { result, ports } = await dns('new.example.com', [
      {},
      { 'new.example.com': [{ type: 'A', data: PUBLIC_V4 }] },
    ]);
    const f = only(result, 'DNS_NXDOMAIN');
    assert.equal(f.severity, 'warn');
    assert.doesNotMatch(f.message, /does not exist/);
    assert.match(
      f.message,
      new RegExp(
        `^${ports[0]} answered NXDOMAIN for new\\.example\\.com\\. ${ports[1]} answers it, so it exists there and is missing only here`,
      ),
    );
    assert.match(f.message, /stale negative cache, a split view, or a zone not yet propagated/);
    // The catalogue hint, so chat shows it in zh-CN too.
    assert.match(findingHint(f.hint, 'zh-CN'), /否定应答.*分区解析.*尚未同步/);
    assert.match(f.hint, /stale negative cache/);
  });

  it('a CNAME target missing on one resolver: no "does not exist" either', async () => {
    const { result } = await dns('www.example.com', [
      { 'www.example.com': [{ type: 'CNAME', data: 'cdn.example.net' }] },
      {
        'www.example.com': [{ type: 'CNAME', data: 'cdn.example.net' }],
        'cdn.example.net': [{ type: 'A', data: PUBLIC_V4 }],
      },
    ]);
    const f = only(result, 'DNS_NXDOMAIN');
    assert.doesNotMatch(f.message, /does not exist/);
    assert.match(
      f.message,
      /NXDOMAIN for cdn\.example\.net, the CNAME target of www\.example\.com/,
    );
  });

  it('NXDOMAIN everywhere still says the name does not exist', async () => {
    const { result } = await dns('gone.example.com', [{}, {}]);
    assert.match(only(result, 'DNS_NXDOMAIN').message, /^gone\.example\.com does not exist/);
  });
});
