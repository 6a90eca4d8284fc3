/**
 * Watch results for /metrics: real probe results (HTTP, TLS and DNS servers on loopback) made
 * into snapshots, kept in a real Redis, and exported in blackbox_exporter's names at scrape time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { registerWatchResults } from '../src/app/watch-metrics.js';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import { probeDns } from '../src/probes/dns/index.js';
import { probeHttp } from '../src/probes/http/index.js';
import type { AnyProbeResult } from '../src/probes/index.js';
import { createLastResults } from '../src/store/last-results.js';
import { HTTP_PHASES, type ResultSnapshot, snapshotOf } from '../src/store/result-snapshot.js';
import { latestResults } from '../src/watch/latest.js';
import { createWatchStore } from '../src/watch/store.js';
import { DnsServer } from './fixtures/dns-server.js';
import { startHttpServer } from './fixtures/http-server.js';
import { bundle, goodChain, issue } from './fixtures/pki.js';
import { sampleOf, seriesOf } from './fixtures/promql.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { startTlsServer } from './fixtures/tls-server.js';

const loopback = async () => [{ address: '127.0.0.1', family: 4 as const }];

let redis: TestRedis;
let client: Redis;
let prefixes = 0;
before(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
});
after(async () => {
  client.disconnect();
  await redis.close();
});

/** A registry exporting exactly these snapshots. */
async function scrape(snapshots: ResultSnapshot[]): Promise<string> {
  const registry = new Registry();
  registerWatchResults(registry, async () => snapshots);
  return registry.metrics();
}

async function httpResult(status: number): Promise<AnyProbeResult> {
  const server = await startHttpServer((_req, res) => res.writeHead(status).end('answer'));
  try {
    return (await probeHttp(
      { url: server.url('/health'), resolve: [] },
      createContext({ timeoutMs: 5000, lookup: loopback }),
    )) as AnyProbeResult;
  } finally {
    await server.close();
  }
}

describe('snapshots of real results, exported in blackbox names', () => {
  test('an http watch answered 502: probe_success 0 with its target, the status and every phase', async () => {
    const result = await httpResult(502);
    assert.equal(result.status, 'fail');
    const snap = snapshotOf('http:1', result, 'eu-west', Date.now());
    const text = await scrape([snap]);
    const labels = { target: result.target, kind: 'http', region: 'eu-west' };
    assert.match(result.target, /^http:\/\/127\.0\.0\.1:\d+\/health$/);
    assert.equal(sampleOf(text, 'probe_success', labels), 0);
    assert.equal(sampleOf(text, 'probe_http_status_code', labels), 502);
    assert.equal(sampleOf(text, 'probe_duration_seconds', labels), result.durationMs / 1000);
    for (const phase of HTTP_PHASES) {
      const v = sampleOf(text, 'probe_http_duration_seconds', { ...labels, phase });
      assert.ok(v !== undefined && v >= 0, `${phase}: ${v}`);
    }
    // An IP literal is not looked up: the resolve phase is 0, as blackbox reports it.
    assert.equal(sampleOf(text, 'probe_dns_lookup_time_seconds', labels), 0);
    assert.deepEqual(seriesOf(text, 'probe_ssl_earliest_cert_expiry'), []);
  });

  test('an http watch answered 200: probe_success 1', async () => {
    const result = await httpResult(200);
    const text = await scrape([snapshotOf('http:2', result, 'default', Date.now())]);
    const labels = { target: result.target, kind: 'http', region: 'default' };
    assert.equal(sampleOf(text, 'probe_success', labels), 1);
    assert.equal(sampleOf(text, 'probe_http_status_code', labels), 200);
  });

  test('a cert watch: the earliest notAfter over the chain sent (the intermediate, here)', async () => {
    const { root, intermediate, leaf } = goodChain('localhost', {
      intermediate: { notAfter: new Date(Date.now() + 20 * 86_400_000) },
    });
    const server = await startTlsServer({
      keyPem: leaf.keyPem,
      chainPem: bundle(leaf, intermediate),
    });
    try {
      const result = (await probeCert(
        { host: 'localhost', port: server.port, warnDays: 30, checkRevocation: false },
        createContext({ timeoutMs: 5000, extraCaPem: [root.certPem], lookup: loopback }),
      )) as AnyProbeResult;
      assert.equal(result.status, 'warn', JSON.stringify(result.findings));
      const text = await scrape([snapshotOf(result.target, result, 'default', Date.now())]);
      const labels = { target: `localhost:${server.port}`, kind: 'cert', region: 'default' };
      assert.equal(
        sampleOf(text, 'probe_success', labels),
        1,
        'expiring soon is a warning, not down',
      );
      assert.equal(
        sampleOf(text, 'probe_ssl_earliest_cert_expiry', labels),
        Math.floor(intermediate.cert.validity.notAfter.getTime() / 1000),
      );
      assert.deepEqual(seriesOf(text, 'probe_http_status_code'), []);
    } finally {
      await server.close();
    }
  });

  test('a cert watch whose server is self-signed: probe_success 0, its expiry still known', async () => {
    const self = issue({ cn: 'localhost', sans: ['localhost'] });
    const server = await startTlsServer({ keyPem: self.keyPem, chainPem: self.certPem });
    try {
      const result = (await probeCert(
        { host: 'localhost', port: server.port, warnDays: 30, checkRevocation: false },
        createContext({ timeoutMs: 5000, lookup: loopback }),
      )) as AnyProbeResult;
      const text = await scrape([snapshotOf(result.target, result, 'default', Date.now())]);
      const labels = { target: `localhost:${server.port}`, kind: 'cert', region: 'default' };
      assert.equal(sampleOf(text, 'probe_success', labels), 0);
      assert.equal(
        sampleOf(text, 'probe_ssl_earliest_cert_expiry', labels),
        Math.floor(self.cert.validity.notAfter.getTime() / 1000),
      );
    } finally {
      await server.close();
    }
  });

  test('a dns watch: the slowest resolver is the lookup time; one not answering fails it', async () => {
    const zone = { 'api.wx.test': [{ type: 'A' as const, data: '192.0.2.1' }] };
    const [good, silent] = await Promise.all([
      new DnsServer({ zone }).start(),
      new DnsServer({ zone, mode: 'silent' }).start(),
    ]);
    try {
      const result = (await probeDns(
        { name: 'api.wx.test', type: 'A', resolvers: [good.resolver, silent.resolver] },
        createContext({ timeoutMs: 500 }),
      )) as AnyProbeResult;
      assert.equal(result.probe, 'dns');
      const slowest = Math.max(
        ...(result.probe === 'dns' ? result.detail.resolvers.map((r) => r.timeMs) : []),
      );
      const text = await scrape([snapshotOf('dns:api.wx.test', result, 'default', Date.now())]);
      const labels = { target: result.target, kind: 'dns', region: 'default' };
      assert.equal(sampleOf(text, 'probe_success', labels), result.status === 'fail' ? 0 : 1);
      assert.equal(sampleOf(text, 'probe_dns_lookup_time_seconds', labels), slowest / 1000);
      assert.ok(slowest >= 400, `the silent resolver timed out: ${slowest}`);
    } finally {
      await Promise.all([good.close(), silent.close()]);
    }
  });

  test('resolvers that disagree fail a dns watch (what it is there to catch); an expiring certificate does not', async () => {
    const [a, b] = await Promise.all([
      new DnsServer({
        zone: { 'api.wx.test': [{ type: 'A' as const, data: '192.0.2.1' }] },
      }).start(),
      new DnsServer({
        zone: { 'api.wx.test': [{ type: 'A' as const, data: '198.51.100.7' }] },
      }).start(),
    ]);
    try {
      const result = (await probeDns(
        { name: 'api.wx.test', type: 'A', resolvers: [a.resolver, b.resolver] },
        createContext({ timeoutMs: 2000 }),
      )) as AnyProbeResult;
      assert.ok(
        result.findings.some((f) => f.code === 'DNS_INCONSISTENT' && f.severity === 'warn'),
        JSON.stringify(result.findings),
      );
      assert.equal(result.status, 'warn');
      assert.equal(snapshotOf('dns:api.wx.test', result, 'default', Date.now()).success, false);
      const expiring = { ...result, findings: [{ ...result.findings[0], code: 'CERT_EXPIRING' }] };
      assert.equal(
        snapshotOf('x', expiring as AnyProbeResult, 'default', Date.now()).success,
        true,
        'another warning leaves the probe successful',
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a very long target is cut: label values stay bounded', async () => {
    const result = await httpResult(200);
    const long = { ...result, target: `https://example.test/${'a'.repeat(5000)}` };
    const snap = snapshotOf('long', long as AnyProbeResult, 'default', 0);
    assert.equal(snap.target.length, 256);
    assert.ok(snap.target.endsWith('…'));
  });
});

describe('the last-results store in Redis', () => {
  const snap = (id: string, region: string, success = true): ResultSnapshot => ({
    id,
    kind: 'cert',
    target: id,
    region,
    success,
    checkedAt: 1,
    durationSeconds: 0.1,
  });

  test('one snapshot per watch and region, replaced by the next; forget drops every region', async () => {
    const store = createLastResults(client, { prefix: `{lr${++prefixes}}` });
    assert.equal(await store.record(snap('a.test:443', 'eu')), true);
    assert.equal(await store.record(snap('a.test:443', 'cn')), true);
    assert.equal(await store.record(snap('a.test:443', 'eu', false)), true);
    assert.equal(await store.record(snap('b.test:443', 'eu')), true);
    const all = await store.all();
    assert.equal(all.length, 3);
    assert.equal(all.find((s) => s.id === 'a.test:443' && s.region === 'eu')?.success, false);

    assert.equal(await store.forget(['a.test:443']), 2);
    assert.deepEqual(
      (await store.all()).map((s) => `${s.region} ${s.id}`),
      ['eu b.test:443'],
    );
  });

  test('bounded: a new field past the limit is refused, a known one still replaced', async () => {
    const store = createLastResults(client, { prefix: `{lr${++prefixes}}`, maxEntries: 2 });
    assert.equal(await store.record(snap('a', 'default')), true);
    assert.equal(await store.record(snap('b', 'default')), true);
    assert.equal(await store.record(snap('c', 'default')), false);
    assert.equal(await store.record(snap('a', 'default', false)), true);
    const all = await store.all();
    assert.deepEqual(all.map((s) => s.id).sort(), ['a', 'b']);
    assert.equal(all.find((s) => s.id === 'a')?.success, false);
  });

  test('a removed watch: its series disappear from the scrape and its snapshot from Redis', async () => {
    const prefix = `{lr${++prefixes}}`;
    const watches = createWatchStore(client, { prefix });
    const results = createLastResults(client, { prefix });
    for (const id of ['kept.test:443', 'gone.test:443']) {
      const host = id.split(':')[0] as string;
      await watches.put(
        {
          id,
          host,
          port: 443,
          days: [30],
          to: [],
          source: 'file',
          lang: 'en',
          ref: id,
        },
        0,
      );
      await results.record(snap(id, 'default', false));
    }
    const registry = new Registry();
    registerWatchResults(registry, latestResults(client, prefix));
    const before = await registry.metrics();
    assert.equal(seriesOf(before, 'probe_success').length, 2);

    await watches.remove('gone.test:443');
    const after = await registry.metrics();
    assert.deepEqual(seriesOf(after, 'probe_success', { target: 'gone.test:443' }), []);
    assert.equal(sampleOf(after, 'probe_success', labelsOf('kept.test:443')), 0);
    assert.deepEqual(
      (await results.all()).map((s) => s.id),
      ['kept.test:443'],
    );
  });

  test('Redis not answering: the series are missing, the scrape is not held up', async () => {
    const registry = new Registry();
    registerWatchResults(registry, () => new Promise(() => {}), { timeoutMs: 100 });
    const text = await registry.metrics();
    assert.deepEqual(seriesOf(text, 'probe_success'), []);
    assert.match(text, /^# TYPE probe_success gauge$/m);
  });

  test('the gauges stop when told to', async () => {
    const registry = new Registry();
    const stop = registerWatchResults(registry, async () => [snap('x', 'default')]);
    assert.equal(seriesOf(await registry.metrics(), 'probe_success').length, 1);
    stop();
    assert.doesNotMatch(await registry.metrics(), /probe_/);
  });
});

function labelsOf(target: string) {
  return { target, kind: 'cert', region: 'default' };
}
