import assert from 'node:assert/strict';
import dns from 'node:dns';
import { after, afterEach, describe, it } from 'node:test';
import { createContext } from '../src/probes/context.js';
import {
  type DnsSpec,
  normaliseDnsName,
  parseResolver,
  probeDns,
  type RecordType,
  type ResolverChoice,
} from '../src/probes/dns/index.js';
import type { FindingCode } from '../src/probes/findings.js';
import type { Finding } from '../src/probes/types.js';
import {
  DECOY_ADDRESS,
  DnsServer,
  type DnsServerOptions,
  type Zone,
} from './fixtures/dns-server.js';

const TIMEOUT_MS = 2000;
const SHORT_TIMEOUT_MS = 500;
/** How late past its deadline a probe may return (event-loop jitter on a busy machine). */
const SLACK_MS = 100;

const ZONE: Zone = {
  'wx.test': [
    { type: 'A', data: '192.0.2.1', ttl: 120 },
    { type: 'A', data: '192.0.2.2', ttl: 120 },
    { type: 'MX', data: { preference: 10, exchange: 'mx.wx.test' } },
    { type: 'TXT', data: ['v=spf1 ', 'include:wx.test -all'] },
    { type: 'CAA', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
    { type: 'NS', data: 'ns1.wx.test' },
  ],
  'v6.wx.test': [{ type: 'AAAA', data: '2001:db8::1', ttl: 60 }],
  'www.wx.test': [{ type: 'CNAME', data: 'cdn.wx.test', ttl: 600 }],
  'cdn.wx.test': [{ type: 'CNAME', data: 'edge.cdn.test', ttl: 30 }],
  'edge.cdn.test': [{ type: 'A', data: '198.51.100.7', ttl: 20 }],
  'dangling.wx.test': [{ type: 'CNAME', data: 'gone.wx.test' }],
};

const running: DnsServer[] = [];

async function servers(...options: DnsServerOptions[]): Promise<DnsServer[]> {
  const started = await Promise.all(options.map((o) => new DnsServer(o).start()));
  running.push(...started);
  return started;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

function spec(name: string, resolvers: DnsServer[], type: RecordType = 'A'): DnsSpec {
  return { name, type, resolvers: resolvers.map((s) => s.resolver) };
}

function probe(
  s: DnsSpec,
  timeoutMs = TIMEOUT_MS,
  extra: Parameters<typeof createContext>[0] = {},
) {
  return probeDns(s, createContext({ timeoutMs, ...extra }));
}

function codes(findings: Finding[]): FindingCode[] {
  return findings.map((f) => f.code).sort();
}

function only(findings: Finding[], code: FindingCode): Finding {
  const matching = findings.filter((f) => f.code === code);
  assert.equal(matching.length, 1, `one ${code} in ${JSON.stringify(findings, null, 2)}`);
  return matching[0] as Finding;
}

function label(s: DnsServer): string {
  return `127.0.0.1:${s.port}`;
}

describe('dns probe', () => {
  it('is ok when every resolver gives the same answer, and asks each one once with RD set', async () => {
    const all = await servers({ zone: ZONE }, { zone: ZONE }, { zone: ZONE });
    const r = await probe(spec('wx.test', all));
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.deepEqual(r.findings, []);
    assert.equal(r.probe, 'dns');
    assert.equal(r.target, 'wx.test');
    assert.equal(r.detail.resolvers.length, 3);
    for (const [i, res] of r.detail.resolvers.entries()) {
      const server = all[i] as DnsServer;
      assert.equal(res.resolver, label(server));
      assert.equal(res.rcode, 'NOERROR');
      assert.equal(res.transport, 'udp');
      assert.equal(res.error, undefined);
      assert.deepEqual(res.answers.map((a) => a.data).sort(), ['192.0.2.1', '192.0.2.2']);
      assert.equal(server.queries.length, 1);
      assert.deepEqual(server.queries[0], {
        ...server.queries[0],
        transport: 'udp',
        name: 'wx.test',
        type: 'A',
        recursionDesired: true,
      });
    }
  });

  it('reports TTLs and normalises the name it asks about', async () => {
    const [s] = await servers({ zone: ZONE });
    const r = await probe(spec('V6.WX.Test.', [s as DnsServer], 'AAAA'));
    assert.equal(r.target, 'v6.wx.test AAAA');
    assert.equal(r.detail.name, 'v6.wx.test');
    assert.equal(r.detail.type, 'AAAA');
    assert.deepEqual(r.detail.resolvers[0]?.answers, [
      { name: 'v6.wx.test', type: 'AAAA', ttl: 60, data: '2001:db8::1' },
    ]);
  });

  it('flags resolvers that disagree, naming who said what', async () => {
    const moved: Zone = { ...ZONE, 'wx.test': [{ type: 'A', data: '203.0.113.9' }] };
    const [a, b, c] = await servers({ zone: ZONE }, { zone: ZONE }, { zone: moved });
    const r = await probe(spec('wx.test', [a, b, c] as DnsServer[]));
    assert.equal(r.status, 'warn');
    assert.deepEqual(codes(r.findings), ['DNS_INCONSISTENT']);
    const msg = only(r.findings, 'DNS_INCONSISTENT').message;
    assert.match(msg, /192\.0\.2\.1, 192\.0\.2\.2/);
    assert.match(msg, /203\.0\.113\.9/);
    assert.ok(
      msg.includes(`${label(a as DnsServer)} and ${label(b as DnsServer)} say 192.0.2.1`),
      msg,
    );
    assert.ok(msg.includes(`${label(c as DnsServer)} says 203.0.113.9`), msg);
    assert.match(msg, /GeoDNS/);
  });

  it('compares answer sets ignoring order and TTL', async () => {
    const reordered: Zone = {
      'wx.test': [
        { type: 'A', data: '192.0.2.2', ttl: 5 },
        { type: 'A', data: '192.0.2.1', ttl: 3600 },
      ],
    };
    const all = await servers({ zone: ZONE }, { zone: reordered });
    const r = await probe(spec('wx.test', all));
    assert.deepEqual(r.findings, []);
    assert.deepEqual(
      r.detail.resolvers.map((x) => x.answers.map((a) => a.ttl)),
      [
        [120, 120],
        [5, 3600],
      ],
    );
  });

  it('counts a resolver with no record as disagreeing with one that has it', async () => {
    const empty: Zone = { 'wx.test': [{ type: 'NS', data: 'ns1.wx.test' }] };
    const [a, b] = await servers({ zone: ZONE }, { zone: empty });
    const r = await probe(spec('wx.test', [a, b] as DnsServer[]));
    assert.deepEqual(codes(r.findings), ['DNS_INCONSISTENT', 'DNS_NO_ANSWER']);
    assert.ok(
      only(r.findings, 'DNS_INCONSISTENT').message.includes(
        `${label(b as DnsServer)} says no A record`,
      ),
    );
    assert.ok(only(r.findings, 'DNS_NO_ANSWER').message.startsWith(label(b as DnsServer)));
  });

  it('gives a silent resolver DNS_TIMEOUT and DNS_PARTIAL_FAILURE, within the deadline', async () => {
    const [a, b, silent] = await servers({ zone: ZONE }, { zone: ZONE }, { mode: 'silent' });
    const t0 = performance.now();
    const r = await probe(spec('wx.test', [a, b, silent] as DnsServer[]), SHORT_TIMEOUT_MS);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed < SHORT_TIMEOUT_MS + SLACK_MS, `took ${elapsed} ms`);
    assert.equal(r.status, 'warn');
    assert.deepEqual(codes(r.findings), ['DNS_PARTIAL_FAILURE', 'DNS_TIMEOUT']);
    const timeout = only(r.findings, 'DNS_TIMEOUT');
    assert.equal(timeout.severity, 'warn');
    assert.ok(timeout.message.includes(label(silent as DnsServer)), timeout.message);
    const partial = only(r.findings, 'DNS_PARTIAL_FAILURE').message;
    assert.ok(
      partial.startsWith(
        `1 of 3 resolvers failed for wx.test: ${label(silent as DnsServer)} (no answer within`,
      ),
      partial,
    );
    assert.equal(silent?.queries.length, 1, 'the silent server did receive the query');
    const entry = r.detail.resolvers[2];
    assert.equal(entry?.rcode, null);
    assert.equal(entry?.error, 'timeout');
    assert.deepEqual(entry?.answers, []);
  });

  it('fails with one DNS_TIMEOUT naming every resolver when none answers', async () => {
    const all = await servers({ mode: 'silent' }, { mode: 'silent' });
    const t0 = performance.now();
    const r = await probe(spec('wx.test', all), SHORT_TIMEOUT_MS);
    assert.ok(performance.now() - t0 < SHORT_TIMEOUT_MS + SLACK_MS);
    assert.equal(r.status, 'fail');
    assert.deepEqual(codes(r.findings), ['DNS_TIMEOUT']);
    const f = only(r.findings, 'DNS_TIMEOUT');
    assert.equal(f.severity, 'fail');
    for (const s of all) assert.ok(f.message.includes(label(s)), f.message);
  });

  it('stops waiting when the caller aborts', async () => {
    const [silent] = await servers({ mode: 'silent' });
    const caller = new AbortController();
    const t0 = performance.now();
    const pending = probe(spec('wx.test', [silent as DnsServer]), 10_000, {
      signal: caller.signal,
    });
    await silent?.received(1);
    caller.abort();
    const r = await pending;
    assert.ok(performance.now() - t0 < 2000, 'returned long before the 10 s deadline');
    assert.deepEqual(codes(r.findings), ['DNS_TIMEOUT']);
  });

  it('fails fast on a port where nothing listens', async () => {
    const [gone] = await servers({ zone: ZONE });
    const resolver = (gone as DnsServer).resolver;
    await gone?.close();
    const t0 = performance.now();
    const r = await probeDns(
      { name: 'wx.test', type: 'A', resolvers: [resolver] },
      createContext({ timeoutMs: 5000 }),
    );
    assert.ok(performance.now() - t0 < 2000, 'ICMP port unreachable is reported, not waited out');
    assert.deepEqual(codes(r.findings), ['DNS_UNREACHABLE']);
    assert.match(r.detail.resolvers[0]?.error ?? '', /ECONNREFUSED/);
  });

  it('fails with DNS_NXDOMAIN when every resolver says the name does not exist', async () => {
    const all = await servers({ mode: 'nxdomain' }, { zone: ZONE });
    const r = await probe(spec('nope.wx.test', all));
    assert.equal(r.status, 'fail');
    assert.deepEqual(codes(r.findings), ['DNS_NXDOMAIN']);
    const f = only(r.findings, 'DNS_NXDOMAIN');
    assert.equal(f.severity, 'fail');
    assert.ok(f.message.startsWith('nope.wx.test does not exist'), f.message);
    for (const s of all) assert.ok(f.message.includes(label(s)), f.message);
    assert.deepEqual(
      r.detail.resolvers.map((x) => x.rcode),
      ['NXDOMAIN', 'NXDOMAIN'],
    );
  });

  it('reports NXDOMAIN from some resolvers as a partial failure', async () => {
    const [good, bad] = await servers({ zone: ZONE }, { mode: 'nxdomain' });
    const r = await probe(spec('wx.test', [good, bad] as DnsServer[]));
    assert.equal(r.status, 'warn');
    assert.deepEqual(codes(r.findings), ['DNS_NXDOMAIN', 'DNS_PARTIAL_FAILURE']);
    assert.equal(only(r.findings, 'DNS_NXDOMAIN').severity, 'warn');
    const partial = only(r.findings, 'DNS_PARTIAL_FAILURE').message;
    assert.ok(partial.includes(`${label(bad as DnsServer)} (NXDOMAIN)`), partial);
    assert.ok(partial.includes(`${label(good as DnsServer)} answered`), partial);
  });

  it('fails with DNS_SERVFAIL', async () => {
    const all = await servers({ mode: 'servfail' }, { mode: 'servfail' });
    const r = await probe(spec('wx.test', all, 'TXT'));
    assert.equal(r.status, 'fail');
    assert.deepEqual(codes(r.findings), ['DNS_SERVFAIL']);
    assert.ok(
      only(r.findings, 'DNS_SERVFAIL').message.endsWith('answered SERVFAIL for wx.test TXT.'),
    );
    assert.equal(r.detail.resolvers[0]?.rcode, 'SERVFAIL');
  });

  it('fails with DNS_REFUSED', async () => {
    const [s] = await servers({ mode: 'refused' });
    const r = await probe(spec('wx.test', [s as DnsServer]));
    assert.equal(r.status, 'fail');
    assert.deepEqual(codes(r.findings), ['DNS_REFUSED']);
    assert.equal(
      only(r.findings, 'DNS_REFUSED').message,
      `${label(s as DnsServer)} answered REFUSED for wx.test.`,
    );
  });

  it('warns DNS_NO_ANSWER when the name exists but has no record of the type', async () => {
    const all = await servers({ zone: ZONE }, { zone: ZONE });
    const r = await probe(spec('wx.test', all, 'AAAA'));
    assert.equal(r.status, 'warn');
    assert.deepEqual(codes(r.findings), ['DNS_NO_ANSWER']);
    assert.match(
      only(r.findings, 'DNS_NO_ANSWER').message,
      /answered NOERROR with no AAAA record for wx\.test/,
    );
    assert.deepEqual(
      r.detail.resolvers.map((x) => [x.rcode, x.answers.length]),
      [
        ['NOERROR', 0],
        ['NOERROR', 0],
      ],
    );
  });

  it('follows and reports the CNAME chain', async () => {
    const all = await servers({ zone: ZONE }, { zone: ZONE });
    const r = await probe(spec('www.wx.test', all));
    assert.deepEqual(r.findings, []);
    const entry = r.detail.resolvers[0];
    assert.deepEqual(entry?.cnameChain, ['cdn.wx.test', 'edge.cdn.test']);
    assert.deepEqual(entry?.answers, [
      { name: 'www.wx.test', type: 'CNAME', ttl: 600, data: 'cdn.wx.test' },
      { name: 'cdn.wx.test', type: 'CNAME', ttl: 30, data: 'edge.cdn.test' },
      { name: 'edge.cdn.test', type: 'A', ttl: 20, data: '198.51.100.7' },
    ]);
  });

  it('answers a CNAME question with the CNAME itself, not the chain', async () => {
    const [s] = await servers({ zone: ZONE });
    const r = await probe(spec('www.wx.test', [s as DnsServer], 'CNAME'));
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.detail.resolvers[0]?.cnameChain, []);
    assert.deepEqual(
      r.detail.resolvers[0]?.answers.map((a) => a.data),
      ['cdn.wx.test'],
    );
  });

  it('names the missing CNAME target when the chain ends in NXDOMAIN', async () => {
    const [s] = await servers({ zone: ZONE });
    const r = await probe(spec('dangling.wx.test', [s as DnsServer]));
    assert.equal(r.status, 'fail');
    const f = only(r.findings, 'DNS_NXDOMAIN');
    assert.match(
      f.message,
      /dangling\.wx\.test is a CNAME to a name that does not exist \(gone\.wx\.test\)/,
    );
    assert.match(f.hint, /gone\.wx\.test/);
    assert.deepEqual(r.detail.resolvers[0]?.cnameChain, ['gone.wx.test']);
  });

  it('writes record data as zone-file text', async () => {
    const [s] = await servers({ zone: ZONE });
    const data = async (type: RecordType) =>
      (await probe(spec('wx.test', [s as DnsServer], type))).detail.resolvers[0]?.answers.map(
        (a) => a.data,
      );
    assert.deepEqual(await data('MX'), ['10 mx.wx.test']);
    assert.deepEqual(await data('TXT'), ['v=spf1 include:wx.test -all']);
    assert.deepEqual(await data('CAA'), ['0 issue "letsencrypt.org"']);
    assert.deepEqual(await data('NS'), ['ns1.wx.test']);
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    const [s] = await servers({ zone: ZONE, mode: 'truncate' });
    const r = await probe(spec('wx.test', [s as DnsServer]));
    assert.deepEqual(r.findings, []);
    const entry = r.detail.resolvers[0];
    assert.equal(entry?.transport, 'tcp');
    assert.deepEqual(entry?.answers.map((a) => a.data).sort(), ['192.0.2.1', '192.0.2.2']);
    assert.deepEqual(
      s?.queries.map((q) => q.transport),
      ['udp', 'tcp'],
    );
  });

  it('ignores responses with another id or another question', async () => {
    const [s] = await servers({ zone: ZONE, decoys: true });
    const r = await probe(spec('wx.test', [s as DnsServer]));
    assert.deepEqual(r.findings, []);
    const data = r.detail.resolvers[0]?.answers.map((a) => a.data) ?? [];
    assert.ok(!data.includes(DECOY_ADDRESS), `accepted a decoy: ${data}`);
    assert.deepEqual(data.sort(), ['192.0.2.1', '192.0.2.2']);
  });

  it('produces a result that survives a JSON round trip', async () => {
    const [a, b, silent] = await servers({ zone: ZONE }, { mode: 'nxdomain' }, { mode: 'silent' });
    const r = await probe(spec('www.wx.test', [a, b, silent] as DnsServer[]), SHORT_TIMEOUT_MS);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), r);
  });

  it('refuses a loopback resolver under the address guard without sending to it', async () => {
    const [s] = await servers({ zone: ZONE });
    const r = await probe(spec('wx.test', [s as DnsServer]), TIMEOUT_MS, {
      policy: { denyPrivate: true, allow: [] },
    });
    assert.equal(r.status, 'error');
    assert.deepEqual(codes(r.findings), ['ADDRESS_BLOCKED']);
    assert.ok(only(r.findings, 'ADDRESS_BLOCKED').message.includes(label(s as DnsServer)));
    assert.match(
      r.detail.resolvers[0]?.error ?? '',
      /^refused by address guard: 127\.0\.0\.1 is in a loopback range/,
    );
    assert.equal(r.detail.resolvers[0]?.rcode, null);
    assert.equal(s?.queries.length, 0);
  });

  it('lets an allow-listed loopback resolver through the guard', async () => {
    const [s] = await servers({ zone: ZONE });
    const r = await probe(spec('wx.test', [s as DnsServer]), TIMEOUT_MS, {
      policy: { denyPrivate: true, allow: ['127.0.0.0/8'] },
    });
    assert.equal(r.status, 'ok', JSON.stringify(r.findings));
    assert.equal(s?.queries.length, 1);
  });

  describe('the system resolver', () => {
    const original = dns.getServers();
    after(() => dns.setServers(original));

    it('is the first configured nameserver, labelled as such, and exempt from the guard', async () => {
      const [s] = await servers({ zone: ZONE });
      // Point "system" at the loopback fixture, so nothing leaves the machine.
      dns.setServers([`127.0.0.1:${s?.port}`]);
      const resolvers: ResolverChoice[] = ['system'];
      const r = await probeDns(
        { name: 'wx.test', type: 'A', resolvers },
        createContext({ timeoutMs: TIMEOUT_MS, policy: { denyPrivate: true, allow: [] } }),
      );
      assert.equal(r.status, 'ok', JSON.stringify(r.findings));
      assert.equal(r.detail.resolvers[0]?.resolver, `system (127.0.0.1:${s?.port})`);
      assert.equal(s?.queries.length, 1);
    });
  });

  it('reports a bad name as PROBE_ERROR instead of throwing', async () => {
    const [s] = await servers({ zone: ZONE });
    const r = await probe(spec('bad..name', [s as DnsServer]));
    assert.equal(r.status, 'error');
    assert.deepEqual(codes(r.findings), ['PROBE_ERROR']);
    assert.match(only(r.findings, 'PROBE_ERROR').message, /empty label/);
    assert.equal(s?.queries.length, 0);
  });
});

describe('normaliseDnsName', () => {
  it('lower-cases, drops the trailing dot and converts IDNs to punycode', () => {
    assert.equal(normaliseDnsName('API.Example.COM.'), 'api.example.com');
    assert.equal(normaliseDnsName('_dmarc.example.com'), '_dmarc.example.com');
    assert.equal(normaliseDnsName('Bücher.example'), 'xn--bcher-kva.example');
    assert.equal(normaliseDnsName('.'), '');
  });

  it('rejects names DNS cannot carry', () => {
    assert.throws(() => normaliseDnsName(''), /not a DNS name/);
    assert.throws(() => normaliseDnsName('a..b'), /empty label/);
    assert.throws(() => normaliseDnsName(`${'a'.repeat(64)}.com`), /longer than 63/);
    assert.throws(() => normaliseDnsName(`${'abcdefghi.'.repeat(26)}com`), /too long/);
    assert.throws(() => normaliseDnsName('bad name.com'), /may only hold/);
    assert.throws(() => normaliseDnsName('-lead.com'), /may only hold/);
  });
});

describe('parseResolver', () => {
  it('accepts IP, IP:PORT and [IPv6]:PORT', () => {
    assert.deepEqual(parseResolver('1.2.3.4'), { address: '1.2.3.4', port: 53 });
    assert.deepEqual(parseResolver(' 1.2.3.4:5353 '), { address: '1.2.3.4', port: 5353 });
    assert.deepEqual(parseResolver('[::1]:53'), { address: '::1', port: 53 });
    assert.deepEqual(parseResolver('[2400:3200::1]:5353'), { address: '2400:3200::1', port: 5353 });
    assert.deepEqual(parseResolver('2400:3200::1'), { address: '2400:3200::1', port: 53 });
  });

  it('rejects anything else with a clear message', () => {
    for (const junk of [
      '',
      'junk',
      'dns.google',
      '1.2.3',
      '1.2.3.4:',
      '1.2.3.4:0',
      '1.2.3.4:65536',
      '1.2.3.4:53x',
      '[1.2.3.4]:53',
      '[::1',
      '::1:53:',
    ]) {
      assert.throws(
        () => parseResolver(junk),
        /not a resolver address: .*want IP, IP:PORT or \[IPv6\]:PORT/,
        junk,
      );
    }
  });
});
