/** Metrics from real probe results (TLS and HTTP servers on loopback) and a real BullMQ queue. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { createMetrics } from '../src/app/metrics.js';
import { probeCert } from '../src/probes/cert/index.js';
import { createContext } from '../src/probes/context.js';
import { probeHttp } from '../src/probes/http/index.js';
import type { CertResult, HttpResult } from '../src/probes/index.js';
import type { LookupFn } from '../src/probes/types.js';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { regionJobCounts } from '../src/queue/job-counts.js';
import { createWorkerBeats } from '../src/store/worker-beats.js';
import { startHttpServer } from './fixtures/http-server.js';
import { bundle, days, type Issued, issue, rsaKeyPem } from './fixtures/pki.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';
import { type RunningServer, startTlsServer } from './fixtures/tls-server.js';

const loopback: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];
const key = rsaKeyPem();
const root = issue({ cn: 'wxdoctor Metrics Root', ca: true, notAfter: days(3650) });

function ctx() {
  return createContext({ timeoutMs: 5000, extraCaPem: [root.certPem], lookup: loopback });
}

function leafOf(issuer: Issued, notAfter: Date, notBefore = days(-1)): Issued {
  return issue({ cn: 'localhost', sans: ['localhost'], issuer, keyPem: key, notAfter, notBefore });
}

/** Value of one sample in exposition text; undefined when the series is absent. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const servers: RunningServer[] = [];
async function serveCert(chain: Issued[]): Promise<number> {
  const server = await startTlsServer({ keyPem: key, chainPem: bundle(...chain) });
  servers.push(server);
  return server.port;
}

async function probe(port: number): Promise<CertResult> {
  const r = await probeCert(
    { host: 'localhost', port, warnDays: 30, checkRevocation: false, checkLegacy: false },
    ctx(),
  );
  return r as CertResult;
}

after(() => Promise.all(servers.map((s) => s.close())));

describe('observeProbe: cert results', () => {
  test('earliest expiry is the intermediate when it expires before the leaf', async () => {
    const intermediate = issue({
      cn: 'Short Intermediate',
      ca: true,
      issuer: root,
      notAfter: days(20),
    });
    const leaf = leafOf(intermediate, days(90));
    const port = await serveCert([leaf, intermediate]);
    const result = await probe(port);
    assert.equal(result.detail.chain.length, 2);

    const metrics = createMetrics();
    metrics.observeProbe(result);
    const text = await metrics.render();
    const expected = Math.floor(intermediate.cert.validity.notAfter.getTime() / 1000);
    assert.equal(
      sample(text, 'wx_probe_ssl_earliest_cert_expiry', { host: `localhost:${port}` }),
      expected,
    );
    assert.ok(expected < Math.floor(leaf.cert.validity.notAfter.getTime() / 1000));
    assert.equal(sample(text, 'wx_probe_duration_seconds_count', { probe: 'cert' }), 1);
    assert.equal(
      sample(text, 'wx_findings_total', { code: 'INTERMEDIATE_EXPIRING' }),
      1,
      JSON.stringify(result.findings),
    );
    assert.match(text, /# TYPE wx_probe_ssl_earliest_cert_expiry gauge/);
  });

  test('earliest expiry is the leaf when it expires first; an expired leaf is counted', async () => {
    const intermediate = issue({
      cn: 'Long Intermediate',
      ca: true,
      issuer: root,
      notAfter: days(1825),
    });
    const expired = leafOf(intermediate, days(-2), days(-60));
    const port = await serveCert([expired, intermediate]);
    const result = await probe(port);

    const metrics = createMetrics();
    metrics.observeProbe(result);
    metrics.observeProbe(result);
    const text = await metrics.render();
    assert.equal(
      sample(text, 'wx_probe_ssl_earliest_cert_expiry', { host: `localhost:${port}` }),
      Math.floor(expired.cert.validity.notAfter.getTime() / 1000),
    );
    assert.equal(sample(text, 'wx_findings_total', { code: 'CERT_EXPIRED' }), 2);
    assert.equal(sample(text, 'wx_probe_duration_seconds_count', { probe: 'cert' }), 2);
  });

  test('no certificate received: no expiry series, but the duration and findings', async () => {
    const refused = await startHttpServer((_req, res) => res.end());
    const port = refused.port;
    await refused.close();
    const result = await probe(port);
    assert.equal(result.detail.chain.length, 0);

    const metrics = createMetrics();
    metrics.observeProbe(result);
    const text = await metrics.render();
    assert.equal(sample(text, 'wx_probe_ssl_earliest_cert_expiry'), undefined);
    assert.equal(sample(text, 'wx_findings_total', { code: 'CONNECT_REFUSED' }), 1);
  });

  test('only the most recently probed hosts are kept (bounded label set)', async () => {
    const intermediate = issue({
      cn: 'Lru Intermediate',
      ca: true,
      issuer: root,
      notAfter: days(400),
    });
    const chain = [leafOf(intermediate, days(90)), intermediate];
    const [a, b] = await Promise.all([serveCert(chain), serveCert(chain)]);
    const [ra, rb] = await Promise.all([probe(a), probe(b)]);

    const metrics = createMetrics({ maxHosts: 1 });
    metrics.observeProbe(ra);
    metrics.observeProbe(rb);
    const text = await metrics.render();
    assert.equal(
      sample(text, 'wx_probe_ssl_earliest_cert_expiry', { host: `localhost:${a}` }),
      undefined,
    );
    assert.notEqual(
      sample(text, 'wx_probe_ssl_earliest_cert_expiry', { host: `localhost:${b}` }),
      undefined,
    );
  });
});

describe('observeProbe: http results', () => {
  test('duration by probe and findings by code', async () => {
    const server = await startHttpServer((_req, res) => {
      res.writeHead(503).end('down');
    });
    try {
      const result = (await probeHttp(
        { url: server.url('/'), resolve: [] },
        createContext({ timeoutMs: 5000, lookup: loopback }),
      )) as HttpResult;
      const metrics = createMetrics();
      metrics.observeProbe(result);
      const text = await metrics.render();
      assert.equal(sample(text, 'wx_probe_duration_seconds_count', { probe: 'http' }), 1);
      assert.equal(sample(text, 'wx_probe_duration_seconds_count', { probe: 'cert' }), undefined);
      for (const f of result.findings) {
        assert.ok((sample(text, 'wx_findings_total', { code: f.code }) ?? 0) >= 1, f.code);
      }
      assert.equal(sample(text, 'wx_findings_total', { code: 'HTTP_5XX' }), 1);
      const sum = sample(text, 'wx_probe_duration_seconds_sum', { probe: 'http' });
      assert.equal(sum, result.durationMs / 1000);
    } finally {
      await server.close();
    }
  });
});

describe('commands and process metrics', () => {
  test('commands by platform and command; unknown names share one label value', async () => {
    const metrics = createMetrics();
    metrics.recordCommand('slack', 'cert');
    metrics.recordCommand('slack', 'cert');
    metrics.recordCommand('slack', 'rm -rf /');
    metrics.recordCommand('slack', 'drop-table');
    const text = await metrics.render();
    assert.equal(sample(text, 'wx_commands_total', { platform: 'slack', command: 'cert' }), 2);
    assert.equal(sample(text, 'wx_commands_total', { platform: 'slack', command: 'unknown' }), 2);
    assert.doesNotMatch(text, /rm -rf/);
    assert.notEqual(sample(text, 'process_cpu_user_seconds_total'), undefined);
  });
});

describe('wx_queue_jobs from BullMQ at scrape time', () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis.close());

  test('counts by queue and state; a queue that does not answer is left out, not waited for', async () => {
    const prefix = `{metrics-${process.pid}}`;
    const queue = new Queue('probe', { connection: { url: redis.url }, prefix });
    try {
      await queue.add('probe', { n: 1 });
      await queue.add('probe', { n: 2 });
      await queue.add('probe', { n: 3 }, { delay: 60_000 });
      const metrics = createMetrics({ jobCountTimeoutMs: 200 });
      const stop = metrics.countJobs([
        queue,
        { name: 'stuck', getJobCounts: () => new Promise(() => {}) },
      ]);
      const started = Date.now();
      const text = await metrics.render();
      assert.ok(Date.now() - started < 2000);
      assert.equal(sample(text, 'wx_queue_jobs', { queue: 'probe', state: 'waiting' }), 2);
      assert.equal(sample(text, 'wx_queue_jobs', { queue: 'probe', state: 'delayed' }), 1);
      assert.equal(sample(text, 'wx_queue_jobs', { queue: 'stuck' }), undefined);

      await queue.add('probe', { n: 4 });
      assert.equal(
        sample(await metrics.render(), 'wx_queue_jobs', { queue: 'probe', state: 'waiting' }),
        3,
      );
      stop();
      assert.equal(sample(await metrics.render(), 'wx_queue_jobs', { queue: 'probe' }), undefined);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  test("each region's probe queue (probe@REGION) is counted, regions read from the heartbeats", async () => {
    const prefix = `{metrics-regions-${process.pid}}`;
    const connection = createQueueConnection(redis.url, 'worker');
    const east = new Queue('probe@east', { connection, prefix });
    const regional = regionJobCounts(
      async () => (await createWorkerBeats(connection, { prefix }).all()).map((b) => b.region),
      { connection, prefix },
    );
    try {
      await east.add('probe', { n: 1 });
      await east.add('probe', { n: 2 });
      const metrics = createMetrics({ jobCountTimeoutMs: 2000, defaultMetrics: false });
      metrics.countJobs(() => regional.list());
      // No heartbeat yet: no region known, nothing counted.
      assert.equal(
        sample(await metrics.render(), 'wx_queue_jobs', { queue: 'probe@east' }),
        undefined,
      );
      const beats = createWorkerBeats(connection, { prefix });
      const beat = { host: 'h', pid: 1, version: 'v', lastSeen: Date.now() };
      await beats.beat({ ...beat, region: 'east' });
      await beats.beat({ ...beat, region: 'north' });
      const text = await metrics.render();
      assert.equal(sample(text, 'wx_queue_jobs', { queue: 'probe@east', state: 'waiting' }), 2);
      assert.equal(sample(text, 'wx_queue_jobs', { queue: 'probe@north', state: 'waiting' }), 0);
    } finally {
      await east.obliterate({ force: true });
      await east.close();
      await regional.close();
      await quit(connection);
    }
  });
});
